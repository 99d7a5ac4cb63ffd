"""Emulation news: units post under their own page only; listings filter by unit, cluster
and movement."""

import datetime

import pytest
from django.db import connection
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import EmulationIndexPage, NewsPage
from organisation.models import UnitPage

from .helpers import DIEN_CHAU, TRUONG_VINH, publish_movement

pytestmark = pytest.mark.django_db


def news_form(title, slug, movement=None):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "20/11/2026",
            "intro": "Tin thi đua của đơn vị.",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung</p>"))]),
            "tags": "",
            "movement": movement.pk if movement else "",
        }
    )
    return {**data, "action-submit": "Gửi duyệt"}


def add_url(parent):
    return f"/admin/pages/add/home/newspage/{parent.pk}/"


def test_unit_editor_posts_news_under_own_unit_through_the_workflow(client_for):
    own = UnitPage.objects.get(unit__code=TRUONG_VINH)
    response = client_for("unit_editor").post(
        add_url(own), news_form("Tin phường Trường Vinh", "tin-tv")
    )
    assert response.status_code == 302
    news = NewsPage.objects.child_of(own).get(slug="tin-tv")
    assert not news.live  # awaits the Office's check in the unit news workflow
    assert news.current_workflow_state is not None


@pytest.mark.parametrize(
    "parent",
    [
        lambda: UnitPage.objects.get(unit__code=DIEN_CHAU),
        lambda: EmulationIndexPage.objects.first(),
    ],
)
def test_unit_editor_cannot_post_under_another_unit_or_the_office_sections(client_for, parent):
    target = parent()
    client = client_for("unit_editor")
    assert client.get(add_url(target)).status_code in (302, 403)
    client.post(add_url(target), news_form("Tin mạo danh", "tin-mao-danh"))
    assert not Page.objects.filter(slug="tin-mao-danh").exists()


def _publish_news(parent, slug, movement=None):
    news = NewsPage(
        title=f"Tin {slug}", slug=slug, date=datetime.date(2026, 11, 20), movement=movement
    )
    parent.add_child(instance=news)
    news.save_revision().publish()
    return news


def test_listing_filters_by_unit_cluster_and_movement(client_for):
    movement = publish_movement(all_units=True)
    section = EmulationIndexPage.objects.first()
    office_news = _publish_news(section, "tin-van-phong", movement)
    ward_news = _publish_news(UnitPage.objects.get(unit__code=TRUONG_VINH), "tin-phuong")
    commune_news = _publish_news(UnitPage.objects.get(unit__code=DIEN_CHAU), "tin-xa", movement)
    client = client_for("member")

    def titles(**params):
        response = client.get(section.url, params)
        assert response.status_code == 200
        return {item.title for item in response.context["page_obj"]}

    everything = titles()
    assert {office_news.title, ward_news.title, commune_news.title} <= everything
    assert titles(don_vi=TRUONG_VINH) == {ward_news.title} | {
        n.title
        for n in NewsPage.objects.child_of(UnitPage.objects.get(unit__code=TRUONG_VINH)).live()
    }
    by_cluster = titles(cum="Cụm thi đua số 2 – các xã đồng bằng")
    assert commune_news.title in by_cluster and ward_news.title not in by_cluster
    assert titles(phong_trao=movement.pk) == {office_news.title, commune_news.title}
    assert titles(phong_trao="abc") == everything  # a bad value is ignored, not an error
    assert movement.title in client.get(section.url).content.decode()


@pytest.mark.parametrize("params", [{"don_vi": "a\x00b"}, {"cum": "\x00"}, {"don_vi": "x" * 201}])
def test_a_refused_unit_or_cluster_lists_nothing_and_is_never_queried(client_for, params):
    """``?don_vi=%00`` was a server error on PostgreSQL, which refuses a NUL in a string
    (found by tests/security/test_query_params_fuzz.py). The section's filter form
    (``core.params``) refuses it, as an unknown unit it lists nothing."""
    section = EmulationIndexPage.objects.first()
    sent = []

    def spy(execute, sql, params, many, context):
        rows = params if many else [params]
        sent.extend(str(value) for row in rows for value in (row or ()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        response = client_for("member").get(section.url, params)
    assert response.status_code == 200
    assert not response.context["page_obj"].object_list
    assert sent and not any("\x00" in value for value in sent)
