"""The codes and limits of the import format (``IMPORT_FORMAT.md``)."""

DOC_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "QC": "Quy chế",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "TT": "Thông tri",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "CV": "Công văn",
    "BC": "Báo cáo",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "TTr": "Tờ trình",
}
CONFIDENTIALITY = ("Mật", "Tối mật", "Tuyệt mật")
RELATION_TYPES = (
    "amends",
    "supplements",
    "replaces",
    "repeals",
    "guides",
    "suspends",
    "based_on",
    "cites",
    "related",
)
KINDS = ("regulation", "circular")

# Document types that become regulation pages when a line has no ``kind``.
REGULATION_DOC_TYPES = frozenset({"QC", "QĐi"})

MAX_LINE_CHARS = 16_000_000  # a 2,000,000-character body written as \uXXXX escapes fits
MAX_TAGS = 50
MAX_TAG_CHARS = 100
MAX_GROUPS = 50
MAX_GROUP_CHARS = 150  # django.contrib.auth Group.name
MAX_RELATIONS = 500
MAX_NUMBER_CHARS = 100

# Number, title and body limits come from the format; the other lengths match the model fields
# the importer fills (Issuer.code, PartyDocumentPage.signer / field).
MAX_TITLE_CHARS = 255
MAX_ISSUER_CHARS = 255
MAX_ISSUER_CODE_CHARS = 40
MAX_SIGNER_CHARS = 200
MAX_FIELD_CHARS = 200
MAX_SUMMARY_CHARS = 20_000
MAX_BODY_CHARS = 2_000_000
