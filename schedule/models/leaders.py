"""The leaders whose week the schedule shows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.admin_forms import VisibleAdminModelForm


class Leader(models.Model):
    """A leader whose week the schedule shows (Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ)."""

    name = models.CharField(_("Họ và tên"), max_length=120)
    position = models.CharField(_("Chức vụ"), max_length=200)
    slug = models.SlugField(_("Địa chỉ"), max_length=60, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tài khoản"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schedule_leader",
        help_text=_("Tài khoản của đồng chí (để lịch cá nhân và tài liệu họp đến đúng người)."),
    )
    sort_order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("position")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("sort_order")]),
        FieldPanel("user"),
    ]
    base_form_class = VisibleAdminModelForm

    class Meta:
        verbose_name = _("Lãnh đạo")
        verbose_name_plural = _("Lãnh đạo")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return f"{self.position} {self.name}"
