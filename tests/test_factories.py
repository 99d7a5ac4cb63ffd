"""The factories of ``tests.factories`` build valid objects on an empty database.

Every test but the last one starts from the database as migrations leave it (fixture
``empty_db``: no ``setup_intranet``, no demo), so the factories must make all they need:
the page tree, the role groups, the issuers. Pages must be live and served at their URL to
a logged-in member; a secret document must answer 404 to a plain member and be served to
a member of its group.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction, Site

from announcements.models import Delivery
from home.models import HomePage, NewsPage
from organisation.models import Unit, UnitMembership, UnitPage
from organisation.roles import ALL_ROLES, EDITOR, MEMBER, STANDING_COMMITTEE
from regulations.models import CircularPage, PartyDocumentPage, RegulationPage
from tests.factories import (
    PASSWORD,
    CircularPageFactory,
    DocumentRelationFactory,
    EmulationMovementPageFactory,
    GroupFactory,
    IssuerFactory,
    NewsPageFactory,
    RegulationPageFactory,
    StudyPlanPageFactory,
    UnitFactory,
    UnitMembershipFactory,
    UserFactory,
    logged_in,
    site_tree,
)

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def in_default_years(day: datetime.date) -> bool:
    return datetime.date(2024, 1, 1) <= day <= datetime.date(2026, 12, 31)


def names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def assert_served(page, client) -> str:
    """``page`` is valid, live and served at its URL to ``client``; returns the HTML."""
    page.full_clean()
    assert page.live and not page.has_unpublished_changes
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    html = response.content.decode()
    assert page.title in html
    return html


def assert_valid_body(page) -> None:
    """The StreamField body passes its blocks' own validation (what the admin form runs)."""
    assert len(page.body) > 0
    page.body.stream_block.clean(page.body)


@pytest.fixture
def member(empty_db):
    """A plain Party member (group "Đảng viên" only), logged in."""
    return logged_in(UserFactory())


def test_the_database_starts_without_set_up_or_demo(empty_db):
    assert not HomePage.objects.exists()
    assert not Group.objects.exists() and not Unit.objects.exists()
    assert not PartyDocumentPage.objects.exists()
    assert [page.depth for page in Page.objects.order_by("path")] == [1, 2]  # root, welcome


def test_site_tree_builds_the_sections_with_the_real_set_up_then_reuses_them(empty_db):
    tree = site_tree()
    home = HomePage.objects.get()
    assert tree.home == home
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    sections = [tree.library, tree.news, tree.emulation, tree.study, tree.units, tree.schedule]
    assert {page.pk for page in home.get_children()} == {page.pk for page in sections}
    assert all(page.live for page in sections)
    assert [tree.library.url, tree.news.url, tree.units.url] == [
        "/van-ban/",
        "/tin-tuc/",
        "/don-vi/",
    ]
    assert set(Group.objects.values_list("name", flat=True)) == set(ALL_ROLES)
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()  # placeholder

    pages = Page.objects.count()
    again = site_tree()
    assert again == tree and Page.objects.count() == pages


def test_users_have_vietnamese_names_a_password_and_the_groups_of_their_roles(empty_db):
    user = UserFactory()
    user.full_clean()
    assert VIETNAMESE.search(user.get_full_name()), user.get_full_name()
    assert user.email == f"{user.username}@vanphongtinhuy.local"
    assert user.check_password(PASSWORD)
    assert names(user) == {MEMBER}  # organisation.signals: every account is a member

    editor = UserFactory(roles=[EDITOR, STANDING_COMMITTEE])
    assert names(editor) == {MEMBER, EDITOR, STANDING_COMMITTEE}
    assert editor.has_perm("wagtailadmin.access_admin")  # the role's group, with its rights
    assert not user.has_perm("wagtailadmin.access_admin")
    assert UserFactory().username != user.username

    admin = UserFactory(superuser=True)
    assert admin.is_superuser and admin.is_staff

    group = GroupFactory()
    group.full_clean()
    assert VIETNAMESE.search(group.name)
    assert GroupFactory(name=group.name) == group  # found by name
    assert names(UserFactory(roles=[group.name])) == {MEMBER, group.name}


def test_units_get_their_page_and_editor_group_and_memberships_follow_roles(empty_db, member):
    unit = UnitFactory()
    unit.full_clean()
    assert unit.name.startswith("Đảng bộ xã ") and unit.kind == Unit.Kind.COMMUNE
    page = UnitPage.objects.get(unit=unit)
    assert page.get_parent().pk == site_tree().units.pk
    assert_served(page, member)

    membership = UnitMembershipFactory(unit=unit, role=UnitMembership.Role.EDITOR)
    membership.full_clean()
    assert f"Biên tập đơn vị {unit.code}" in names(membership.user)

    plain = UserFactory(unit=unit)
    assert UnitMembership.objects.get(user=plain).role == UnitMembership.Role.MEMBER
    leader = UserFactory(unit=unit, unit__role=UnitMembership.Role.LEADER)
    assert leader.unit_memberships.get().role == UnitMembership.Role.LEADER
    assert UnitFactory().code != unit.code


def test_regulations_are_decisions_of_the_standing_committee_in_the_library(member):
    first, second = RegulationPageFactory(), RegulationPageFactory()
    for document in (first, second):
        assert isinstance(document, RegulationPage)
        assert re.fullmatch(r"\d+-QĐ/TU", document.number), document.number
        assert document.doc_type == "QĐ" and in_default_years(document.issued_on)
        assert document.title.startswith("Quyết định ban hành Quy định về ")
        assert [issuer.code for issuer in document.issuers.all()] == ["TU"]
        assert document.get_parent().pk == site_tree().library.pk
        assert document.validity != "unknown"  # computed when published
        assert_valid_body(document)
        html = assert_served(document, member)
        assert document.number in html and "Phạm vi điều chỉnh" in html
    assert first.number != second.number and first.title != second.title
    assert "Quy định về công tác văn thư của Đảng bộ tỉnh" in first.title


def test_circulars_are_guidance_of_the_office(member):
    circular = CircularPageFactory()
    assert isinstance(circular, CircularPage)
    assert re.fullmatch(r"\d+-HD/VPTU", circular.number), circular.number
    assert circular.title.startswith("Hướng dẫn ") and in_default_years(circular.issued_on)
    assert [issuer.name for issuer in circular.issuers.all()] == ["Văn phòng Tỉnh ủy"]
    assert_valid_body(circular)
    assert "MỤC ĐÍCH, YÊU CẦU" in assert_served(circular, member)

    issuer = IssuerFactory(name="Ban Tổ chức Tỉnh ủy", code="BTCTU")
    issuer.full_clean()
    other = CircularPageFactory(issuer=issuer, doc_type="KH", tags=["tổ chức cơ sở đảng"])
    assert re.fullmatch(r"\d+-KH/BTCTU", other.number) and other.title.startswith("Kế hoạch")
    assert list(other.tags.names()) == ["tổ chức cơ sở đảng"]
    assert IssuerFactory(name="Ban Tổ chức Tỉnh ủy", code="BTCTU") == issuer


def test_a_secret_document_is_missing_for_members_and_served_to_its_group(member):
    secret = RegulationPageFactory(secret=True)
    assert secret.confidentiality == "Mật"
    restriction = PageViewRestriction.objects.get(page=secret)  # regulations.services
    assert set(restriction.groups.values_list("name", flat=True)) == {STANDING_COMMITTEE}
    assert member.get(secret.url).status_code == 404
    insider = logged_in(UserFactory(roles=[STANDING_COMMITTEE]))
    assert_served(secret, insider)

    group = GroupFactory()
    own = CircularPageFactory(secret=True, restricted_groups=[group])
    assert member.get(own.url).status_code == 404
    assert insider.get(own.url).status_code == 404  # another group's secret
    assert_served(own, logged_in(UserFactory(roles=[group.name])))


def test_a_secret_draft_is_restricted_before_it_is_published(member):
    draft = RegulationPageFactory(secret=True, publish=False)
    assert not draft.live
    assert PageViewRestriction.objects.filter(page=draft).exists()
    insider = logged_in(UserFactory(roles=[STANDING_COMMITTEE]))
    assert insider.get(draft.url).status_code == 404  # a draft is no page yet

    draft.save_revision().publish()
    assert member.get(draft.url).status_code == 404
    assert insider.get(draft.url).status_code == 200


def test_relations_are_published_with_their_source_and_refresh_validity(member):
    relation = DocumentRelationFactory()
    relation.full_clean()
    assert relation.relation_type == "guides"
    assert isinstance(relation.source.specific, CircularPage)
    assert relation.target_number == relation.target.number
    assert relation.source.specific.get_latest_revision().content["outgoing_relations"]
    assert relation.target.number in assert_served(relation.source.specific, member)

    old = RegulationPageFactory(issued_on=datetime.date(2024, 3, 1))
    new = RegulationPageFactory(issued_on=datetime.date(2025, 3, 1))
    DocumentRelationFactory(source=new, target=old, relation_type="replaces")
    old.refresh_from_db()
    assert old.validity == "expired"

    pending = DocumentRelationFactory(
        target=None, target_number="250-QĐ/TU", target_issued_on=datetime.date(2025, 5, 5)
    )
    pending.full_clean()
    arrived = RegulationPageFactory(number="250-QĐ/TU", issued_on=datetime.date(2025, 5, 5))
    pending.refresh_from_db()
    assert pending.target_id == arrived.pk


def test_news_of_the_office_and_of_a_unit(member):
    news = NewsPageFactory(tags=["văn thư"])
    assert news.get_parent().pk == site_tree().news.pk
    assert in_default_years(news.date) and VIETNAMESE.search(news.title)
    assert list(news.tags.names()) == ["văn thư"]
    assert_valid_body(news)
    assert_served(news, member)

    unit = UnitFactory()
    unit_news = NewsPageFactory(parent=unit.page)
    assert NewsPage.objects.child_of(unit.page).get() == unit_news
    assert_served(unit_news, member)
    assert NewsPageFactory(publish=False).live is False


def test_emulation_movements_are_sent_to_all_units(member):
    unit = UnitFactory()
    movement = EmulationMovementPageFactory()
    assert movement.get_parent().pk == site_tree().emulation.pk
    assert movement.title.startswith("Phong trào thi đua “")
    assert in_default_years(movement.registration_deadline)
    assert movement.registration_deadline < movement.final_review_on
    assert movement.titles and sum(c.value["max_score"] for c in movement.criteria) == 100
    movement.criteria.stream_block.clean(movement.criteria)
    assert Delivery.objects.filter(page=movement, unit=unit).exists()  # announcements
    assert_served(movement, member)


def test_study_plans_for_everyone_or_for_chosen_units(member):
    plan = StudyPlanPageFactory()
    assert plan.get_parent().pk == site_tree().study.pk
    assert plan.audience_all and in_default_years(plan.deadline)
    assert_valid_body(plan)
    assert_served(plan, member)

    unit, document = UnitFactory(), RegulationPageFactory()
    chosen = StudyPlanPageFactory(audience_units=[unit], documents=[document])
    assert not chosen.audience_all
    assert list(chosen.audience_units.all()) == [unit]
    assert document.title in assert_served(chosen, member)


def test_build_saves_nothing(empty_db):
    document = RegulationPageFactory.build()
    assert document.pk is None and document.number.endswith("-QĐ/TU")
    assert NewsPageFactory.build().pk is None
    assert not Page.objects.filter(depth__gt=2).exists()


def test_the_factories_work_next_to_the_demo(client_for):
    """Without ``empty_db``: the demo's tree is reused and the new data stays apart."""
    home = HomePage.objects.get()
    pages = Page.objects.count()
    assert site_tree().home == home and Page.objects.count() == pages
    document = RegulationPageFactory()
    assert PartyDocumentPage.objects.filter(number=document.number).count() == 1
    assert client_for("member").get(document.url).status_code == 200
    assert UnitFactory().page.get_parent().pk == site_tree().units.pk


def test_a_week_of_the_schedule_with_a_meeting_pack(member):
    from schedule.models import EntryRecord
    from tests.factories import (
        LeaderFactory,
        MeetingPackPageFactory,
        ScheduleEntryFactory,
        WeekSchedulePageFactory,
    )

    leader = LeaderFactory()
    week = WeekSchedulePageFactory(entries=[ScheduleEntryFactory(chair=leader)])
    assert week.get_parent().pk == site_tree().schedule.pk
    assert week.week_start.weekday() == 0 and week.title.startswith("Lịch công tác tuần")
    entry = week.entries.get()
    assert entry.chair == leader and EntryRecord.objects.filter(week=week).count() == 1
    assert entry.content in assert_served(week, member)
    pack = MeetingPackPageFactory(parent=week, entry=entry)
    assert PageViewRestriction.objects.filter(page=pack).exists()
    assert member.get(pack.url).status_code == 404  # not invited
