"""The admin form of documents: checks an editor would expect before saving."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class PartyDocumentForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("confidentiality") and not cleaned.get("restricted_groups"):
            self.add_error(
                "restricted_groups",
                _("Văn bản mật phải chọn ít nhất một nhóm được xem."),
            )
        return cleaned
