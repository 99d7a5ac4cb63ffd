"""Page addresses of documents: from the number and date ("01-qc-tu-2020"), or random.

An address is seen before the page is opened and is unique among its siblings, so it can
tell what the page cannot: an address made from a secret document's number and year is a
guess away ("105-kl-tu-2025" answers 404 for a secret page and for a missing one alike, but
a public document of the same number then gets "105-kl-tu-2025-06-24", and an editor typing
"105-kl-tu-2025" is told it is already used). So a secret document's address is a random
token ("vb-…", 100 bits) that says nothing and can never be what a number makes, and the
address of a public document is made from the documents every member may see.
"""

import re
import secrets

from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from core.vietnamese import fold
from core.visibility import restricted_for_someone

SECRET_SLUG = re.compile(r"vb-[a-z2-7]{20}")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def secret_slug() -> str:
    """A random address for a secret document: "vb-" and 20 base-32 characters."""
    return "vb-" + "".join(secrets.choice(_ALPHABET) for _index in range(20))


def is_secret_slug(slug: str | None) -> bool:
    return bool(slug) and SECRET_SLUG.fullmatch(slug) is not None


def settle_secret_address(page, token: str | None = None) -> None:
    """Give a secret document a random address (``token`` if it is one) and no redirect.

    Run before the page is saved, or on its own: the new address is written to the page's
    row first, so that Wagtail's save sees no change of address and sends no
    ``page_slug_changed``, on which its redirects app would create (after the commit) a
    redirect from the old address: an answer unlike a missing page's. Redirects already made
    to the page go too.
    """
    if not is_secret_slug(page.slug):
        page.slug = token if is_secret_slug(token) else secret_slug()
    if page.pk is None:
        return
    page.set_url_path(page.get_parent())
    row = Page.objects.filter(pk=page.pk).exclude(slug=page.slug)
    row.update(slug=page.slug, url_path=page.url_path)
    Redirect.objects.filter(redirect_page_id=page.pk).delete()


def address_candidates(number: str, issued_on) -> tuple[str, str, str]:
    """The stem of a document's address and the two addresses tried first: with the year,
    then with the full date ("01-qc-tu", "01-qc-tu-2020", "01-qc-tu-2020-03-05")."""
    base = slugify(fold(number).replace("/", "-"))[:180] or "van-ban"
    return base, f"{base}-{issued_on:%Y}", f"{base}-{issued_on:%Y-%m-%d}"


def document_slug(number: str, issued_on, library, also_taken=()) -> str:
    """The page slug, "01-qc-tu-2020"; with the full date, then a counter, if already taken.

    The same number recurs in one year when a term changes, and numbers that differ only by
    "Đ"/"D" or punctuation fold to the same slug. Used by the importer and by the admin form
    when the editor leaves the address empty. Only documents every member may see count as
    taking an address (secret ones hold random tokens, which no candidate can equal), so the
    address never depends on a secret document. ``also_taken``: public addresses given to
    documents about to be written (a bulk import's chunk).
    """
    base, *candidates = address_candidates(number, issued_on)
    # The pages of such slugs first, by the slug's index (a range: SQLite's LIKE ignores case
    # and cannot use it; slugs are lower case ASCII), then those among the library's children:
    # asked at once, SQLite scanned the whole library for every address.
    prefixed = Page.objects.filter(slug__gte=base, slug__lt=base + "\U0010ffff")
    siblings = library.get_children().filter(pk__in=list(prefixed.values_list("pk", flat=True)))
    public = siblings.exclude(restricted_for_someone())
    taken = set(public.values_list("slug", flat=True))
    taken.update(slug for slug in also_taken if slug.startswith(base))
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    counter = 2
    while f"{candidates[1]}-{counter}" in taken:
        counter += 1
    return f"{candidates[1]}-{counter}"
