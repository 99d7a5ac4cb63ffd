"""What a page contributes to the Vietnamese search index.

``entry_for(page)`` turns a searchable page into the values of its ``SearchEntry``; pages of
other types return ``None`` and are not indexed. Visibility is taken from
``home.visibility.allowed_group_ids``, the twin of the rule every other channel uses.
"""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from home.visibility import allowed_group_ids

from .numbers import folded_number_key, number_digits
from .vietnamese import fold_normalized, normalize

SECTIONS = {
    "regulation": _("Quy chế, quy định"),
    "circular": _("Thông tri, hướng dẫn, văn bản khác"),
    "study": _("Học tập, quán triệt"),
    "news": _("Tin tức"),
    "emulation": _("Phong trào thi đua"),
    "page": _("Trang nội dung"),
}
MAX_TEXT = 1_000_000


def _stream_text(stream_value) -> str:
    """Plain text of a StreamField value, rich text included."""
    if not stream_value:
        return ""
    parts = stream_value.stream_block.get_searchable_content(stream_value)
    return "\n".join(strip_tags(str(part)) for part in parts if part)


def _document_parts(page) -> dict:
    from regulations.models import RegulationPage

    issuers = list(page.issuers.all())
    return {
        "section": "regulation" if isinstance(page, RegulationPage) else "circular",
        "number": page.number,
        "number_key_folded": folded_number_key(page.number),
        "number_digits": number_digits(page.number),
        "doc_type": page.doc_type,
        "issuers": " ".join(issuer.code for issuer in issuers if issuer.code),
        "issuer_names": "; ".join(issuer.name for issuer in issuers),
        "field": page.field,
        "date": page.issued_on,
        "validity": page.validity,
        "text": "\n".join(
            [
                page.summary,
                " ".join(tag.name for tag in page.tags.all()),
                page.field,
                page.signer,
                "; ".join(issuer.name for issuer in issuers),
                page.body_text,
                page.attachments_text,
            ]
        ),
    }


def _general_parts(page, section: str, date=None) -> dict:
    intro = getattr(page, "intro", "") or ""
    intro = strip_tags(str(intro))
    tags = " ".join(tag.name for tag in page.tags.all()) if hasattr(page, "tags") else ""
    # Study pages carry the text of their attached materials (study.tasks extracts it).
    attachments = getattr(page, "attachments_text", "") or ""
    return {
        "section": section,
        "date": date,
        "text": "\n".join([intro, tags, _stream_text(getattr(page, "body", None)), attachments]),
    }


def _movement_parts(page) -> dict:
    criteria = [block.value["name"] for block in page.criteria]
    return {
        "section": "emulation",
        "date": page.registration_deadline,
        "text": "\n".join([strip_tags(str(page.aims)), *criteria, *page.titles]),
    }


def parts_for(page) -> dict | None:
    from emulation.models import EmulationMovementPage
    from home.models import NewsPage, StandardPage
    from regulations.models import PartyDocumentPage
    from study.models import StudyPlanPage, StudyTopicPage

    if isinstance(page, PartyDocumentPage):
        return _document_parts(page)
    if isinstance(page, NewsPage):
        return _general_parts(page, "news", page.date)
    if isinstance(page, StudyPlanPage):
        return _general_parts(page, "study", page.deadline)
    if isinstance(page, EmulationMovementPage):
        return _movement_parts(page)
    if isinstance(page, StudyTopicPage):
        return {**_general_parts(page, "study", None), "year": page.year}
    if isinstance(page, StandardPage):
        return _general_parts(page, "page", None)
    return None


_COMPUTE = object()


def _allowed_groups(page) -> list[int] | None:
    """``allowed_group_ids``, and no group at all under a password restriction: for
    ``home.visibility.visible_pages`` such a restriction shuts every member out (only login and
    group restrictions can let one in), so search must not show the page either."""
    from wagtail.models import PageViewRestriction

    shut = PageViewRestriction.objects.filter(page__in=page.get_ancestors(inclusive=True)).exclude(
        restriction_type__in=[PageViewRestriction.LOGIN, PageViewRestriction.GROUPS]
    )
    return [] if shut.exists() else allowed_group_ids(page)


def entry_for(page, allowed=_COMPUTE) -> tuple[dict, list[int] | None] | None:
    """The entry values of ``page`` and its allowed groups (``None``: every member).

    ``allowed`` may be given when the caller has computed it for many pages at once.
    """
    parts = parts_for(page)
    if parts is None:
        return None
    number = parts.get("number", "")
    title_text = f"{page.title} {number}".strip()
    text = parts.pop("text")[:MAX_TEXT]
    date = parts.get("date")
    marked_title, marked_text = normalize(title_text), normalize(text)
    values = {
        **parts,
        "live": page.live,
        "title": page.title,
        "url_path": (page.get_url() or page.url_path)[:255],
        "year": parts.get("year") or (date.year if date else None),
        "marked_title": marked_title,
        "folded_title": fold_normalized(marked_title),
        "marked_text": marked_text,
        "folded_text": fold_normalized(marked_text),
        "display_text": text,
    }
    if allowed is _COMPUTE:
        allowed = _allowed_groups(page)
    values["restricted"] = allowed is not None
    return values, allowed
