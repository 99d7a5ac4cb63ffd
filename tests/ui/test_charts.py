"""Charts drawn on the server (core.charts) where people would rather look than read
(issue 18): the SVG is parsed, its numbers read as text, and what a user may not see is not
counted in it."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from core.charts import Bar, Series, StackedBar, bar_chart, stacked_bar_chart
from core.visibility import can_view_page
from emulation.models import EmulationRanking
from organisation import roles
from organisation.models import Unit, UnitMembership
from study.audience import completion_by_unit

from .. import factories
from ..emulation.helpers import DIEN_CHAU, TRUONG_VINH, publish_announcement
from ..study.helpers import PLAN_ALL, new_plan, plan, progress_url

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def chart(html: str, chart_id: str) -> ET.Element:
    match = re.search(rf'<svg [^>]*id="{chart_id}".*?</svg>', html, re.S)
    assert match, f"no chart {chart_id}"
    return ET.fromstring(match.group(0))


def rows(svg: ET.Element) -> dict[str, str]:
    """Each bar's label and the figure written beside it."""
    found = {}
    for group in svg.iter(f"{SVG}g"):
        label, value = [text.text for text in group.iter(f"{SVG}text")]
        found[label] = value
    return found


def test_a_chart_names_itself_and_writes_its_numbers_as_text():
    with translation.override("vi"):
        svg = ET.fromstring(
            bar_chart(
                [
                    Bar("Đảng bộ phường Trường Vinh", 96.5, "bar-done", "96,50"),
                    ("Xã Diễn Châu", 3, ""),
                ],
                title="Điểm thi đua",
                chart_id="c",
            )
        )
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Điểm thi đua"
    assert "Xã Diễn Châu: 3" in svg.find(f"{SVG}desc").text
    assert rows(svg) == {"Đảng bộ phường Trường Vinh": "96,50", "Xã Diễn Châu": "3"}
    widths = [
        int(rect.get("width")) for rect in svg.iter(f"{SVG}rect") if "bar-done" in rect.get("class")
    ]
    assert widths == [360]  # the largest value fills the bar; geometry is never localised


def test_a_stacked_bar_fills_its_width_and_keeps_its_parts():
    svg = ET.fromstring(
        stacked_bar_chart(
            [StackedBar("Cụm 1", [1, 2], "1/3"), StackedBar("Cụm 2", [0, 4], "0/4")],
            [Series("Đã", "bar-done"), Series("Chưa", "bar-pending")],
            title="t",
            chart_id="s",
        ).split("<p ")[0]
    )
    bars = [rect for rect in svg.iter(f"{SVG}rect") if "chart-bar" in rect.get("class")]
    assert [(r.get("class"), r.get("width")) for r in bars] == [
        ("chart-bar bar-done", "120"),
        ("chart-bar bar-pending", "240"),
        ("chart-bar bar-pending", "360"),
    ]
    assert rows(svg) == {"Cụm 1": "1/3", "Cụm 2": "0/4"}


def test_office_overview_charts_each_document_it_may_see(client_for):
    page = publish_announcement(unit_codes=[TRUONG_VINH, DIEN_CHAU, "xa-do-luong"])
    client_for("unit_editor").post(
        reverse("acknowledge", args=[page.deliveries.get(unit__code=TRUONG_VINH).pk])
    )
    secret = publish_announcement(unit_codes=[TRUONG_VINH], secret=True, title="Thông báo mật X")
    html = client_for("editor").get(reverse("delivery_overview")).content.decode()
    figures = rows(chart(html, "chart-documents"))
    assert figures[page.title] == "1/3 (33,3%)"
    assert secret.title not in html  # not a bar, not in the description
    assert not any(label.startswith("Thông báo mật") for label in figures)
    allowed = client_for("administrator").get(reverse("delivery_overview")).content.decode()
    assert rows(chart(allowed, "chart-documents"))[secret.title] == "0/1 (0%)"


def test_status_table_stacks_units_by_cluster(client_for):
    page = publish_announcement(all_units=True)
    acknowledged = page.deliveries.get(unit__code=TRUONG_VINH)
    client_for("unit_editor").post(reverse("acknowledge", args=[acknowledged.pk]))
    html = client_for("publisher").get(reverse("delivery_status", args=[page.pk])).content.decode()
    figures = rows(chart(html, "chart-clusters"))
    cluster = Unit.objects.get(code=TRUONG_VINH).cluster
    in_cluster = page.deliveries.filter(unit__cluster=cluster).count()
    assert figures[cluster].startswith(f"1/{in_cluster} (")
    others = {label: text for label, text in figures.items() if label != cluster}
    assert others and all(text.startswith("0/") for text in others.values())
    assert sum(int(text.split("/")[1].split()[0]) for text in figures.values()) == (
        page.deliveries.count()
    )


def test_study_completion_by_unit_matches_the_table(client_for):
    study_plan = plan(PLAN_ALL)
    html = client_for("publisher").get(progress_url(study_plan)).content.decode()
    figures = rows(chart(html, "chart-study"))
    table, _total = completion_by_unit(study_plan)
    for row in table:
        if row.unit and row.members:
            assert figures[row.unit.name].startswith(f"{row.confirmed}/{row.members}")


def test_a_secret_plan_counts_only_the_members_who_may_see_it(client_for):
    secret = new_plan(title="Kế hoạch học tập mật về nhân sự", secret_for=roles.STANDING_COMMITTEE)
    html = client_for("administrator").get(progress_url(secret)).content.decode()
    figures = rows(chart(html, "chart-study")) if 'id="chart-study"' in html else {}
    for unit in Unit.objects.filter(active=True):
        users = [m.user for m in UnitMembership.objects.filter(unit=unit).select_related("user")]
        may_see = sum(1 for user in users if user.is_active and can_view_page(user, secret))
        if may_see:
            assert figures[unit.name] == f"0/{may_see} (0%)"
        else:
            assert unit.name not in figures


def test_emulation_ranking_as_bars_with_vietnamese_scores(client_for):
    movement = factories.EmulationMovementPageFactory(year=2025)
    units = list(Unit.objects.filter(active=True).order_by("name")[:2])
    EmulationRanking.objects.create(
        movement=movement, unit=units[0], rank=1, score=Decimal("96.50")
    )
    EmulationRanking.objects.create(movement=movement, unit=units[1], rank=2, score=Decimal("88"))
    html = client_for("member").get(movement.url).content.decode()
    assert rows(chart(html, "chart-ranking")) == {
        f"1. {units[0].name}": "96,50",
        f"2. {units[1].name}": "88,00",
    }


def test_charts_speak_english_for_who_chose_it():
    with translation.override("en"):
        svg = ET.fromstring(bar_chart([("A", 96.5, "")], title="t", chart_id="e"))
    assert rows(svg) == {"A": "96.5"}
