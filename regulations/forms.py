"""The admin form of documents: sensible defaults and checks an editor would expect."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class PartyDocumentForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            self._prefill()

    def _prefill(self) -> None:
        """Today's date and the issuer this editor (or, failing that, everyone) uses most."""
        from .models import Issuer

        self.initial.setdefault("issued_on", timezone.localdate())
        issuers = Issuer.objects.annotate(uses=Count("documents"))
        if self.for_user is not None:
            own = issuers.filter(documents__owner=self.for_user).order_by("-uses").first()
            if own is not None:
                self.initial.setdefault("issuers", [own.pk])
                return
        common = issuers.order_by("-uses").first()
        if common is not None:
            self.initial.setdefault("issuers", [common.pk])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("confidentiality") and not cleaned.get("restricted_groups"):
            self.add_error(
                "restricted_groups",
                _("Văn bản mật phải chọn ít nhất một nhóm được xem."),
            )
        return cleaned
