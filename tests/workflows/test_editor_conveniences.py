"""What the document form does for editors, through the admin's add and edit views.

Prefilled date and issuer, an address made from the number, a clear message when the
number and date are already in the library (naming the document only to those who may see
it), and a warning when the number was used with another date.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from organisation import roles
from regulations.models import CircularPage, Issuer, PartyDocumentPage

from .helpers import add_url, document_form, edit_url, library, messages_of

pytestmark = pytest.mark.django_db

SECRET_NUMBER, SECRET_DATE = "105-KL/TU", "24/06/2025"
SECRET_TITLE_WORDS = "phương án nhân sự"
ADD_CIRCULAR = "regulations.CircularPage"


def add(client, number, issued_on, slug="", title="Văn bản thử số trùng", follow=False, **extra):
    form = document_form(title, slug, number, issued_on=issued_on, **extra)
    return client.post(add_url(ADD_CIRCULAR, library()), form, follow=follow)


def number_errors(response) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get("number", [])]


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def selected_issuers(response) -> set[str]:
    html = response.content.decode()
    # The issuer choice: checkboxes under a search box (core.admin_widgets).
    boxes = re.findall(r'<input type="checkbox" name="issuers" value="(\d+)"[^>]*>', html)
    ticked = re.findall(r'<input type="checkbox" name="issuers" value="(\d+)"[^>]* checked', html)
    assert boxes, "no issuer choice on the form"
    return set(ticked)


# --------------------------------------------------------------------------------------------
# Prefill


def test_a_new_document_starts_with_today_and_the_most_used_issuer(client_for):
    response = client_for("editor").get(add_url(ADD_CIRCULAR, library()))
    assert response.status_code == 200
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert re.search(rf'name="issued_on" value="{re.escape(today)}"', response.content.decode())
    # The editor has written nothing yet: the issuer of most documents in the library.
    most_used = Issuer.objects.annotate(uses=Count("documents")).order_by("-uses", "name").first()
    assert selected_issuers(response) == {str(most_used.pk)}


def test_the_issuer_follows_what_this_editor_uses_most(client_for):
    editor = client_for("editor")
    office = Issuer.objects.get(code="VPTU")
    for index, number in enumerate(["31-HD/VPTU", "32-HD/VPTU"]):
        title = f"Hướng dẫn {index}"
        response = add(editor, number, "05/03/2026", title=title, issuers=[office.pk])
        assert response.status_code == 302, response.context["form"].errors
    response = editor.get(add_url(ADD_CIRCULAR, library()))
    assert selected_issuers(response) == {str(office.pk)}
    # Someone else's habits do not change another editor's default.
    other = client_for("reviewer").get(add_url(ADD_CIRCULAR, library()))
    assert selected_issuers(other) != {str(office.pk)}


def test_editing_a_document_keeps_its_own_date_and_issuers(client_for):
    document = CircularPage.objects.get(number="12-HD/VPTU")
    response = client_for("editor").get(edit_url(document))
    html = response.content.decode()
    assert 'name="issued_on" value="15/04/2024"' in html
    assert selected_issuers(response) == {str(i.pk) for i in document.issuers.all()}


# --------------------------------------------------------------------------------------------
# The address (slug)


def test_an_empty_address_is_made_from_the_number_and_year(client_for):
    editor = client_for("editor")
    form_page = editor.get(add_url(ADD_CIRCULAR, library())).content.decode()
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', form_page).group()
    assert "required" not in slug_input
    assert add(editor, "33-HD/VPTU", "05/03/2026").status_code == 302
    assert CircularPage.objects.get(number="33-HD/VPTU").slug == "33-hd-vptu-2026"
    # The same number in another term: the year is taken, so the full date.
    assert add(editor, "33-HD/VPTU", "07/09/2026", title="Kỳ sau").status_code == 302
    assert CircularPage.objects.get(number="33-HD/VPTU", title="Kỳ sau").slug == (
        "33-hd-vptu-2026-09-07"
    )
    # An address typed by the editor is kept.
    assert add(editor, "34-HD/VPTU", "05/03/2026", slug="so-tay-van-thu").status_code == 302
    assert CircularPage.objects.get(number="34-HD/VPTU").slug == "so-tay-van-thu"


# --------------------------------------------------------------------------------------------
# Number and date already in the library


def test_same_number_and_date_names_the_existing_document(client_for):
    existing = CircularPage.objects.get(number="12-HD/VPTU")
    editor = client_for("editor")
    before = PartyDocumentPage.objects.count()
    for typed in ("12-HD/VPTU", "12 - HD / VPTU"):  # printed differently, the same number
        response = add(editor, typed, "15/04/2024")
        assert response.status_code == 200
        (error,) = number_errors(response)
        assert "Đã có văn bản số 12-HD/VPTU ngày 15/04/2024" in plain(error)
        assert existing.title in error
        assert f'href="{edit_url(existing)}"' in error
        # Shown as a link on the page, not as escaped markup.
        assert f'<a href="{edit_url(existing)}">' in response.content.decode()
    assert PartyDocumentPage.objects.count() == before


def test_same_number_and_date_when_editing_another_document(client_for):
    document = CircularPage.objects.get(number="24-HD/VPTU")
    editor = client_for("editor")
    form = document_form(document.title, document.slug, "12-HD/VPTU", issued_on="15/04/2024")
    response = editor.post(edit_url(document), form)
    assert response.status_code == 200 and number_errors(response)
    # Saving a document under its own number and date is no duplicate.
    form = document_form(document.title, document.slug, "24-HD/VPTU", issued_on="10/06/2025")
    assert editor.post(edit_url(document), form).status_code == 302


def _neutral_refusal(client):
    response = add(client, SECRET_NUMBER, SECRET_DATE)
    assert response.status_code == 200
    return response, number_errors(response)


@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher"])
def test_a_secret_document_with_that_number_is_not_revealed(client_for, role):
    """Outside its group, a number and date held by a secret document is a free one: the
    document is saved as it would be if the secret one did not exist (issue 17: the former
    neutral refusal told that something held it). ``tests/security/test_oracles.py``
    compares the two answers in full."""
    secret = PartyDocumentPage.objects.get(number=SECRET_NUMBER)
    response = add(client_for(role), SECRET_NUMBER, SECRET_DATE, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET_TITLE_WORDS not in html and secret.slug not in html
    assert f"/admin/pages/{secret.pk}/" not in html
    created = CircularPage.objects.get(title="Văn bản thử số trùng")
    assert (created.number, created.issued_on) == (secret.number, secret.issued_on)
    assert created.slug == "105-kl-tu-2025"


def test_an_editor_of_the_secret_documents_group_is_told_which_document(client_for):
    insider = get_user_model().objects.create_user("bientap.btv", password="x-Khong-Dung-2026")
    insider.groups.add(*Group.objects.filter(name__in=[roles.EDITOR, roles.STANDING_COMMITTEE]))
    client = Client(HTTP_HOST="localhost")
    client.force_login(insider)
    _response, (error,) = _neutral_refusal(client)
    assert SECRET_TITLE_WORDS in error


def test_same_number_with_another_date_is_saved_with_a_warning(client_for):
    existing = CircularPage.objects.get(number="12-HD/VPTU")
    response = add(client_for("editor"), "12-HD/VPTU", "02/01/2026", follow=True)
    created = CircularPage.objects.get(number="12-HD/VPTU", issued_on="2026-01-02")
    assert not created.live
    warnings = [m for m in messages_of(response) if m.startswith("Lưu ý")]
    assert len(warnings) == 1
    assert "12-HD/VPTU ngày 15/04/2024" in plain(warnings[0]) and existing.title in warnings[0]
    assert f'href="{edit_url(existing)}"' in warnings[0]
    # And again on every save while it stays so.
    form = document_form(created.title, created.slug, "12-HD/VPTU", issued_on="02/01/2026")
    response = client_for("editor").post(edit_url(created), form, follow=True)
    assert any(m.startswith("Lưu ý") for m in messages_of(response))


def test_no_warning_names_a_secret_document(client_for):
    response = add(client_for("editor"), SECRET_NUMBER, "02/01/2026", follow=True)
    assert response.status_code == 200
    assert CircularPage.objects.filter(number=SECRET_NUMBER, issued_on="2026-01-02").exists()
    assert not any(m.startswith("Lưu ý") for m in messages_of(response))
    assert SECRET_TITLE_WORDS not in response.content.decode()


def test_autosaves_do_not_pile_up_warnings(client_for):
    editor = client_for("editor")
    add(editor, "12-HD/VPTU", "02/01/2026", follow=True)  # the warning is shown and read
    created = CircularPage.objects.get(number="12-HD/VPTU", issued_on="2026-01-02")
    form = document_form("Tự lưu", created.slug, "12-HD/VPTU", issued_on="02/01/2026")
    # Wagtail's autosave posts the form asking for JSON; it shows no messages.
    response = editor.post(edit_url(created), form, HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    response = editor.get(edit_url(created))
    assert not any(m.startswith("Lưu ý") for m in messages_of(response))
