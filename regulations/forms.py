"""The admin form of documents: sensible defaults and checks an editor would expect.

* A new document starts with today's date and the issuer this editor uses most.
* The address (slug) may be left empty: it is made from the number and the year, as the
  importer does ("15-hd-vptu-2026"), since Wagtail's own slug from a Vietnamese title
  loses every accented letter.
* A number already in the library is caught before the database refuses it: the same
  number and date is an error that names the existing document, when the editor may see it
  (``core.visibility``), and says nothing about it otherwise; the same number with another
  date is only a warning after saving (``duplicate_number_warnings``), since numbers
  restart with each term.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_forms import VisibleAdminPageForm
from core.narrowing import narrow
from core.visibility import admin_may_see, admin_visible_pages
from regulations.numbers import number_key

from .slugs import document_slug


class PartyDocumentForm(VisibleAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            if "slug" in self.fields:
                self.fields["slug"].required = False
                self.fields["slug"].help_text = _(
                    "Để trống để tự đặt theo số, ký hiệu và năm ban hành (ví dụ 15-hd-vptu-2026)."
                )
            if not self.is_bound:
                self._prefill()

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
        if data.get("slug") or "slug" not in self.fields:
            return
        if data.get("number") and data.get("issued_on") and self.parent_page is not None:
            data["slug"] = document_slug(data["number"], data["issued_on"], self.parent_page)
        # Otherwise the number or date is missing or wrong (and says so): tell the editor
        # what the address is waiting for.
        elif "slug" not in self.errors:
            self.add_error("slug", _("Hãy nhập số, ký hiệu và ngày ban hành, hoặc tự đặt địa chỉ."))

    def _check_same_number_and_date(self) -> None:
        number, issued_on = self.cleaned_data.get("number"), self.cleaned_data.get("issued_on")
        if not number or not issued_on:
            return
        existing = same_number(number, self.instance).filter(issued_on=issued_on).first()
        if existing is not None:
            self.add_error("number", duplicate_message(existing, self.for_user))


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
    """The error for a number and date already in the library, naming it only if visible."""
    if user is None or not admin_may_see(user, document):
        return gettext(
            "Không dùng được số, ký hiệu và ngày ban hành này. Hãy kiểm tra lại số, ngày, "
            "hoặc hỏi quản trị hệ thống."
        )
    return format_html(
        gettext(
            "Đã có văn bản số {document}. Nếu đây là văn bản đó, hãy sửa văn bản đã có "
            "thay vì tạo mới."
        ),
        document=describe(document, user),
    )


def duplicate_number_warnings(document, user) -> list:
    """Warnings about documents with the same number and another date that ``user`` may see.

    Numbers restart with each term, so this is often right; still worth a look. Documents
    the user may not see are left out: a warning must not reveal them.
    """
    others = same_number(document.number, document).exclude(issued_on=document.issued_on)
    return [
        format_html(
            gettext(
                "Lưu ý: số, ký hiệu này đã dùng cho văn bản số {document}. Số văn bản bắt "
                "đầu lại mỗi nhiệm kỳ nên có thể vẫn đúng; hãy kiểm tra lại."
            ),
            document=describe(other, user),
        )
        for other in admin_visible_pages(user, others)[:3]
    ]
