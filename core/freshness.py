"""Conditional GET for logged-in pages: an ETag per user and per state of the content.

Every page here depends on who asks (the visibility rule, the user's tasks, edit links),
so a validator made from the page alone could let one user's copy stand for another's.
The ETag is a hash of: the user, their groups, their CSRF cookie (pages carry a token tied
to it), the language, today's date (validity changes with dates), the address, and a
*content generation*, a random value in the shared cache replaced after every committed
write to the database (pages, revisions, restrictions, groups, workflow states, search
entries...). Any write thus changes every ETag: coarse, but never stale, and writes are
rare next to reads on an intranet. Responses say ``Cache-Control: private, no-cache`` and
``Vary: Cookie``: no shared cache keeps them, browsers revalidate every time and get a 304
without the page being rendered when nothing changed.

The most frequent writes are not to pages but what units and members record about them
(``ACTIVITY_MODELS``: acknowledgements, registrations, study confirmations). They renew an
*activity generation* of their own instead: the ETag and ``visibility_key`` (the default for
cached fragments) include both, while the fragments that show pages alone (the library's
listing, the menu, the home page's lists, the routes) use ``generation()`` and
``content_visibility_key`` and stay cached when a unit acknowledges a document.
"""

import hashlib
import threading
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from core import viewer

GENERATION_KEY = "intranet:content-generation"
# Writes that do not change what any page shows.
IGNORED_MODELS = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accessfailurelog",
    "axes.accesslog",
    "django_tasks_database.dbtaskresult",
    "wagtailadmin.editingsession",
    "wagtailadmin.formstate",
}
# Derived data written with the content it derives from (the vocabulary of typo corrections).
UNTRACKED_MODELS = {"search.searchterm"}
# What units and members record about pages: shown by the pages of that activity (the unit's
# work, the Office's follow-up, a plan's progress...), never by a page list, menu or route.
ACTIVITY_MODELS = {
    "announcements.delivery",
    "emulation.emulationregistration",
    "study.studyconfirmation",
}
ACTIVITY_GENERATION_KEY = "intranet:activity-generation"
EXCLUDED_PATHS = ("/admin/", "/static/", "/media/", "/documents/", "/tep-dinh-kem/", "/dang-")


# The generation read once per request (ConditionalPageMiddleware opens and closes it): the
# ETag, the route, the menu and each cached fragment ask for it. A write committed during
# the request renews it here too.
_request_memo: ContextVar[dict | None] = ContextVar("intranet_generation_memo", default=None)


def _current(key: str) -> str:
    memo = _request_memo.get()
    if memo is not None and key in memo:
        return memo[key]
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, None)
        value = cache.get(key) or ""
    if memo is not None:
        memo[key] = value
    return value


def generation() -> str:
    """The content generation: renewed by every write but those of ``ACTIVITY_MODELS``."""
    return _current(GENERATION_KEY)


def activity_generation() -> str:
    """Renewed by the writes of ``ACTIVITY_MODELS`` (acknowledgements, registrations...)."""
    return _current(ACTIVITY_GENERATION_KEY)


def _bump(key: str) -> None:
    value = uuid.uuid4().hex
    cache.set(key, value, None)
    memo = _request_memo.get()
    if memo is not None:
        memo[key] = value


class _Renewal:
    """One renewal of a generation, shared by every write of a transaction."""

    done = False

    def __init__(self, key: str):
        self.key = key

    def run(self) -> None:
        if not self.done:
            self.done = True
            _bump(self.key)


_pending = threading.local()  # per generation, the renewal that this thread's writes share


def _renew_on_commit(key: str) -> None:
    renewals = _pending.__dict__.setdefault("renewals", {})
    renewal = renewals.get(key)
    if renewal is None or renewal.done:
        renewal = renewals[key] = _Renewal(key)
    transaction.on_commit(renewal.run)


def content_changed() -> None:
    """Renew the generation once the current transaction commits, once per transaction.

    Every write registers a commit callback (Django keeps those of a savepoint that is rolled
    back out of the list, so one of a surviving write always runs), and all the callbacks of
    one transaction share a ``_Renewal`` that renews once: the first to run does it, the
    others see it done. A renewal that ran is replaced for the next write; one whose
    transaction was rolled back entirely never ran and is shared by the next transaction.
    Outside a transaction Django runs the callback at once.
    """
    _renew_on_commit(GENERATION_KEY)


def activity_changed() -> None:
    """Renew the activity generation (as ``content_changed`` does the content's)."""
    _renew_on_commit(ACTIVITY_GENERATION_KEY)


def _on_write(sender, **kwargs) -> None:
    if sender._meta.label_lower in IGNORED_MODELS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    if sender._meta.label_lower in ACTIVITY_MODELS:
        activity_changed()
    else:
        content_changed()


def connect() -> None:
    """Listen to each model that pages depend on, not to every model: a listener on a model
    turns Django's fast bulk deletes into row-by-row ones, which the search vocabulary
    (``SearchTerm``, rebuilt in bulk) must keep."""
    from django.apps import apps

    for model in apps.get_models():
        label = model._meta.label_lower
        if label in IGNORED_MODELS or label in UNTRACKED_MODELS:
            continue
        post_save.connect(_on_write, sender=model, dispatch_uid=f"freshness_save_{label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"freshness_delete_{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _on_write, sender=through, dispatch_uid=f"freshness_m2m_{label}_{field.name}"
            )


def content_visibility_key(user) -> str:
    """What a fragment that shows only pages ``user`` may see depends on, as one string.

    ``core.visibility`` decides from the user's groups and superuser flag alone, so users
    with the same groups may share such a fragment; the content generation and the date
    (validity changes with dates) make a cached fragment expire at the next write or day.
    Only for fragments that show nothing of ``ACTIVITY_MODELS`` (see the module).
    """
    groups = ",".join(str(pk) for pk in viewer.group_ids(user))
    superuser = "s" if user.is_superuser else "u"
    return f"{generation()}:{timezone.localdate().isoformat()}:{superuser}:{groups}"


def visibility_key(user) -> str:
    """As ``content_visibility_key``, also expiring at the next acknowledgement, registration
    or confirmation: the key of fragments that show them (or may)."""
    return f"{activity_generation()}:{content_visibility_key(user)}"


def etag_for(request) -> str | None:
    user = getattr(request, "user", None)
    if request.method != "GET" or user is None or not user.is_authenticated:
        return None
    if request.path.startswith(EXCLUDED_PATHS) or request.path == "/healthz":
        return None
    if "messages" in request.COOKIES or request.session.get("_messages"):
        return None  # a message waits to be shown once: render the page
    groups = ",".join(str(pk) for pk in viewer.group_ids(user))
    parts = [
        generation(),
        activity_generation(),
        str(user.pk),
        groups,
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        getattr(request, "LANGUAGE_CODE", ""),
        timezone.localdate().isoformat(),
        request.get_full_path(),
    ]
    return '"' + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32] + '"'


class ConditionalPageMiddleware:
    """Answer 304 when the browser's copy is still right; otherwise tag the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self._respond(request)
        finally:
            _request_memo.reset(token)

    def _respond(self, request):
        etag = etag_for(request)
        if etag is None:
            return self.get_response(request)
        # Django's own If-None-Match handling (as in ``condition``): 304 when it matches.
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            self._headers(not_modified, etag)
            return not_modified
        response = self.get_response(request)
        if self._taggable(response):
            self._headers(response, etag)
        return response

    @staticmethod
    def _taggable(response) -> bool:
        """Plain 200 pages and JSON only: not files, not responses that forbid storing."""
        return (
            response.status_code == 200
            and not response.streaming
            and not response.has_header("ETag")
            and not response.has_header("Content-Disposition")
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _headers(response, etag: str) -> None:
        response["ETag"] = etag
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
