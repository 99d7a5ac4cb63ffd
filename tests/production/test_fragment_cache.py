"""The home page's lists are cached per visibility (groups), never shared across it."""

import datetime

import pytest
from django.core.cache import cache

from core.freshness import visibility_key
from regulations.models import PartyDocumentPage
from tests.emulation.helpers import publish_announcement

pytestmark = pytest.mark.django_db

SECRET = "105-KL/TU"  # readable only by Ban Thường vụ Tỉnh ủy


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_same_groups_share_the_key_other_groups_do_not(user_for):
    member, unit_editor = user_for("member"), user_for("unit_editor")
    committee = user_for("standing_committee")
    assert visibility_key(member) != visibility_key(committee)
    assert visibility_key(member) != visibility_key(unit_editor)  # an extra group
    assert visibility_key(member) == visibility_key(user_for("nguyenvanbinh"))


def test_a_cached_secret_document_never_reaches_another_group(client_for):
    secret = PartyDocumentPage.objects.get(number=SECRET)
    PartyDocumentPage.objects.filter(pk=secret.pk).update(issued_on="2030-01-01")  # newest
    assert SECRET in client_for("standing_committee").get("/").content.decode()
    assert SECRET not in client_for("member").get("/").content.decode()
    assert SECRET in client_for("standing_committee").get("/").content.decode()


def test_a_new_document_shows_at_once(client_for, django_capture_on_commit_callbacks):
    client = client_for("member")
    client.get("/")  # fills the cache
    with django_capture_on_commit_callbacks(execute=True):  # as the commit would
        page = publish_announcement(title="Thông báo mới nhất về chuyển đổi số")
        page.issued_on = datetime.date(2030, 1, 2)  # the newest of all
        page.save_revision().publish()
    assert "Thông báo mới nhất về chuyển đổi số" in client.get("/").content.decode()


def unit_panel(client) -> str:
    """The "Việc của đơn vị" panel of the home page (empty when there is none)."""
    html = client.get("/").content.decode()
    start = html.find('id="unit-heading"')
    return "" if start < 0 else html[start : html.index("</section>", start)]


def test_the_unit_panel_cached_for_a_member_inside_the_group_stays_with_that_group(user_for):
    """Two members of the same unit, one also in the secret document's group: the cached
    panel of one is never the other's, whoever fills the cache first."""
    from organisation import roles
    from organisation.models import Unit
    from tests.emulation.helpers import TRUONG_VINH
    from tests.factories import UserFactory, logged_in

    secret = publish_announcement(unit_codes=[TRUONG_VINH], secret=True, title="Thông báo mật X7")
    unit = Unit.objects.get(code=TRUONG_VINH)
    inside = logged_in(UserFactory(roles=[roles.STANDING_COMMITTEE], unit=unit))
    member = logged_in(user_for("member"))  # dangvien, same unit, not in the group

    assert secret.title in unit_panel(inside)
    assert unit_panel(member) and secret.title not in unit_panel(member)
    assert secret.title in unit_panel(inside)
    cache.clear()
    assert secret.title not in unit_panel(member)  # member first this time
    assert secret.title in unit_panel(inside)


def test_the_unit_panel_shows_a_new_announcement_at_once(
    client_for, django_capture_on_commit_callbacks
):
    from tests.emulation.helpers import TRUONG_VINH

    client = client_for("member")
    before = unit_panel(client)  # fills the cache
    assert before
    with django_capture_on_commit_callbacks(execute=True):  # as the commit would
        page = publish_announcement(unit_codes=[TRUONG_VINH], title="Thông báo mới cho đơn vị Y8")
    after = unit_panel(client)
    assert page.title not in before and page.title in after


def menu(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index('class="main-nav"') : html.index("</nav>")]


def test_the_menu_is_not_shared_across_groups(client_for):
    """A section readable by one group only: the cached menu of that group never reaches
    members; the admin link follows the groups' permissions."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from home.models import HomePage, StandardPage
    from organisation import roles

    section = StandardPage(title="Chuyên mục Ban Thường vụ Z9", slug="ban-thuong-vu-z9")
    section.show_in_menus = True
    HomePage.objects.get().add_child(instance=section)
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=roles.STANDING_COMMITTEE)])

    assert section.title in menu(client_for("standing_committee"))
    assert section.title not in menu(client_for("member"))
    assert section.title in menu(client_for("standing_committee"))
    assert "Quản trị" not in client_for("member").get("/").content.decode()
    assert "Quản trị" in client_for("editor").get("/").content.decode()


def test_a_new_section_shows_in_the_menu_at_once(client_for, django_capture_on_commit_callbacks):
    from home.models import HomePage, StandardPage

    client = client_for("member")
    menu(client)  # fills the cache
    with django_capture_on_commit_callbacks(execute=True):  # as the commit would
        section = StandardPage(title="Chuyên mục mới cho mọi người", slug="chuyen-muc-moi")
        section.show_in_menus = True
        HomePage.objects.get().add_child(instance=section)
    assert section.title in menu(client)


def library(client, query: str = "") -> str:
    from tests.regulations.library_helpers import LIBRARY_URL

    html = client.get(LIBRARY_URL + query).content.decode()
    return html[html.index('class="with-sidebar"') :]


def kl_count(html: str) -> int:
    """The count shown next to the secret document's type (KL) in the filter (0: no option)."""
    import re

    found = re.search(r'<option value="KL"[^>]*>[^<]*\((\d+)\)</option>', html)
    return int(found.group(1)) if found else 0


def test_a_cached_library_listing_never_reaches_another_group(client_for):
    """The list, the total and the facet counts of the library are cached per visibility
    key: the Standing Committee's (with the secret document) never reach members, whoever
    asks first, for the first page and for a filtered one."""
    secret = PartyDocumentPage.objects.get(number=SECRET)
    PartyDocumentPage.objects.filter(pk=secret.pk).update(issued_on="2030-01-01")  # newest
    committee, member = client_for("standing_committee"), client_for("member")
    for query in ("", "?type=KL", "?type=KL&sort=number"):
        cache.clear()
        inside = library(committee, query)
        outside = library(member, query)
        assert SECRET in inside and SECRET not in outside, query
        assert kl_count(inside) == kl_count(outside) + 1, query
        assert SECRET in library(committee, query), query
        cache.clear()
        assert SECRET not in library(member, query), query  # member first this time
        assert SECRET in library(committee, query), query


def test_a_new_document_shows_in_the_library_at_once(
    client_for, django_capture_on_commit_callbacks
):
    client = client_for("member")
    before = library(client)  # fills the cache
    with django_capture_on_commit_callbacks(execute=True):  # as the commit would
        page = publish_announcement(title="Thông báo mới nhất trong thư viện")
        page.issued_on = datetime.date(2030, 1, 2)  # the newest of all
        page.save_revision().publish()
    after = library(client)
    assert page.title not in before and page.title in after
    assert kl_count(after) == kl_count(before)  # a TB, not a KL


def test_library_pagination_keeps_the_filters_and_sort(client_for, monkeypatch):
    monkeypatch.setattr("regulations.library.PAGE_SIZE", 2)
    html = library(client_for("member"), "?validity=in_force&sort=number&utm=x&page=1")
    assert 'href="?validity=in_force&amp;sort=number&amp;page=2"' in html


def test_an_acknowledgement_leaves_the_unit_panel_at_once(
    client_for, django_capture_on_commit_callbacks
):
    """Acknowledging writes with an UPDATE (no save signal): it renews the generation itself,
    or the unit's members would go on seeing the document as awaiting acknowledgement."""
    from django.urls import reverse

    from announcements.models import Delivery
    from tests.emulation.helpers import TRUONG_VINH

    with django_capture_on_commit_callbacks(execute=True):
        page = publish_announcement(unit_codes=[TRUONG_VINH], title="Thông báo cần xác nhận W3")
    member = client_for("member")
    assert page.title in unit_panel(member)  # fills the cache
    delivery = Delivery.objects.get(page=page, unit__code=TRUONG_VINH)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("unit_editor").post(reverse("acknowledge", args=[delivery.pk]))
    assert response.status_code == 302
    assert page.title not in unit_panel(member)
