"""Issue 18, the admin for Vietnamese editors: nothing fetched from outside, help from our own
guides, one spelling, the workflow's next step as the main button, no SEO fields, distinct
labels, a searchable issuer choice, and the admin's page search through our Vietnamese search."""

import re
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from regulations.models import DocumentLibraryPage, PartyDocumentPage
from tests.workflows.helpers import SUBMIT, add_url, document_form, edit_url, library

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from wagtail_catalogue import house_spelling  # noqa: E402


def footer_buttons(html: str) -> list[str]:
    """The buttons of the editor's footer, the main (default) one first."""
    footer = html[html.index('<footer class="footer') :]
    footer = footer[: footer.index("</footer>")]
    return re.findall(r"<button[^>]*>.*?</button>", footer, flags=re.S)


def label_of(button: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", button).split())


def test_no_avatar_is_fetched_from_gravatar(client_for):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    html = client_for("editor").get("/admin/").content.decode()
    assert "gravatar" not in html


def test_the_help_menu_leads_to_our_own_guides(client_for):
    html = client_for("editor").get("/admin/").content.decode()
    assert "wagtail.org" not in html
    assert reverse("help_guide", args=["bien-tap"]) in html
    guide = client_for("editor").get(reverse("help_guide", args=["bien-tap"]))
    assert guide.status_code == 200
    assert "<h1>Hướng dẫn biên tập</h1>" in guide.content.decode()
    assert client_for("member").get(reverse("help_guide", args=["khong-co"])).status_code == 404


def test_guides_escape_raw_html(settings, tmp_path, monkeypatch):
    from home import help_guides

    (tmp_path / "editors.md").write_text("# Tiêu đề\n\n<script>alert(1)</script>\n")
    monkeypatch.setattr(help_guides, "DOCS", tmp_path)
    help_guides._rendered.cache_clear()
    try:
        html = help_guides._rendered("editors.md")
    finally:
        help_guides._rendered.cache_clear()
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "catalogue",
    [
        ROOT / "intranet/locale_wagtail/vi/LC_MESSAGES/django.po",
        ROOT / "intranet/locale_wagtail/vi/LC_MESSAGES/djangojs.po",
        ROOT / "locale/vi/LC_MESSAGES/django.po",
    ],
)
def test_one_spelling_convention_uy_khoa(catalogue):
    wrong = []
    for entry in polib.pofile(str(catalogue)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text and house_spelling(text) != text:
                wrong.append(text)
    assert not wrong, wrong[:10]


def test_house_spelling_moves_only_word_final_tones():
    assert house_spelling("Huỷ khoá, Uỷ ban, hoà, khoẻ") == "Hủy khóa, Ủy ban, hòa, khỏe"
    assert house_spelling("quý hoàn toán hoạch") == "quý hoàn toán hoạch"


def draft_document(client):
    data = document_form("Hướng dẫn thử nút trình duyệt", "thu-nut-trinh-duyet", "77-HD/VPTU")
    response = client.post(add_url("regulations.circularpage", library()), data)
    assert response.status_code == 302
    return PartyDocumentPage.objects.get(number="77-HD/VPTU")


def test_the_editor_main_button_is_trinh_duyet(client_for):
    editor = client_for("editor")
    buttons = footer_buttons(
        editor.get(add_url("regulations.circularpage", library())).content.decode()
    )
    assert 'name="action-submit"' in buttons[0]
    assert label_of(buttons[0]) == "Trình duyệt"
    document = draft_document(editor)
    buttons = footer_buttons(editor.get(edit_url(document)).content.decode())
    assert 'name="action-submit"' in buttons[0] and label_of(buttons[0]) == "Trình duyệt"
    assert any("Lưu bản nháp" in label_of(button) for button in buttons[1:])


def test_the_reviewer_main_button_is_phe_duyet_and_send_back_is_tra_lai(client_for):
    editor = client_for("editor")
    document = draft_document(editor)
    editor.post(
        edit_url(document),
        {**document_form(document.title, document.slug, document.number), **SUBMIT},
    )
    buttons = footer_buttons(client_for("reviewer").get(edit_url(document)).content.decode())
    assert 'data-workflow-action-name="approve"' in buttons[0]
    assert "data-workflow-action-modal-url" not in buttons[0]
    assert label_of(buttons[0]) == "Phê duyệt"
    labels = [label_of(button) for button in buttons]
    assert "Trả lại" in labels and "Phê duyệt kèm ý kiến" in labels


def test_no_search_engine_fields_and_distinct_labels_on_a_document(client_for):
    document = PartyDocumentPage.objects.live().filter(confidentiality="").first()
    html = client_for("editor").get(edit_url(document)).content.decode()
    assert 'name="seo_title"' not in html and 'name="search_description"' not in html
    assert 'name="show_in_menus"' not in html
    assert "domain.com" not in html
    assert 'name="slug"' in html  # the address stays, in the settings tab
    assert "Tóm tắt nội dung" in html
    assert "Trích yếu nội dung, tóm tắt" not in html


def test_sections_keep_the_menu_switch(client_for):
    html = client_for("editor").get(edit_url(DocumentLibraryPage.objects.get())).content.decode()
    assert 'name="show_in_menus"' in html
    assert 'name="seo_title"' not in html


def test_issuers_are_searchable_checkboxes(client_for):
    html = client_for("editor").get(add_url("regulations.circularpage", library())).content.decode()
    assert "data-searchable-choices" in html
    assert 'aria-label="Tìm cơ quan ban hành"' in html
    assert re.search(r'<input type="checkbox" name="issuers"', html)
    assert not re.search(r'<select[^>]*name="issuers"', html)
    assert "js/filter_choices.js" in html


def admin_search(client, query: str) -> str:
    return client.get("/admin/pages/search/", {"q": query}).content.decode()


def test_admin_search_finds_toneless_and_number_queries(client_for):
    editor = client_for("editor")
    regulation = (
        PartyDocumentPage.objects.live()
        .filter(confidentiality="", title__icontains="quy chế")
        .first()
    )
    assert regulation is not None
    assert regulation.title in admin_search(editor, "quy che")
    numbered = PartyDocumentPage.objects.live().filter(confidentiality="").first()
    assert numbered.title in admin_search(editor, numbered.number)


def test_admin_search_never_shows_a_secret_document_to_an_outsider(client_for):
    secret = PartyDocumentPage.objects.exclude(confidentiality="").first()
    html = admin_search(client_for("editor"), secret.number)
    assert secret.title not in html
