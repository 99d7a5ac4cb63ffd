"""Fuzzing the query string of every listing, feed, search channel and status table,
through the real views: whatever a member or an Office editor puts after the ``?``, the
answer is a page, a redirect or a 4xx, never a server error.

Why: the library's filters were read by a copy of the search's parser without its guard,
so ``/van-ban/?year=²`` (``"²".isdigit()`` is true, ``int("²")`` fails) and ``?year=10000``
were 500s for any member. The values are sent as raw query strings, so they include what a
browser or a script can send but a ``dict`` cannot: lone surrogates and broken UTF-8 in
percent-encoding, a ``%`` alone, NUL bytes, repeated keys, ``type[]=`` keys.

Both are read by forms of ``core.params`` (the document filters: ``regulations.filters``).
The plain regression tests for what this found are next to the code they exercise:
``tests/regulations/test_library_params.py`` (``?year=²``, ``10000``, 20 digits, ``0``; a NUL
sent to the database) and ``tests/emulation/test_news.py`` (``?don_vi=%00``: a server error
on PostgreSQL only, so run this file with ``DATABASE_URL`` set too).
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# A Party member (the widest audience) and the Office's editor (who also gets the status
# tables and their exports).
ROLES = ("member", "editor")

FACETS = ("type", "issuer", "field", "year", "validity")
LIBRARY = ("system", *FACETS, "sort", "page")
SEARCH = ("q", "section", *FACETS, "sort", "page", "per_page")
EXPORTS = ("xuat", "format")
TRUONG_VINH = "phuong-truong-vinh"  # the demo unit of dangvien and bientap.truongvinh

# The values the issue names: each is sent in every parameter of every target.
NAMED = [
    "²", "1e9", "-1", "0", "10000", "9" * 20, "\x00", "a\x00b", "x" * 5000, "\ud800", "😀",
    "🇻🇳", "%",
]  # fmt: skip
# More for the fuzzer to draw from: other digits, numbers Python reads but a page should not,
# the parameters' real values and the usual injections.
NASTY = [
    *NAMED, " ", "٣", "２０２４", "𝟚𝟘𝟚𝟜", "0000", "00000", "1899", "2101", "9" * 5000, "1.5",
    "2024.0", "+2024", " 2024 ", "2_024", "0x10", "-0", "NaN", "inf", "", "\x00" * 3, "\udfff",
    "([", "TU|.*", "' OR 1=1 --", "<script>alert(1)</script>", "QĐ", "QĐi", "HD", "QC", "TU",
    "VPTU", "in_force", "expired", "news", "xlsx", "csv", "ods", "XLSX", "chua", "da",
    "-issued_on", "issued_on", "number", "relevance", "date", "quy chế", "137-QĐ/TW",
    "party", "state", "NN-TT", "NN-NĐ", "30/2020/NĐ-CP",
    "\u200b", "\ufeff", "\u0301", "\n", "\t",
]  # fmt: skip
# Pieces of a query string that are not the encoding of any text: broken percent-escapes,
# lone surrogates and overlong forms in UTF-8, separators.
RAW = [
    "%", "%%", "%2", "%ZZ", "%ED%A0%80", "%ED%BF%BF", "%F0%9F", "%FF", "%FE%FF", "%C0%80",
    "%00", "%0A", "+", "&", "=", "==", ";", "%26", "%3D", "%E2%80%AE",
]  # fmt: skip
NAMED_RAW = ["%", "%ED%A0%80", "%00"]


def _encoded(value: str) -> str:
    """``value`` percent-encoded as UTF-8, lone surrogates included (as a client might)."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _values():
    text = st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=12),
        st.integers().map(str),
        st.floats().map(str),
        st.text(st.characters(codec="utf-8", categories=("Nd", "No", "Nl")), max_size=5),
    )
    return st.one_of(text.map(_encoded), st.sampled_from(RAW))


def query_strings(names: tuple[str, ...]):
    """Raw query strings of the parameters ``names``, repeated, misspelt or unknown."""
    keys = st.one_of(
        st.sampled_from(names),
        st.sampled_from(names).map(lambda name: f"{name}%5B%5D"),  # type[]=
        st.sampled_from(["q", "page", "other", "", "%", "%00", "%ED%A0%80"]),
    )
    pair = st.tuples(keys, _values()).map(lambda kv: f"{kv[0]}={kv[1]}")
    lone = st.sampled_from(RAW)  # a key without "=", or stray separators
    return st.lists(st.one_of(pair, pair, pair, lone), max_size=8).map("&".join)


def _targets():
    """name -> (path, parameter names), found in the demo data."""
    from emulation.models import EmulationMovementPage
    from home.models import EmulationIndexPage, NewsIndexPage
    from organisation.models import UnitPage
    from regulations.models import PartyDocumentPage
    from study.models import StudyIndexPage, StudyPlanPage

    plan = StudyPlanPage.objects.live().get(slug="hoc-tap-nghi-quyet-dai-hoi-xxi")
    movement = EmulationMovementPage.objects.live().first()
    delivered = PartyDocumentPage.objects.get(number="2298-CV/TU")  # addressed to every unit
    return {
        "library": ("/van-ban/", LIBRARY),
        "library_rss": ("/van-ban/rss/", LIBRARY),
        "library_atom": ("/van-ban/atom/", LIBRARY),
        "search_page": ("/tim-kiem/", SEARCH),
        "autocomplete": ("/tim-kiem/goi-y/", ("q",)),
        "search_api": ("/api/v1/search/", SEARCH),
        "news": (NewsIndexPage.objects.live().first().url, ("page",)),
        "emulation": (
            EmulationIndexPage.objects.live().first().url,
            ("don_vi", "cum", "phong_trao", "page"),
        ),
        "study_index": (StudyIndexPage.objects.live().first().url, ("page",)),
        "study_plan": (plan.url, ("page",)),
        "study_progress": (plan.url + "tien-do/", EXPORTS),
        "study_unit_progress": (plan.url + f"tien-do/{TRUONG_VINH}/", EXPORTS),
        "unit_page": (UnitPage.objects.live().get(slug=TRUONG_VINH).url, ("page",)),
        "office_overview": ("/tiep-nhan/", ("page",)),
        "delivery_status": (f"/tiep-nhan/van-ban/{delivered.pk}/", ("trang_thai", *EXPORTS)),
        "registrations": (f"/thi-dua/{movement.pk}/tong-hop-dang-ky/", EXPORTS),
        "register": (f"/thi-dua/{movement.pk}/dang-ky/", ("don_vi",)),
        "my_unit": ("/don-vi-cua-toi/", ("page",)),
    }


TARGETS = (
    "library", "library_rss", "library_atom", "search_page", "autocomplete", "search_api",
    "news", "emulation", "study_index", "study_plan", "study_progress", "study_unit_progress",
    "unit_page", "office_overview", "delivery_status", "registrations", "register", "my_unit",
)  # fmt: skip


@pytest.fixture
def targets(db):
    return _targets()


def test_every_target_is_listed(targets):
    assert tuple(targets) == TARGETS


def _get(client, path: str, query: str):
    response = client.get(path, QUERY_STRING=query)
    assert response.status_code < 500, (path, query, response.status_code)
    return response


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_named_values_never_fail(client_for, targets, target, role):
    """Each value the issue names, in every parameter of every target at once."""
    client = client_for(role)
    path, names = targets[target]
    for value in NAMED:
        _get(client, path, "&".join(f"{name}={_encoded(value)}" for name in names))
    for raw in NAMED_RAW:
        _get(client, path, "&".join(f"{name}={raw}" for name in names))
    # the same key many times, and the keys as arrays
    _get(client, path, "&".join(f"{name}=1&{name}=%C2%B2&{name}%5B%5D=x" for name in names))


FUZZ = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_any_query_string_never_fails(client_for, targets, target, role):
    client = client_for(role)
    path, names = targets[target]

    @FUZZ
    @given(query=query_strings(names))
    def check(query):
        _get(client, path, query)

    check()
