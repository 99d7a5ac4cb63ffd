"""Wagtail's preview of a document is the published page's template, and follows the rule.

The editor's preview (the "eye" panel of the page editor) posts the form, then shows the
page as it would be published: same template, title, number, metadata table and body. The
preview of the secret document answers the admin's 404 to everyone outside its group, like
every other admin URL of that page.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from organisation import roles
from regulations.models import CircularPage, PartyDocumentPage

from .helpers import PUBLISH, SUBMIT, add_url, document_form, library

pytestmark = pytest.mark.django_db

TITLE = "Hướng dẫn xem trước văn bản Tuongvan"
SLUG = "xem-truoc-van-ban"
NUMBER = "41-HD/VPTU"
BODY = "Căn cứ Quy chế làm việc của Tỉnh ủy;"
ARTICLE = re.compile(r'<article class="document".*?</article>', re.S)


def preview(client, url: str, form: dict):
    """Post the form to a preview URL, as the editor's preview panel does, then open it."""
    answer = client.post(url, form)
    assert answer.status_code == 200, answer.status_code
    assert answer.json()["is_valid"], answer.json()
    return client.get(url)


def article(response) -> str:
    match = ARTICLE.search(response.content.decode())
    assert match, "no document article on the page"
    return match.group()


def test_preview_of_a_new_document_is_the_document_page(client_for):
    url = add_url("regulations.CircularPage", library()) + "preview/"
    response = preview(client_for("editor"), url, document_form(TITLE, SLUG, NUMBER))
    assert response.status_code == 200
    assert "pages/document_page.html" in [t.name for t in response.templates]
    html = article(response)
    assert TITLE in html and f"Số {NUMBER}" in html
    assert '<dl class="meta-list">' in html and "05/03/2026" in html
    assert BODY in html


def test_preview_shows_the_relations_being_edited_and_never_a_hidden_one(client_for):
    """Relations come from the form: one to a document in the library and one pending. A
    posted secret target is refused like a missing one (the form's choices are the editor's
    visible documents: tests/security/test_admin_secrets_walk.py), so nothing of it shows."""
    based_on = PartyDocumentPage.objects.get(number="01-QC/TU")
    relations = [
        {"relation_type": "based_on", "target": based_on.pk, "target_number": ""},
        {"relation_type": "replaces", "target": "", "target_number": "09-HD/VPTU"},
    ]
    form = document_form(TITLE, SLUG, NUMBER)
    form.update(
        nested_form_data(
            {
                "outgoing_relations": inline_formset(
                    [
                        {**r, "target_issued_on": "", "ORDER": str(i)}
                        for i, r in enumerate(relations)
                    ]
                )
            }
        )
    )
    url = add_url("regulations.CircularPage", library()) + "preview/"
    html = article(preview(client_for("editor"), url, form))
    assert f"01-QC/TU – {based_on.title}" in html
    assert "09-HD/VPTU" in html
    assert "105-KL" not in html and "phương án nhân sự" not in html


def test_preview_shows_what_the_published_page_shows(client_for):
    form = document_form(TITLE, SLUG, NUMBER)
    response = client_for("administrator").post(
        add_url("regulations.CircularPage", library()), {**form, **PUBLISH}
    )
    assert response.status_code == 302
    page = CircularPage.objects.get(slug=SLUG)
    assert page.live
    published = article(client_for("member").get(page.url))

    previewed = article(
        preview(client_for("editor"), f"/admin/pages/{page.pk}/edit/preview/", form)
    )
    assert previewed == published


SECRET_NUMBER = "105-KL/TU"


@pytest.fixture
def secret():
    return PartyDocumentPage.objects.get(number=SECRET_NUMBER).specific


@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher"])
def test_preview_of_the_secret_document_is_refused_outside_its_group(role, secret, client_for):
    client = client_for(role)
    url = f"/admin/pages/{secret.pk}/edit/preview/"
    form = document_form(secret.title, secret.slug, SECRET_NUMBER, issued_on="24/06/2025")
    assert client.post(url, form).status_code == 404
    response = client.get(url)
    assert response.status_code == 404
    assert "phương án nhân sự" not in response.content.decode()


def test_preview_of_the_secret_document_waiting_for_review_is_refused(secret, client_for, user_for):
    admin = user_for("administrator")
    secret.save_revision(user=admin)
    state = secret.get_workflow().start(secret, admin)
    task = state.current_task_state.task
    url = f"/admin/pages/workflow/preview/{secret.pk}/{task.pk}/"
    response = client_for("reviewer").get(url)
    assert response.status_code == 404
    assert "phương án nhân sự" not in response.content.decode()
    assert client_for("administrator").get(url).status_code == 200


def test_an_editor_of_the_group_previews_the_secret_document(secret):
    insider = get_user_model().objects.create_user("bientap.btv", password="x-Khong-Dung-2026")
    insider.groups.add(*Group.objects.filter(name__in=[roles.EDITOR, roles.STANDING_COMMITTEE]))
    client = Client(HTTP_HOST="localhost")
    client.force_login(insider)
    form = document_form(secret.title, secret.slug, SECRET_NUMBER, issued_on="24/06/2025")
    form.update(
        confidentiality=secret.confidentiality,
        restricted_groups=[g.pk for g in secret.restricted_groups.all()],
    )
    response = preview(client, f"/admin/pages/{secret.pk}/edit/preview/", form)
    assert response.status_code == 200 and "phương án nhân sự" in article(response)


def test_the_editor_previews_a_submitted_document_in_the_reviewers_step(client_for):
    """The reviewer's "preview" of a task shows the submitted revision in the same template."""
    editor, reviewer = client_for("editor"), client_for("reviewer")
    editor.post(
        add_url("regulations.CircularPage", library()), document_form(TITLE, SLUG, NUMBER, **SUBMIT)
    )
    page = CircularPage.objects.get(slug=SLUG)
    task = page.current_workflow_state.current_task_state.task
    response = reviewer.get(f"/admin/pages/workflow/preview/{page.pk}/{task.pk}/")
    assert response.status_code == 200
    html = article(response)
    assert TITLE in html and f"Số {NUMBER}" in html and BODY in html
