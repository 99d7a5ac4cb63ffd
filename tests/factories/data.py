"""Vietnamese sample values shared by the factories: names, subjects, dates, slugs.

Values are picked by the factory's sequence number, so a run is deterministic and two
objects made one after the other differ (names, subjects and dates rotate).
"""

import datetime
import unicodedata

from django.utils.text import slugify

FIRST_DAY = datetime.date(2024, 1, 2)
DAYS = 1090  # FIRST_DAY + DAYS - 1 is 2026-12-26: every default date falls in 2024–2026

# (family and middle names, given name): Django's get_full_name() reads "Phạm Thị Lan".
PEOPLE = [
    ("Nguyễn Văn", "An"),
    ("Trần Thị", "Bình"),
    ("Lê Hoàng", "Cường"),
    ("Phạm Thị", "Dung"),
    ("Hoàng Đức", "Hải"),
    ("Võ Thị", "Hạnh"),
    ("Đặng Quốc", "Khánh"),
    ("Bùi Thị", "Loan"),
    ("Đỗ Minh", "Tuấn"),
    ("Hồ Thị", "Xuân"),
]

SIGNERS = ["Hoàng Văn Nam", "Nguyễn Văn Thành", "Lê Quang Huy", "Trần Văn Minh"]

# Communes of the factories' units (none of them is a demo unit, so listings stay apart).
COMMUNES = [
    "Cát Ngạn",
    "Hạnh Lâm",
    "Lương Sơn",
    "Bích Hào",
    "Vân Du",
    "Giai Lạc",
    "Hùng Chân",
    "Tam Đồng",
    "Minh Hợp",
    "Đông Hiếu",
]
CLUSTER = "Cụm thi đua số 5 – các xã ven biển"

# How a title starts for each document type (regulations.import_format.DOC_TYPES).
TITLE_LEADS = {
    "QĐ": "Quyết định ban hành Quy định về",
    "QĐi": "Quy định về",
    "QC": "Quy chế về",
    "NQ": "Nghị quyết về",
    "CT": "Chỉ thị về",
    "KL": "Kết luận của Ban Thường vụ Tỉnh ủy về",
    "HD": "Hướng dẫn",
    "TT": "Thông tri về",
    "TB": "Thông báo về",
    "CV": "Về việc",
    "BC": "Báo cáo về",
    "KH": "Kế hoạch thực hiện",
    "CTr": "Chương trình",
    "TTr": "Tờ trình về",
}

# (subject, field of the library): read after a title lead ("Quy định về ...").
REGULATION_SUBJECTS = [
    ("công tác văn thư của Đảng bộ tỉnh", "Văn phòng - hành chính"),
    ("bảo vệ bí mật nhà nước trong các cơ quan, tổ chức đảng của tỉnh", "Bảo vệ bí mật"),
    ("chế độ thông tin, báo cáo của các cấp ủy trực thuộc Tỉnh ủy", "Văn phòng - hành chính"),
    ("quản lý và sử dụng con dấu trong các cơ quan đảng", "Văn phòng - hành chính"),
    ("công tác kiểm tra, giám sát của chi bộ", "Kiểm tra - giám sát"),
    ("phân cấp quản lý cán bộ thuộc diện Ban Thường vụ Tỉnh ủy quản lý", "Tổ chức - cán bộ"),
]
CIRCULAR_SUBJECTS = [
    ("thể thức và kỹ thuật trình bày văn bản của Đảng", "Văn phòng - hành chính"),
    ("kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên", "Tổ chức - cán bộ"),
    ("tiếp nhận, xử lý văn bản điện tử trên phần mềm quản lý văn bản", "Văn phòng - hành chính"),
    ("tổ chức sinh hoạt chi bộ định kỳ", "Tổ chức - cán bộ"),
    ("lập hồ sơ và nộp lưu hồ sơ, tài liệu vào Lưu trữ lịch sử", "Văn phòng - hành chính"),
]

NEWS_TITLES = [
    "Văn phòng Tỉnh ủy tập huấn nghiệp vụ văn thư, lưu trữ năm {year}",
    "Hội nghị sơ kết công tác chuyển đổi số trong các cơ quan Đảng năm {year}",
    "Trao Huy hiệu Đảng cho đảng viên các chi bộ trực thuộc đợt ngày {day}",
    "Chi bộ Văn phòng Tỉnh ủy sinh hoạt chuyên đề tháng {month}/{year}",
    "Ban Thường vụ Tỉnh ủy làm việc với các đảng bộ xã về công tác xây dựng Đảng",
]

MOVEMENT_THEMES = [
    "Dân vận khéo",
    "Chuyển đổi số trong các cơ quan Đảng",
    "Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau",
    "Thi đua đẩy mạnh cải cách hành chính, nâng cao chất lượng tham mưu",
]

STUDY_TITLES = [
    "Kế hoạch học tập, quán triệt Nghị quyết Hội nghị lần thứ mười một "
    "Ban Chấp hành Trung ương Đảng khóa XIII",
    "Kế hoạch học tập chuyên đề năm {year} “Học tập và làm theo tư tưởng, đạo đức, "
    "phong cách Hồ Chí Minh”",
    "Kế hoạch quán triệt Quy định về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên",
    "Kế hoạch tuyên truyền, học tập Nghị quyết Đại hội đại biểu Đảng bộ tỉnh",
]


def pick(values: list, n: int):
    return values[n % len(values)]


def date_for(n: int) -> datetime.date:
    """A date in 2024–2026 for sequence number ``n`` (53 days apart, all days reached)."""
    return FIRST_DAY + datetime.timedelta(days=(n * 53) % DAYS)


def ascii_slug(text: str, max_length: int = 80) -> str:
    """``"Quy định về công tác văn thư"`` -> ``"quy-dinh-ve-cong-tac-van-thu"``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = slugify(text)
    if len(slug) > max_length:  # cut between words
        slug = slug[: max_length + 1].rsplit("-", 1)[0]
    return slug


# --- StreamField bodies ---------------------------------------------------------------------


def regulation_body(subject: str) -> list[tuple[str, object]]:
    """A regulation's body in ``regulations.blocks.DocumentBodyBlock`` blocks."""
    return [
        ("paragraph", "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
        (
            "paragraph",
            "Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XX, nhiệm kỳ 2025 – 2030;",
        ),
        ("paragraph", "Xét đề nghị của Văn phòng Tỉnh ủy,"),
        ("chapter", {"number": "I", "title": "NHỮNG QUY ĐỊNH CHUNG"}),
        ("article", {"number": "1", "title": "Phạm vi điều chỉnh"}),
        ("paragraph", f"Quy định này quy định về {subject}."),
        ("article", {"number": "2", "title": "Đối tượng áp dụng"}),
        (
            "clause",
            {
                "number": "1",
                "text": "Các cơ quan tham mưu, giúp việc Tỉnh ủy; các đảng bộ trực thuộc Tỉnh ủy.",
            },
        ),
        ("clause", {"number": "2", "text": "Cán bộ, công chức, đảng viên có liên quan."}),
        ("chapter", {"number": "II", "title": "TỔ CHỨC THỰC HIỆN"}),
        ("article", {"number": "3", "title": "Trách nhiệm thi hành"}),
        (
            "clause",
            {"number": "1", "text": "Văn phòng Tỉnh ủy chủ trì theo dõi, hướng dẫn, kiểm tra."},
        ),
        ("point", {"number": "a", "text": "Tổng hợp kết quả, báo cáo Ban Thường vụ Tỉnh ủy."}),
        ("point", {"number": "b", "text": "Đề xuất sửa đổi, bổ sung khi cần thiết."}),
    ]


def circular_body(subject: str) -> list[tuple[str, object]]:
    """A guidance's body (I-, II-, III- headings) in ``DocumentBodyBlock`` blocks."""
    return [
        ("heading", {"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU"}),
        (
            "clause",
            {"number": "1", "text": f"Thống nhất trong toàn Đảng bộ tỉnh về {subject}."},
        ),
        (
            "clause",
            {
                "number": "2",
                "text": "Bảo đảm đúng quy định của Trung ương, phù hợp với thực tế của tỉnh.",
            },
        ),
        ("heading", {"number": "II", "title": "NỘI DUNG"}),
        ("clause", {"number": "1", "text": "Các cấp ủy quán triệt, triển khai đến chi bộ."}),
        ("point", {"number": "a", "text": "Phân công cán bộ theo dõi, đôn đốc thực hiện."}),
        ("point", {"number": "b", "text": "Định kỳ sơ kết, rút kinh nghiệm."}),
        ("heading", {"number": "III", "title": "TỔ CHỨC THỰC HIỆN"}),
        (
            "paragraph",
            "Các đảng bộ trực thuộc Tỉnh ủy báo cáo kết quả về Văn phòng Tỉnh ủy "
            "trước ngày 15 tháng 12 hằng năm.",
        ),
    ]


def news_body() -> list[tuple[str, object]]:
    """A news item's body in ``home.blocks.BodyBlock`` blocks (not repeating the title, so a
    test that edits the title finds no trace of the old one)."""
    return [
        (
            "paragraph",
            "<p>Tham dự có đại diện lãnh đạo Văn phòng Tỉnh ủy và các đồng chí bí thư "
            "chi bộ trực thuộc.</p>",
        ),
        ("heading", "Kết quả đạt được"),
        (
            "paragraph",
            "<p>Các đại biểu thống nhất những nhiệm vụ trọng tâm thời gian tới; "
            "phân công rõ người, rõ việc, rõ thời hạn.</p>",
        ),
    ]


def study_body() -> list[tuple[str, object]]:
    """A study plan's body in ``study.blocks.StudyBodyBlock`` blocks."""
    return [
        ("heading", "Mục đích, yêu cầu"),
        (
            "paragraph",
            "<p>Giúp cán bộ, đảng viên nắm vững nội dung cơ bản, tạo sự thống nhất "
            "về nhận thức và hành động.</p>",
        ),
        ("heading", "Hình thức"),
        (
            "paragraph",
            "<p>Học tập trực tiếp tại chi bộ; mỗi đảng viên viết bài thu hoạch.</p>",
        ),
        (
            "callout",
            {
                "title": "Lưu ý",
                "text": "<p>Đảng viên xác nhận đã học tập trên trang này trước hạn.</p>",
            },
        ),
    ]


def movement_criteria() -> list[tuple[str, object]]:
    """Criteria of an emulation movement (``emulation.models.CriterionBlock``), 100 points."""
    from decimal import Decimal

    return [
        (
            "criterion",
            {
                "name": "Lãnh đạo thực hiện nhiệm vụ chính trị",
                "max_score": Decimal("40"),
                "description": "Mức độ hoàn thành các chỉ tiêu được giao.",
            },
        ),
        (
            "criterion",
            {
                "name": "Công tác xây dựng Đảng",
                "max_score": Decimal("35"),
                "description": "Kết quả kiểm điểm, đánh giá, xếp loại tổ chức đảng.",
            },
        ),
        (
            "criterion",
            {
                "name": "Đổi mới, sáng tạo",
                "max_score": Decimal("25"),
                "description": "Cách làm mới được nhân rộng.",
            },
        ),
    ]
