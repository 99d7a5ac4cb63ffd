"""What the home page shows a user: what needs them (``home.needs``), then the latest
documents and news.

Most of it depends on the visibility context alone (``core.freshness.visibility_key``:
groups, superuser flag, content generation, date), so the template caches it under that key
and users with the same groups share it; the lists of pages under
``content_visibility_key``, which acknowledgements and registrations leave as it is. The
lists are therefore handed to the template unevaluated (Django's ``SimpleLazyObject``): a
fragment found in the cache neither runs nor even builds their queries. What depends on the
user (study to confirm) is computed for every request.
"""

from functools import partial

from django.utils.functional import SimpleLazyObject

from core.freshness import content_visibility_key, visibility_key
from core.visibility import visible_pages
from organisation.people import unit_ids_acting_for, unit_ids_of
from regulations.models import PartyDocumentPage
from study.models import StudyPlanPage

from .models import NewsPage
from .needs import needs_of
from .unit_work import unit_summary

LATEST = 6
LATEST_DOCUMENTS = 8
ANNOUNCEMENT_TYPES = ("TB", "CV", "KH", "HD", "TT")


def _documents(user):

    return visible_pages(user, PartyDocumentPage.objects.all()).order_by("-issued_on", "-pk")


def _latest_documents(user):
    """The newest documents of every kind: one readable list (number, date, title, validity)."""
    return _documents(user)[:LATEST_DOCUMENTS]


def _announcements(user):
    return _documents(user).filter(doc_type__in=ANNOUNCEMENT_TYPES)[:LATEST]


def _latest_news(user):

    return visible_pages(user, NewsPage.objects.all()).order_by("-date", "-pk")[:4]


def _study_plans(user):

    return visible_pages(user, StudyPlanPage.objects.all()).order_by("-deadline")[:3]


def _library_url(user) -> str:
    from regulations.models import DocumentLibraryPage

    library = visible_pages(user, DocumentLibraryPage.objects.all()).first()
    return library.url if library is not None else ""


def home_dashboard(user) -> dict:

    key = visibility_key(user) if user.is_authenticated else ""
    units = ",".join(str(pk) for pk in unit_ids_of(user)) if user.is_authenticated else ""
    needs = needs_of(user)
    study = next((need for need in needs if need.name == "study"), None)
    study_tasks = list(study.data) if study is not None else []
    # The column is left out when nothing in it is for this user: the fragments kept in the
    # cache say so themselves ("nothing awaits review"), the others are known here.
    shown = [need for need in needs if need.cache_key or need.data]
    acting = bool(user.is_authenticated and unit_ids_acting_for(user))
    return {
        "needs": shown,
        "latest_documents": SimpleLazyObject(partial(_latest_documents, user)),
        "library_url": SimpleLazyObject(partial(_library_url, user)),
        "latest_news": SimpleLazyObject(partial(_latest_news, user)),
        "study_plans": SimpleLazyObject(partial(_study_plans, user)),
        # What was sent to my units, for a member who does not act for them: to read only.
        "unit_summary": SimpleLazyObject(partial(unit_summary, user)),
        "study_tasks": study_tasks,
        # cache keys of the fragments above (templates/pages/home_page.html)
        "visibility_key": key,
        # the lists show pages alone: an acknowledgement leaves them cached (core.freshness)
        "content_key": content_visibility_key(user) if user.is_authenticated else "",
        "unit_key": "" if acting else units,
    }
