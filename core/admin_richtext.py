"""Page links in rich text: never a way to name, open or probe a hidden page.

Three places, each with the one rule (``core.visibility``):

* **typing**: a new link (rich text or a StreamField) to a page the editor may not see is
  refused with the same error as a link to a page that does not exist
  (``core.admin_forms.new_page_links``). Links already saved are kept.
* **rendering**: rich text is rendered without a request (the ``richtext`` filter, blocks,
  fragments that may be cached and shared), so the link handler cannot know who reads.
  A link to a page that some member may not open (a group restriction on it or an
  ancestor) is rendered as ``<a>`` without its address, for everyone, exactly as Wagtail
  renders a link to a deleted page. Members of the page's groups find it in the library.
* **editing**: the editor's copy of the text (Draftail's contentstate) carries each linked
  page's address; for such a page it carries none, as for a deleted page.

Registered by ``core.wagtail_hooks`` after Wagtail's own features, which they replace.
"""

from django.utils.html import escape
from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    ExternalLinkElementHandler,
    PageLinkElementHandler,
)
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from .visibility import open_to_members


def _open_ids(pages) -> set[int]:
    ids = [page.pk for page in pages if page is not None]
    if not ids:
        return set()
    return set(open_to_members(Page.objects.filter(pk__in=ids)).values_list("pk", flat=True))


class OpenPageLinkHandler(PageLinkHandler):
    """Wagtail's page links, with no address for a page that some member may not open."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        pages = cls.get_many(attrs_list)
        open_ids = _open_ids(pages)
        return [
            f'<a href="{escape(page.localized.url)}">' if page and page.pk in open_ids else "<a>"
            for page in pages
        ]


class OpenPageLinkElementHandler(PageLinkElementHandler):
    """The editor's copy of a page link: no address or parent for a closed page."""

    def get_attribute_data(self, attrs):
        try:
            pk = int(attrs["id"])
        except (KeyError, TypeError, ValueError):
            return super().get_attribute_data(attrs)
        if not _open_ids(Page.objects.filter(pk=pk)):
            return {"id": pk, "url": None, "parentId": None}
        return super().get_attribute_data(attrs)


def register_page_links(features) -> None:
    """Replace Wagtail's page link type and its Draftail conversion (same rule shape)."""
    features.register_link_type(OpenPageLinkHandler)
    features.register_converter_rule(
        "contentstate",
        "link",
        {
            "from_database_format": {
                "a[href]": ExternalLinkElementHandler("LINK"),
                'a[linktype="page"]': OpenPageLinkElementHandler("LINK"),
            },
            "to_database_format": {"entity_decorators": {"LINK": link_entity}},
        },
    )
