"""The same document twice in one import file."""

from datetime import date

from regulations.identity import document_identity

from .records import ImportRecord


class DuplicateTracker:
    """Spots the same document, ``(number, issued_on)``, twice in one import file.

    Numbers are compared by ``regulations.identity.identity_key``, as the importer finds the
    document in the library: case, every kind of dash or slash (en dash, minus sign, fullwidth
    solidus...), spaces around them and a leading "Số" do not matter: "Số 137 - qđ/TW" is
    "137-QĐ/TW".
    """

    def __init__(self) -> None:
        self._first_line: dict[tuple[str, date], int] = {}

    def seen(self, record: ImportRecord, line_no: int) -> int | None:
        """Remember the record; return the earlier line number if its identity was seen before."""
        key = document_identity(record.number, record.issued_on)
        earlier = self._first_line.get(key)
        if earlier is None:
            self._first_line[key] = line_no
        return earlier
