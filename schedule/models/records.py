"""What calendars know of published entries, and the keys of calendar addresses."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .weeks import WeekSchedulePage


class EntryRecord(models.Model):
    """What calendars and readers know of a published entry: its last published content, how
    many times it changed (the iCalendar SEQUENCE) and what changed last ("điều chỉnh")."""

    uid = models.UUIDField()
    week = models.ForeignKey(
        WeekSchedulePage, on_delete=models.CASCADE, related_name="entry_records"
    )
    snapshot = models.JSONField(default=dict)
    sequence = models.PositiveIntegerField(default=0)
    first_published_at = models.DateTimeField()
    last_modified = models.DateTimeField()
    changes = models.JSONField(default=list, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Lịch sử mục lịch")
        # A copied week copies its entries' uids: the week is part of the key.
        constraints = [models.UniqueConstraint(fields=["week", "uid"], name="unique_entry_record")]

    def __str__(self):
        return f"{self.uid} ({self.sequence})"

    @property
    def adjusted(self) -> bool:
        return self.sequence > 0


class CalendarToken(models.Model):
    """The private key of a user's calendar addresses (calendar apps cannot log in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now=True)
    notify_changes = models.BooleanField(_("Nhận e-mail khi lịch được điều chỉnh"), default=True)

    class Meta:
        verbose_name = _("Mã lịch cá nhân")

    def __str__(self):
        return str(self.user)
