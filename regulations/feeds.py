"""RSS and Atom feeds of new documents, filtered by the same visibility rule."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .library import library_documents

FEED_SIZE = 30


class LatestDocumentsFeed(Feed):
    def __init__(self, library):
        super().__init__()
        self.library = library

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Văn bản mới – %(site)s") % {"site": self.library.title}

    def link(self):
        return self.library.url

    def description(self):
        return _("Các văn bản mới ban hành trong thư viện văn bản")

    def items(self):
        documents = library_documents(self.request.user, self.library)
        return documents.order_by("-issued_on", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.number} – {item.title}"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at


class LatestDocumentsAtomFeed(LatestDocumentsFeed):
    feed_type = Atom1Feed
    subtitle = LatestDocumentsFeed.description
