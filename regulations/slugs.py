"""Page addresses of documents, made from their number and date ("01-qc-tu-2020")."""

from django.utils.text import slugify

from core.vietnamese import fold


def document_slug(number: str, issued_on, library) -> str:
    """The page slug, "01-qc-tu-2020"; with the full date, then a counter, if already taken.

    The same number recurs in one year when a term changes, and numbers that differ only by
    "Đ"/"D" or punctuation fold to the same slug. Used by the importer and by the admin form
    when the editor leaves the address empty.
    """
    base = slugify(fold(number).replace("/", "-"))[:180] or "van-ban"
    taken = set(library.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    candidates = (f"{base}-{issued_on:%Y}", f"{base}-{issued_on:%Y-%m-%d}")
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    counter = 2
    while f"{candidates[1]}-{counter}" in taken:
        counter += 1
    return f"{candidates[1]}-{counter}"
