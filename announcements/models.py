"""Pages addressed to units, what each unit received, and who acknowledged it when.

An announcement (thông báo, công văn, kế hoạch...) or an emulation movement is addressed
to all units, to emulation clusters or blocks, or to chosen units. When the page is
published, the addressing is turned into one ``Delivery`` per unit: the unit's inbox
("văn bản gửi đơn vị tôi") and the Office's status table both read those rows, and the
acknowledgement (who, when) is recorded on them.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from .fields import StringListField


def cluster_names() -> list[str]:
    """The emulation clusters and blocks the active units belong to (choices for the form)."""
    from organisation.models import Unit

    names = Unit.objects.filter(active=True).exclude(cluster="").values_list("cluster", flat=True)
    return sorted(set(names))


class AddressedToUnits(models.Model):
    """Fields and rules for a page that is sent to units (mixed into page models)."""

    send_to_all_units = models.BooleanField(_("Gửi tất cả đơn vị"), default=False)
    recipient_clusters = StringListField(
        _("Gửi các cụm, khối thi đua"),
        default=list,
        blank=True,
        choices_function="announcements.models.cluster_names",
    )
    recipient_units = ParentalManyToManyField(
        "organisation.Unit",
        verbose_name=_("Gửi các đơn vị"),
        blank=True,
        related_name="+",
    )
    acknowledgement_due = models.DateField(
        _("Hạn xác nhận đã nhận"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không đặt hạn. Đơn vị xác nhận trên trang “Việc của đơn vị”."),
    )

    addressing_fields = [
        FieldPanel("send_to_all_units"),
        FieldPanel("recipient_clusters"),
        FieldPanel("recipient_units", widget=forms.CheckboxSelectMultiple),
        FieldPanel("acknowledgement_due"),
    ]

    class Meta:
        abstract = True

    @classmethod
    def addressing_panel(cls, heading=None):
        return MultiFieldPanel(
            cls.addressing_fields,
            heading=heading or _("Gửi đơn vị, xác nhận tiếp nhận"),
            classname="collapsed",
        )

    def addressed_units(self):
        """The active units this page is addressed to, as a queryset."""
        from organisation.models import Unit

        units = Unit.objects.filter(active=True)
        if self.send_to_all_units:
            return units
        chosen = [unit.pk for unit in self.recipient_units.all()]
        clusters = list(self.recipient_clusters or [])
        if not chosen and not clusters:
            return units.none()
        return units.filter(Q(pk__in=chosen) | Q(cluster__in=clusters))

    @property
    def is_addressed(self) -> bool:
        return bool(
            self.send_to_all_units or self.recipient_clusters or self.recipient_units.exists()
        )


class DeliveryQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(acknowledged_at__isnull=True)

    def acknowledged(self):
        return self.filter(acknowledged_at__isnull=False)


class Delivery(models.Model):
    """A page received by a unit, and its acknowledgement (xác nhận đã nhận)."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="deliveries"
    )
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.CASCADE, related_name="deliveries"
    )
    delivered_at = models.DateTimeField(_("Ngày gửi"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("Xác nhận lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người xác nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Văn bản gửi đơn vị")
        verbose_name_plural = _("Văn bản gửi đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["page", "unit"], name="unique_delivery_page_unit")
        ]
        indexes = [models.Index(fields=["unit", "acknowledged_at"])]

    def __str__(self):
        return f"{self.page_id} → {self.unit}"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class Reminder(models.Model):
    """A reminder the Office sent to the units that had not acknowledged a page."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    unit_count = models.PositiveIntegerField(default=0)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Lần nhắc xác nhận")
        verbose_name_plural = _("Lần nhắc xác nhận")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.page_id} @ {self.sent_at:%d/%m/%Y %H:%M}"
