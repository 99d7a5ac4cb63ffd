"""The admin form of documents: sensible defaults and checks an editor would expect, and
nothing that depends on what the editor may not see.

* A new document starts with today's date and the issuer this editor uses most, counted over
  the documents they may see; the issuers offered are those of documents they may see (and
  those no document uses yet): an issuer known only from secret documents is not listed.
* The address (slug) may be left empty: it is made from the number and the year, as the
  importer does ("15-hd-vptu-2026"), since Wagtail's own slug from a Vietnamese title
  loses every accented letter. A secret document's address is a random token, whatever is
  typed (``regulations.slugs``): it never competes with the addresses of public documents.
* A number and date held by a document the editor may see is an error that names it, when
  the editor is creating that identity (a new document, or a changed number or date) or when
  the other document is of the same secrecy class (the database keeps the identity unique
  among public documents); otherwise a warning after saving (``duplicate_number_warnings``),
  as for the same number with another date, since numbers restart with each term. A number
  and date held only by documents the editor may not see changes nothing: the form, its
  preview (``is_valid``) and the save answer exactly as for a free number.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_forms import VisibleAdminPageForm
from core.narrowing import narrow
from core.visibility import admin_visible_pages, is_shut_to_some
from regulations.numbers import number_key

from .body_form import FullTextBodyMixin
from .import_format.codes import is_state_type
from .slugs import document_slug, is_secret_slug, secret_slug


class PartyDocumentForm(FullTextBodyMixin, VisibleAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_own_types()
        if self.instance.pk is None:
            if "slug" in self.fields:
                self.fields["slug"].required = False
                self.fields["slug"].help_text = _(
                    "Để trống để tự đặt theo số, ký hiệu và năm ban hành (ví dụ 15-hd-vptu-2026)."
                )
            if not self.is_bound:
                self._prefill()

    def _offer_own_types(self) -> None:
        """The types of the page's system only: a state document offers "Thông tư" (NN-TT),
        a circular "Thông tri" (TT); the model's field holds both (``DOC_TYPE_CHOICES``)."""
        field = self.fields.get("doc_type")
        if field is None:
            return
        state = getattr(self._meta.model, "system", "party") == "state"
        field.choices = [
            (key, label) for key, label in field.choices if not key or is_state_type(key) == state
        ]

    def _prefill(self) -> None:
        """Today's date and the issuer this editor (or, failing that, everyone) uses most.

        The new page's own empty values are in ``initial`` already (``None``, ``[]``), so
        they are replaced when empty rather than ``setdefault``. Only documents and issuers
        the editor may see are counted (``core.narrowing``): a secret document must not
        decide which issuer is offered.
        """
        issuers_field = self._meta.model._meta.get_field("issuers")
        if not self.initial.get("issued_on"):
            self.initial["issued_on"] = timezone.localdate()
        if self.initial.get("issuers"):
            return
        issuers = narrow(self.for_user, issuers_field.related_model.objects.all())
        documents = narrow(self.for_user, issuers_field.model.objects.all()).values("pk")
        used = issuers.filter(documents__in=documents)
        issuer = None
        if self.for_user is not None and self.for_user.is_authenticated:
            # Filter before counting, so the count is of this editor's documents only.
            own = used.filter(documents__owner=self.for_user)
            issuer = own.annotate(uses=Count("documents")).order_by("-uses", "name").first()
        if issuer is None:
            issuer = used.annotate(uses=Count("documents")).order_by("-uses", "name").first()
        if issuer is not None:
            self.initial["issuers"] = [issuer.pk]

    def clean(self):
        self._fill_slug()
        cleaned = super().clean()
        if cleaned.get("confidentiality") and not cleaned.get("restricted_groups"):
            self.add_error(
                "restricted_groups",
                _("Văn bản mật phải chọn ít nhất một nhóm được xem."),
            )
        self._check_same_number_and_date()
        return cleaned

    def _fill_slug(self) -> None:
        data = self.cleaned_data
        if "slug" not in self.fields:
            return
        if self._secret_version() or (self.instance.pk and is_shut_to_some(self.instance)):
            own = self.instance.slug
            data["slug"] = own if is_secret_slug(own) else secret_slug()
            return
        if data.get("slug"):
            return
        if data.get("number") and data.get("issued_on") and self.parent_page is not None:
            data["slug"] = document_slug(data["number"], data["issued_on"], self.parent_page)
        # Otherwise the number or date is missing or wrong (and says so): tell the editor
        # what the address is waiting for.
        elif "slug" not in self.errors:
            self.add_error("slug", _("Hãy nhập số, ký hiệu và ngày ban hành, hoặc tự đặt địa chỉ."))

    def _secret_version(self) -> bool:
        """The version being saved asks for a restriction (the model's ``marked_secret``)."""
        data = self.cleaned_data
        return bool(data.get("confidentiality") or data.get("restricted_groups"))

    def _check_same_number_and_date(self) -> None:
        number, issued_on = self.cleaned_data.get("number"), self.cleaned_data.get("issued_on")
        if not number or not issued_on:
            return
        same = same_number(number, self.instance).filter(issued_on=issued_on)
        instance = self.instance
        # The key from the number itself: a draft's revision keeps the key of its last save.
        creating = instance.pk is None or (number_key(instance.number), instance.issued_on) != (
            number_key(number),
            issued_on,
        )
        secret = self._secret_version()
        for existing in _documents_seen_by(self.for_user, instance, same):
            if creating or existing.restricted == secret:
                self.add_error("number", duplicate_message(existing, self.for_user))
                return


def _documents_seen_by(user, instance, documents=None):
    """``documents`` (default: every document) that ``user`` may see in the admin; all of
    them for a form made without a user (code, not an editor)."""
    documents_model = type(instance)._meta.get_field("number").model
    documents = documents_model.objects.all() if documents is None else documents
    return documents if user is None else admin_visible_pages(user, documents)


def same_number(number: str, instance):
    """Documents whose number is ``number`` printed alike ("137 - QĐ/TW" = "137-QĐ/TW"),
    other than ``instance`` (a document page, saved or not: it gives the model, which this
    module, below the models, does not import)."""
    documents_model = type(instance)._meta.get_field("number").model
    documents = documents_model.objects.filter(number_key=number_key(number))
    if instance.pk:
        documents = documents.exclude(pk=instance.pk)
    return documents.order_by("-issued_on", "pk")


def _document_link(document, user) -> str | None:
    """Where ``user`` may open ``document``: its editor, else its published page."""
    if document.permissions_for_user(user).can_edit():
        return reverse("wagtailadmin_pages:edit", args=(document.pk,))
    if document.live:
        return document.url
    return None


def describe(document, user):
    """ "15-HD/VPTU ngày 05/03/2026 “title”", linked when ``user`` may open it."""
    text = format_html(
        gettext("{number} ngày {date} “{title}”"),
        number=document.number,
        date=document.issued_on.strftime("%d/%m/%Y"),
        title=document.title,
    )
    link = _document_link(document, user) if user is not None else None
    return format_html('<a href="{}">{}</a>', link, text) if link else text


def duplicate_message(document, user):
    """The error for a number and date already held by ``document``, which ``user`` may see
    (documents they may not see never cause an error)."""
    return format_html(
        gettext(
            "Đã có văn bản số {document}. Nếu đây là văn bản đó, hãy sửa văn bản đã có "
            "thay vì tạo mới."
        ),
        document=describe(document, user),
    )


def duplicate_number_warnings(document, user) -> list:
    """Warnings about documents with the same number that ``user`` may see.

    Another date: numbers restart with each term, so this is often right; still worth a
    look. The same date: a public and a secret document that share an identity, which
    whoever made the second one could not see. Documents the user may not see are left out:
    a warning must not reveal them.
    """
    others = admin_visible_pages(user, same_number(document.number, document))[:3]
    return [
        format_html(
            gettext(
                "Lưu ý: văn bản số {document} có cùng số, ký hiệu và ngày ban hành với văn "
                "bản này (người tạo văn bản sau không được xem văn bản trước); hãy kiểm tra lại."
            )
            if other.issued_on == document.issued_on
            else gettext(
                "Lưu ý: số, ký hiệu này đã dùng cho văn bản số {document}. Số văn bản bắt "
                "đầu lại mỗi nhiệm kỳ nên có thể vẫn đúng; hãy kiểm tra lại."
            ),
            document=describe(other, user),
        )
        for other in others
    ]
