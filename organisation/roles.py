"""The roles of the intranet, as Django groups (names are data shown to users)."""

from django.utils.translation import gettext_lazy as _

MEMBER = "Đảng viên"
EDITOR = "Biên tập viên"
REVIEWER = "Lãnh đạo phòng"
PUBLISHER = "Chánh Văn phòng"
ADMINISTRATOR = "Quản trị hệ thống"
STANDING_COMMITTEE = "Ban Thường vụ Tỉnh ủy"

OFFICE_ROLES = (EDITOR, REVIEWER, PUBLISHER, ADMINISTRATOR)
ALL_ROLES = (MEMBER, *OFFICE_ROLES, STANDING_COMMITTEE)

ROLE_DESCRIPTIONS = {
    MEMBER: _("Đọc, tìm kiếm văn bản, tin tức, tài liệu học tập (mọi tài khoản)"),
    EDITOR: _("Chuyên viên Văn phòng: soạn thảo, cập nhật, gửi duyệt"),
    REVIEWER: _("Lãnh đạo phòng: kiểm tra dự thảo, duyệt hoặc trả lại"),
    PUBLISHER: _("Chánh Văn phòng: duyệt lần cuối và xuất bản"),
    ADMINISTRATOR: _("Quản trị người dùng, nhóm, đơn vị, cấu trúc"),
    STANDING_COMMITTEE: _("Được đọc các văn bản mật dành cho Ban Thường vụ"),
}


def unit_editor_group_name(unit_code: str) -> str:
    return f"Biên tập đơn vị {unit_code}"
