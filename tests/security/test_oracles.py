"""No existence oracle for editors outside a secret document's groups (issue 17).

What an editor can try in the admin must answer exactly as if the secret document did not
exist: the address made for a new document, an address they type, the preview's
``is_valid``, every error of the document form and the save itself for a number and date
that a secret document holds. Secret documents have random addresses, unrelated to their
number, and lose the one they had when they become secret, with no redirect. Their readers
keep the identity: an editor of the group is told about the secret document.
"""

import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from wagtail.contrib.redirects.models import Redirect

from organisation.roles import EDITOR, STANDING_COMMITTEE
from regulations.importer import import_documents
from regulations.models import CircularPage, PartyDocumentPage
from regulations.slugs import SECRET_SLUG, document_slug
from tests.factories import CircularPageFactory, IssuerFactory, UserFactory, logged_in
from tests.regulations.library_helpers import admin_edit_data, admin_publish, doc_line
from tests.workflows.helpers import add_url, document_form, library

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_factory_sequences")]

NUMBER, DAY, TYPED_DAY = "77-HD/VPTU", datetime.date(2025, 3, 1), "01/03/2025"
FREE_NUMBER = "79-HD/VPTU"  # held by nobody
ADD = "regulations.CircularPage"
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=|"CSRF_TOKEN": )"[^"]*"')


@pytest.fixture
def editor():
    """An Office editor outside the secret documents' group."""
    return logged_in(UserFactory(roles=[EDITOR]))


def make_secret(number=NUMBER, issued_on=DAY, **fields) -> PartyDocumentPage:
    return CircularPageFactory(secret=True, number=number, issued_on=issued_on, **fields)


def post_add(client, number, *, preview=False, slug="", title="Hướng dẫn thử", **extra):
    url = add_url(ADD, library()) + ("preview/" if preview else "")
    return client.post(url, document_form(title, slug, number, issued_on=TYPED_DAY, **extra))


def answer(response, number) -> tuple:
    """What a response tells: its status, where it goes, its form errors and its page, with
    the number typed and the CSRF token (new on every request) set aside."""
    form = response.context["form"] if response.context and "form" in response.context else None
    errors = {name: list(messages) for name, messages in form.errors.items()} if form else None
    text = CSRF.sub(r"\1", response.content.decode()).replace(number, "NUMBER")
    return response.status_code, response.get("Location"), errors, text


# --------------------------------------------------------------------------------------------
# Addresses


def test_a_secret_document_gets_a_random_address(empty_db):
    secret = make_secret()
    assert SECRET_SLUG.fullmatch(secret.slug)
    assert "hd-vptu" not in secret.slug and "2025" not in secret.slug  # nothing of its number
    assert secret.url.endswith(f"/{secret.slug}/")
    assert make_secret(issued_on=datetime.date(2025, 4, 1)).slug != secret.slug


def test_the_demo_secret_document_has_a_random_address():
    secret = PartyDocumentPage.objects.get(number="105-KL/TU")
    assert SECRET_SLUG.fullmatch(secret.slug) and secret.restricted


def test_the_automatic_address_does_not_depend_on_secret_documents(editor):
    before = document_slug(NUMBER, DAY, library())
    make_secret()
    make_secret(issued_on=datetime.date(2025, 9, 9))
    assert document_slug(NUMBER, DAY, library()) == before == "77-hd-vptu-2025"
    response = post_add(editor, NUMBER)
    assert response.status_code == 302
    assert CircularPage.objects.get(number=NUMBER, restricted=False).slug == "77-hd-vptu-2025"


def test_a_typed_address_is_free_whatever_secret_documents_hold(editor):
    make_secret()
    response = post_add(editor, FREE_NUMBER, slug="77-hd-vptu-2025", preview=True)
    assert response.json() == {"is_valid": True, "is_available": True}
    response = post_add(editor, FREE_NUMBER, slug="77-hd-vptu-2025")
    assert response.status_code == 302
    assert CircularPage.objects.get(number=FREE_NUMBER).slug == "77-hd-vptu-2025"


def test_a_document_made_secret_after_publication_loses_its_address(
    editor, client_for, django_capture_on_commit_callbacks
):
    """Wagtail makes its redirects after the commit: the callbacks run here."""
    public = CircularPageFactory(number=NUMBER, issued_on=DAY, slug="77-hd-vptu-2025")
    old_url = public.url
    admin = client_for("administrator")
    committee = PartyDocumentPage._meta.get_field("restricted_groups").related_model
    group = committee.objects.get(name=STANDING_COMMITTEE)
    # A draft marked secret: restricted at once, and its address with it.
    data = admin_edit_data(admin, public, confidentiality="Mật", restricted_groups=[group.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(f"/admin/pages/{public.pk}/edit/", data).status_code == 302
    concealed = PartyDocumentPage.objects.get(pk=public.pk)
    assert SECRET_SLUG.fullmatch(concealed.slug) and concealed.restricted
    assert not Redirect.objects.filter(redirect_page_id=public.pk).exists()
    member = client_for("member")
    missing = member.get(old_url.replace("77-hd-vptu", "78-hd-vptu"))
    gone = member.get(old_url)
    assert gone.status_code == missing.status_code == 404
    assert not Redirect.objects.filter(old_path__contains="77-hd-vptu").exists()
    # Published: the draft's address is the one it already has.
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_publish(admin, concealed).status_code == 302
    assert PartyDocumentPage.objects.get(pk=public.pk).slug == concealed.slug
    assert not Redirect.objects.filter(redirect_page_id=public.pk).exists()
    assert client_for("standing_committee").get(concealed.url).status_code == 200
    # Its old address is free for a public document.
    assert post_add(editor, NUMBER, slug="").status_code == 302
    assert CircularPage.objects.get(number=NUMBER, restricted=False).slug == "77-hd-vptu-2025"


# --------------------------------------------------------------------------------------------
# The number and date


@pytest.mark.parametrize("preview", [False, True], ids=["save", "preview"])
def test_a_number_held_by_a_secret_document_answers_like_a_free_one(editor, preview):
    # Invalid for another reason (no title): the form comes back with its errors.
    free = answer(post_add(editor, NUMBER, preview=preview, title=""), NUMBER)
    make_secret()
    held = answer(post_add(editor, NUMBER, preview=preview, title=""), NUMBER)
    assert held == free
    if preview:
        assert post_add(editor, NUMBER, preview=True).json() == {
            "is_valid": True,
            "is_available": True,
        }


def test_saving_under_a_secret_documents_number_and_date_succeeds(editor):
    secret = make_secret()
    assert post_add(editor, NUMBER).status_code == 302
    public = CircularPage.objects.get(number=NUMBER, restricted=False)
    assert (public.number_key, public.issued_on) == (secret.number_key, secret.issued_on)
    edit = editor.get(f"/admin/pages/{public.pk}/edit/").content.decode()
    assert secret.title not in edit and secret.slug not in edit and "Lưu ý" not in edit


def test_editing_a_document_to_a_secret_documents_number_is_free_too(editor):
    document = CircularPageFactory(number=FREE_NUMBER, issued_on=DAY)
    data = admin_edit_data(editor, document, number=NUMBER, title="")
    free = answer(editor.post(f"/admin/pages/{document.pk}/edit/", data), NUMBER)
    make_secret()
    held = answer(editor.post(f"/admin/pages/{document.pk}/edit/", data), NUMBER)
    assert held[:3] == free[:3]


def test_an_editor_of_the_group_is_told_about_the_secret_document():
    secret = make_secret()
    insider = logged_in(UserFactory(roles=[EDITOR, STANDING_COMMITTEE]))
    response = post_add(insider, NUMBER)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["number"]
    assert secret.title in error


def test_the_database_keeps_the_identity_unique_among_public_documents():
    secret = make_secret()
    public = CircularPageFactory(number=NUMBER, issued_on=DAY)  # beside the secret one
    assert (public.number_key, public.issued_on) == (secret.number_key, secret.issued_on)
    with pytest.raises(IntegrityError), transaction.atomic():
        CircularPageFactory(number=NUMBER, issued_on=DAY, slug="ban-thu-hai")


def test_a_posted_issuer_known_only_from_secret_documents_is_refused_like_a_missing_one(
    editor,
):
    hidden = IssuerFactory(name="Tiểu ban Bảo vệ chính trị nội bộ", code="TBBVNB")
    make_secret(issuer=hidden)
    missing = answer(post_add(editor, FREE_NUMBER, issuers=[hidden.pk + 1000]), FREE_NUMBER)
    held = answer(post_add(editor, FREE_NUMBER, issuers=[hidden.pk]), FREE_NUMBER)
    missing[2]["issuers"] = [m.replace(str(hidden.pk + 1000), "ID") for m in missing[2]["issuers"]]
    held[2]["issuers"] = [m.replace(str(hidden.pk), "ID") for m in held[2]["issuers"]]
    assert held[2] == missing[2]


# --------------------------------------------------------------------------------------------
# The importer: the line's secrecy decides which document it updates


def _import(*lines):
    summary = import_documents(list(lines))
    assert summary.ok, summary.errors
    return summary


def test_a_public_line_never_updates_a_secret_document():
    secret = make_secret()
    summary = _import(doc_line(NUMBER, DAY.isoformat(), title="Hướng dẫn công khai trùng số"))
    assert summary.created == 1
    public = PartyDocumentPage.objects.get(number=NUMBER, restricted=False)
    assert public.slug == "77-hd-vptu-2025" and public.pk != secret.pk
    assert PartyDocumentPage.objects.get(pk=secret.pk).title == secret.title


def test_a_secret_line_updates_the_secret_document_else_makes_the_public_one_secret(
    django_capture_on_commit_callbacks,
):
    secret = make_secret()
    public = CircularPageFactory(number=NUMBER, issued_on=DAY)
    line = doc_line(
        NUMBER,
        DAY.isoformat(),
        title="Hướng dẫn mật cập nhật",
        confidentiality="Mật",
        restricted_to=[STANDING_COMMITTEE],
    )
    assert _import(line).updated == 1
    assert PartyDocumentPage.objects.get(pk=secret.pk).title == "Hướng dẫn mật cập nhật"
    assert PartyDocumentPage.objects.get(pk=public.pk).title == public.title
    other = CircularPageFactory(number=FREE_NUMBER, issued_on=DAY, slug="79-hd-vptu-2025")
    line = doc_line(FREE_NUMBER, DAY.isoformat(), confidentiality="Mật", restricted_to=["X"])
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail's redirects come then
        assert _import(line).updated == 1
    made_secret = PartyDocumentPage.objects.get(pk=other.pk)
    assert made_secret.restricted and SECRET_SLUG.fullmatch(made_secret.slug)
    assert not Redirect.objects.filter(redirect_page_id=other.pk).exists()


def test_a_restriction_made_in_the_privacy_dialog_conceals_the_address_too():
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    public = CircularPageFactory(number=NUMBER, issued_on=DAY, slug="77-hd-vptu-2025")
    restriction = PageViewRestriction.objects.create(
        page=public, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=STANDING_COMMITTEE)])
    concealed = PartyDocumentPage.objects.get(pk=public.pk)
    assert concealed.restricted and SECRET_SLUG.fullmatch(concealed.slug)
    assert document_slug(NUMBER, DAY, library()) == "77-hd-vptu-2025"
    restriction.delete()  # lifted: public again, under the address it has
    assert not PartyDocumentPage.objects.get(pk=public.pk).restricted


def test_who_sees_both_documents_of_a_shared_identity_is_warned_and_kept_from_a_clash():
    secret = make_secret()
    public = CircularPageFactory(number=NUMBER, issued_on=DAY, slug="77-hd-vptu-2025")
    insider = logged_in(UserFactory(roles=[EDITOR, STANDING_COMMITTEE]))
    edit = f"/admin/pages/{secret.pk}/edit/"
    response = insider.post(edit, admin_edit_data(insider, secret), follow=True)
    warnings = [str(m) for m in response.context["messages"] if str(m).startswith("Lưu ý")]
    assert len(warnings) == 1 and public.title in warnings[0] and "cùng số" in warnings[0]
    # Made public beside a public document of the same identity: refused, naming it.
    data = admin_edit_data(insider, secret, confidentiality="", restricted_groups=[])
    response = insider.post(edit, data)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["number"]
    assert public.title in error
    # The editor of the public one, outside the group, is told nothing.
    response = logged_in(UserFactory(roles=[EDITOR])).post(
        f"/admin/pages/{public.pk}/edit/", admin_edit_data(insider, public), follow=True
    )
    assert not [m for m in response.context["messages"] if str(m).startswith("Lưu ý")]
    assert secret.title not in response.content.decode()
