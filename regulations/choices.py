"""Controlled vocabularies of the document library (DOMAIN.md §2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Validity(models.TextChoices):
    """Tình trạng hiệu lực, with the values vbpl.vn uses. Not publication state."""

    IN_FORCE = "in_force", _("Còn hiệu lực")
    NOT_YET = "not_yet", _("Chưa có hiệu lực")
    PARTLY_EXPIRED = "partly_expired", _("Hết hiệu lực một phần")
    EXPIRED = "expired", _("Hết hiệu lực toàn bộ")
    SUSPENDED = "suspended", _("Ngưng hiệu lực")
    PARTLY_SUSPENDED = "partly_suspended", _("Ngưng hiệu lực một phần")
    NOT_APPLICABLE = "not_applicable", _("Không còn phù hợp")
    UNKNOWN = "unknown", _("Chưa xác định")


NO_LONGER_IN_FORCE = {Validity.EXPIRED, Validity.SUSPENDED, Validity.NOT_APPLICABLE}


class Confidentiality(models.TextChoices):
    SECRET = "Mật", _("Mật")
    TOP_SECRET = "Tối mật", _("Tối mật")
    ABSOLUTE_SECRET = "Tuyệt mật", _("Tuyệt mật")


class Urgency(models.TextChoices):
    URGENT = "Khẩn", _("Khẩn")
    VERY_URGENT = "Thượng khẩn", _("Thượng khẩn")
    FLASH = "Hỏa tốc", _("Hỏa tốc")


class RelationType(models.TextChoices):
    AMENDS = "amends", _("Sửa đổi")
    SUPPLEMENTS = "supplements", _("Bổ sung")
    REPLACES = "replaces", _("Thay thế")
    REPEALS = "repeals", _("Bãi bỏ")
    GUIDES = "guides", _("Hướng dẫn, quy định chi tiết")
    SUSPENDS = "suspends", _("Đình chỉ")
    BASED_ON = "based_on", _("Căn cứ")
    CITES = "cites", _("Dẫn chiếu")
    RELATED = "related", _("Liên quan")


# How a relation reads from the target's side ("is amended by", ...).
PASSIVE_LABELS = {
    RelationType.AMENDS: _("Được sửa đổi bởi"),
    RelationType.SUPPLEMENTS: _("Được bổ sung bởi"),
    RelationType.REPLACES: _("Bị thay thế bởi"),
    RelationType.REPEALS: _("Bị bãi bỏ bởi"),
    RelationType.GUIDES: _("Được hướng dẫn bởi"),
    RelationType.SUSPENDS: _("Bị đình chỉ bởi"),
    RelationType.BASED_ON: _("Là căn cứ của"),
    RelationType.CITES: _("Được dẫn chiếu bởi"),
    RelationType.RELATED: _("Liên quan"),
}
