"""Study materials are searchable like documents and obey the same visibility rule."""

import io

import docx
import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from search.models import SearchEntry
from study.models import MaterialText, StudyTopicPage

from .helpers import PLAN_ALL, PLAN_TOPIC, new_plan, plan, secret_plan

pytestmark = pytest.mark.django_db


def _result_urls(client, query: str, **params) -> list[str]:
    response = client.get("/api/v1/search/", {"q": query, "per_page": 100, **params})
    assert response.status_code == 200, response.content
    return [hit["url"] for hit in response.json()["results"]]


def test_a_plan_is_found_with_and_without_marks(client_for):
    member = client_for("member")
    url = plan(PLAN_TOPIC).url
    assert url in _result_urls(member, "học tập chuyên đề năm 2026")
    assert url in _result_urls(member, "hoc tap chuyen de nam 2026")


def test_the_chi_thi_05_topic_is_indexed_with_its_year(client_for):
    topic = StudyTopicPage.objects.get(year=2026)
    entry = SearchEntry.objects.get(page=topic)
    assert (entry.section, entry.year) == ("study", 2026)
    urls = _result_urls(client_for("member"), "phong cach lam viec dan chu", section="study")
    assert topic.url in urls


def test_the_text_of_an_attached_material_is_searchable(client_for):
    # "bốn trụ cột tăng trưởng" is only in the demo's DOCX outline, not in the page itself.
    study_plan = plan(PLAN_ALL)
    assert "trụ cột" not in study_plan.intro + str(study_plan.body)
    member = client_for("member")
    assert study_plan.url in _result_urls(member, "bốn trụ cột tăng trưởng")
    assert study_plan.url in _result_urls(member, "bon tru cot tang truong")


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_publishing_a_plan_extracts_its_materials_text(
    client_for, django_capture_on_commit_callbacks
):
    material = get_document_model()(title="Tài liệu bồi dưỡng lý luận")
    material.file.save("boi-duong.docx", ContentFile(_docx("Nội dung về kinh tế tuần hoàn.")))
    with django_capture_on_commit_callbacks(execute=True):
        fresh = new_plan(
            title="Kế hoạch bồi dưỡng lý luận",
            body=[("attachment", {"document": material, "caption": "Tài liệu"})],
        )
    assert "kinh tế tuần hoàn" in MaterialText.objects.get(document=material).text
    assert fresh.url in _result_urls(client_for("member"), "kinh te tuan hoan")


def test_a_plan_hidden_from_a_member_is_not_found_by_them(client_for):
    secret = secret_plan("Kế hoạch học tập bảo mật về quy hoạch cán bộ")
    assert secret.url not in _result_urls(client_for("member"), "quy hoach can bo bao mat")
    assert secret.url not in _result_urls(client_for("member"), "Kế hoạch học tập bảo mật")
    assert secret.url in _result_urls(client_for("standing_committee"), "quy hoach can bo bao mat")


def test_the_search_page_shows_study_results_under_their_section(client_for):
    response = client_for("member").get(
        "/tim-kiem/", {"q": "hoc tap chuyen de", "section": "study"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert plan(PLAN_TOPIC).url in html
