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
KINDS = ("regulation", "circular", "state")

# State legal documents (văn bản của Nhà nước, DOMAIN.md §6): ``"kind": "state"`` lines take
# these codes. Eight of them are Party codes too, with another meaning (TT is a Party Thông
# tri but a state Thông tư; a Nghị quyết of the National Assembly is a law, not a Party
# resolution), so a state document's type is stored as ``type_key("state", code)``:
# "NN-TT", "NN-NQ" (NN: Nhà nước). One key, one meaning, in the library's and search's type
# facets, filters and labels; the import code is given back by ``import_code``.
STATE_DOC_TYPES: dict[str, str] = {
    "HP": "Hiến pháp",
    "BL": "Bộ luật",
    "L": "Luật",
    "PL": "Pháp lệnh",
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "CT": "Chỉ thị",
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CV": "Công văn",
}
STATE_KIND = "state"
STATE_TYPE_PREFIX = "NN-"
# Codes only the State uses: a line with one of them and no ``kind`` is a state document.
STATE_ONLY_DOC_TYPES = frozenset(STATE_DOC_TYPES) - frozenset(DOC_TYPES)


def type_key(kind: str, code: str) -> str:
    """The stored type of a document of ``kind`` with import code ``code``: "NN-TT"."""
    return STATE_TYPE_PREFIX + code if kind == STATE_KIND else code


def is_state_type(key: str) -> bool:
    return key.startswith(STATE_TYPE_PREFIX)


def import_code(key: str) -> str:
    """The import format's code of a stored type: "NN-TT" → "TT", "QĐi" → "QĐi"."""
    return key.removeprefix(STATE_TYPE_PREFIX)


# Every stored type and its name: what documents' ``doc_type`` holds and pages print.
TYPE_LABELS: dict[str, str] = DOC_TYPES | {
    type_key(STATE_KIND, code): name for code, name in STATE_DOC_TYPES.items()
}
_PARTY_NAMES = frozenset(DOC_TYPES.values())


def type_facet_label(key: str) -> str:
    """A type's name in a list of types of both systems: "Thông tư", "Nghị quyết (Nhà nước)"
    beside the Party's "Nghị quyết"."""
    name = TYPE_LABELS.get(key, key)
    return f"{name} (Nhà nước)" if is_state_type(key) and name in _PARTY_NAMES else name


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
