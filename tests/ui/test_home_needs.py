"""Issue 18, the home page: one column of what needs me (only what this user can act on,
a leader's and an Office editor's queues first), then the newest documents as a readable
list and the news; the column is built from providers another block can plug into."""

import re

import pytest
from django.core.cache import cache

from home import needs

pytestmark = pytest.mark.django_db


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def needs_column(html: str) -> str:
    start = html.find('<section class="needs"')
    if start < 0:
        return ""
    end = html.index('<div class="home-main">', start)
    return html[start:end]


def headings(column: str) -> list[str]:
    return re.findall(r'<h3 id="([\w-]+)"', column)


def test_a_member_sees_only_what_they_can_act_on(client_for):
    html = home(client_for("member"))
    column = needs_column(html)
    assert "Học tập cần xác nhận" in column
    # Acknowledging for the unit is the unit editor's job: no count, no red badge here.
    assert "unit-heading" not in column
    assert "chưa xác nhận" not in html and "badge-new" not in html
    # ...but what was sent to the unit is there to read.
    assert 'id="unit-heading"' in html and "Văn bản gửi đơn vị" in html


def test_a_unit_editor_has_the_unit_acknowledgements_in_the_column(client_for):
    column = needs_column(home(client_for("unit_editor")))
    assert "unit-heading" in headings(column)
    assert "chờ bạn xác nhận đã nhận" in column or "Không có văn bản nào chờ xác nhận" in column


@pytest.mark.parametrize("role", ["reviewer", "editor", "publisher"])
def test_leaders_and_office_editors_see_their_queue_first(client_for, role):
    column = needs_column(home(client_for(role)))
    assert headings(column)[0] == "tasks-heading", headings(column)


def test_the_office_follows_units_that_have_not_confirmed(client_for):
    column = needs_column(home(client_for("editor")))
    assert "office-heading" in headings(column)
    assert "/tiep-nhan/van-ban/" in column
    assert "office-heading" not in needs_column(home(client_for("member")))


def test_latest_documents_read_number_date_title_validity(client_for):
    html = home(client_for("member"))
    block = html[html.index('id="docs-heading"') :]
    block = block[: block.index("</section>")]
    items = re.findall(r'<li class="doc-item">(.*?)</li>', block, re.S)
    assert len(items) >= 6
    for item in items:
        assert "doc-item-number" in item and "<time datetime=" in item
        assert "doc-item-title" in item and "badge validity" in item
    assert "<table" not in html  # no narrow four-column tables on the home page


def test_another_block_plugs_into_the_column(client_for, monkeypatch):
    monkeypatch.setattr(needs, "PROVIDERS", list(needs.PROVIDERS))
    needs.register(
        needs.NeedsProvider(
            name="schedule",
            template="home/needs/study.html",  # any template that shows ``need.data``
            applies=lambda user: True,
            data=lambda user: [],
            order=5,
        )
    )
    cache.clear()
    column = needs_column(home(client_for("member")))
    assert "Học tập cần xác nhận" in column
    names = [provider.name for provider in needs.PROVIDERS]
    assert names[0] == "schedule" and names.index("reviews") < names.index("study")


def test_nobody_with_nothing_to_do_gets_an_empty_column(client_for, user_for):
    from django.utils import timezone

    from study.models import StudyConfirmation, StudyPlanPage

    member = user_for("member")
    for plan in StudyPlanPage.objects.live():
        StudyConfirmation.objects.get_or_create(
            user=member, plan=plan, defaults={"confirmed_at": timezone.now()}
        )
    cache.clear()
    assert needs_column(home(client_for("member"))) == ""
