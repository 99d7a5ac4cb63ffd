"""The weekly work schedule (lịch công tác tuần) of the Standing Committee and its leaders,
and the document packs of its meetings.

* A week is a page (``WeekSchedulePage``) under the schedule section; its entries are inline
  rows (``ScheduleEntry``), so a week is drafted, reviewed and published as one piece
  through the Office's workflow and its revisions keep every published version.
* A meeting pack is a page under its week (``MeetingPackPage``) carrying a Wagtail view
  restriction for the invited and the Office (``schedule.packs``): the one visibility rule
  (``core.visibility``) then keeps it from everyone else on every channel.
* What changed after publishing is recorded per entry (``EntryRecord``, written when a week
  is published, ``schedule.changes``); calendars read its sequence and time.
"""

import uuid
from datetime import date, datetime, time, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.admin_forms import VisibleAdminModelForm, VisibleAdminPageForm
from core.blocks import AttachmentBlock
from core.indexing import stream_text
from core.pages import RegisteredContext, route_view

from .weeks import monday_of, week_label, week_slug, week_title


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


class ScheduleIndexPage(RegisteredContext, RoutablePageMixin, Page):
    """The schedule section: it answers with this week; its routes give a leader's week."""

    intro = RichTextField(_("Giới thiệu"), blank=True, features=["bold", "italic", "link"])
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["schedule.WeekSchedulePage"]
    max_count = 1
    base_form_class = VisibleAdminPageForm
    template = "schedule/index_page.html"

    class Meta:
        verbose_name = _("Lịch công tác")

    # The context and the routes' views are registered in ``schedule.pages``.
    @path("lanh-dao/<slug:leader_slug>/", name="leader")
    def leader_route(self, request, leader_slug):
        return route_view(self, "leader", request, leader_slug)


class WeekSchedulePageForm(VisibleAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("week_start")
        if start is None:
            return cleaned
        monday = monday_of(start)
        others = WeekSchedulePage.objects.filter(week_start=monday)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            self.add_error("week_start", _("Tuần này đã có lịch công tác."))
        last = monday + timedelta(days=6)
        entries = self.formsets["entries"]
        entries.is_valid()  # the formsets are cleaned after the form: clean them first
        for form in entries.forms:
            day = getattr(form, "cleaned_data", {}).get("day")
            if day and not monday <= day <= last and not form.cleaned_data.get("DELETE"):
                form.add_error(
                    "day",
                    _("Ngày phải trong tuần từ %(start)s đến %(end)s.")
                    % {"start": f"{monday:%d/%m/%Y}", "end": f"{last:%d/%m/%Y}"},
                )
        return cleaned


class WeekSchedulePage(RegisteredContext, RoutablePageMixin, Page):
    """One week's schedule (Monday to Sunday); its title and address follow from the week."""

    week_start = models.DateField(
        _("Tuần bắt đầu từ"),
        help_text=_("Một ngày bất kỳ trong tuần; lịch được tính từ thứ Hai của tuần đó."),
    )
    intro = models.TextField(_("Ghi chú chung"), blank=True)

    content_panels = [
        FieldPanel("week_start"),
        FieldPanel("intro"),
        InlinePanel("entries", heading=_("Các mục lịch"), label=_("Mục lịch")),
    ]
    promote_panels = []
    search_fields = [*Page.search_fields, index.FilterField("week_start")]
    parent_page_types = ["schedule.ScheduleIndexPage"]
    subpage_types = ["schedule.MeetingPackPage"]
    base_form_class = WeekSchedulePageForm
    template = "schedule/week_page.html"

    class Meta:
        verbose_name = _("Lịch công tác tuần")
        verbose_name_plural = _("Lịch công tác tuần")

    def _name_from_week(self) -> None:
        if self.week_start:
            self.week_start = monday_of(self.week_start)
            self.title = week_title(self.week_start)
            self.slug = week_slug(self.week_start)

    def full_clean(self, *args, **kwargs):
        self._name_from_week()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._name_from_week()
        super().minimal_clean()

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def label(self) -> str:
        return week_label(self.week_start)

    def search_parts(self) -> dict:
        lines = [self.intro]
        for entry in self.entries.all():
            lines.append(entry.summary_text())
        return {"section": "schedule", "date": self.week_start, "text": "\n".join(lines)}

    @path("lanh-dao/<slug:leader_slug>/", name="leader")
    def leader_route(self, request, leader_slug):
        return route_view(self, "leader", request, leader_slug)


class ScheduleEntry(ClusterableModel, Orderable):
    """One line of the week: a meeting, a visit, a conference."""

    class Session(models.TextChoices):
        MORNING = "sang", _("Sáng")
        AFTERNOON = "chieu", _("Chiều")
        EVENING = "toi", _("Tối")

    class Status(models.TextChoices):
        SCHEDULED = "", _("Theo lịch")
        POSTPONED = "hoan", _("Hoãn")
        CANCELLED = "huy", _("Hủy")

    # When no time is given, a session runs between these hours (calendars need a time).
    SESSION_HOURS = {
        "sang": (time(7, 30), time(11, 30)),
        "chieu": (time(14, 0), time(17, 0)),
        "toi": (time(19, 30), time(21, 30)),
    }

    page = ParentalKey(WeekSchedulePage, on_delete=models.CASCADE, related_name="entries")
    uid = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    day = models.DateField(_("Ngày"))
    session = models.CharField(_("Buổi"), max_length=5, choices=Session.choices)
    start_time = models.TimeField(_("Giờ bắt đầu"), null=True, blank=True)
    end_time = models.TimeField(_("Giờ kết thúc"), null=True, blank=True)
    content = models.TextField(_("Nội dung"))
    place = models.CharField(_("Địa điểm"), max_length=255, blank=True)
    online = models.BooleanField(_("Trực tuyến"), default=False)
    connected_points = models.TextField(_("Các điểm cầu"), blank=True)
    chair = models.ForeignKey(
        Leader,
        verbose_name=_("Chủ trì"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_entries",
    )
    attendees = ParentalManyToManyField(
        Leader, verbose_name=_("Lãnh đạo dự"), blank=True, related_name="attended_entries"
    )
    attending_units = ParentalManyToManyField(
        "organisation.Unit",
        verbose_name=_("Đơn vị dự"),
        blank=True,
        related_name="schedule_entries",
    )
    other_attendees = models.TextField(_("Thành phần khác"), blank=True)
    preparing_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("Đơn vị chuẩn bị"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prepared_schedule_entries",
    )
    notes = models.TextField(_("Ghi chú"), blank=True)
    status = models.CharField(
        _("Tình trạng"), max_length=5, choices=Status.choices, blank=True, default=""
    )

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("session")]),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("content"),
        FieldRowPanel([FieldPanel("place"), FieldPanel("online")]),
        FieldPanel("connected_points"),
        MultiFieldPanel(
            [
                # A handful of leaders: a list and boxes read better than a chooser.
                FieldPanel("chair", widget=forms.Select),
                FieldPanel("attendees", widget=forms.CheckboxSelectMultiple),
                FieldPanel("attending_units"),
                FieldPanel("other_attendees"),
                FieldPanel("preparing_unit"),
            ],
            heading=_("Thành phần"),
        ),
        FieldRowPanel([FieldPanel("status"), FieldPanel("notes")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Mục lịch công tác")
        verbose_name_plural = _("Mục lịch công tác")

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.get_session_display()}: {self.content[:60]}"

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Giờ kết thúc phải sau giờ bắt đầu.")})

    @property
    def cancelled(self) -> bool:
        return bool(self.status)

    def starts_at(self) -> datetime:
        return datetime.combine(self.day, self.start_time or self.SESSION_HOURS[self.session][0])

    def ends_at(self) -> datetime:
        if self.end_time:
            return datetime.combine(self.day, self.end_time)
        start = self.starts_at()
        session_end = datetime.combine(self.day, self.SESSION_HOURS[self.session][1])
        return session_end if session_end > start else start + timedelta(hours=2)

    def place_text(self) -> str:
        if self.online:
            online = str(_("Trực tuyến"))
            return f"{online} – {self.place}" if self.place else online
        return self.place

    def summary_text(self) -> str:
        """The entry's words, for the search index and the change record."""
        parts = [self.content, self.place_text(), self.connected_points, self.other_attendees]
        if self.chair_id:
            parts.append(str(self.chair))
        parts += [str(leader) for leader in self.attendees.all()]
        parts += [unit.name for unit in self.attending_units.all()]
        if self.preparing_unit_id:
            parts.append(self.preparing_unit.name)
        parts.append(self.notes)
        return "\n".join(part for part in parts if part)


class MeetingPackForm(VisibleAdminPageForm):
    """The entry is chosen among the entries of the pack's own week."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        week = parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if "entry" in self.fields:
            entries = ScheduleEntry.objects.filter(page_id=week.pk if week else None)
            self.fields["entry"].queryset = entries.order_by("day", "sort_order")


class MeetingPackPage(RegisteredContext, Page):
    """The documents of one meeting, for the invited and the Office only.

    Its view restriction (groups: those invited, the pack's own group of invited people and
    the Office's groups) is kept in step by ``schedule.packs.sync_pack_access`` whenever the
    pack is created, edited or published.
    """

    entry = models.ForeignKey(
        ScheduleEntry,
        verbose_name=_("Mục lịch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="packs",
    )
    intro = models.TextField(_("Tóm tắt"), blank=True)
    documents = ParentalManyToManyField(
        "regulations.PartyDocumentPage",
        verbose_name=_("Văn bản trong thư viện"),
        blank=True,
        related_name="meeting_packs",
    )
    body = StreamField(
        [("attachment", AttachmentBlock())], verbose_name=_("Tài liệu tải lên"), blank=True
    )
    invited_users = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người được mời"),
        blank=True,
        related_name="meeting_packs",
        help_text=_("Lãnh đạo chủ trì và dự trong mục lịch được mời sẵn."),
    )
    invited_groups = ParentalManyToManyField(
        "auth.Group", verbose_name=_("Nhóm được mời"), blank=True, related_name="meeting_packs"
    )
    conclusion = models.ForeignKey(
        "regulations.PartyDocumentPage",
        verbose_name=_("Thông báo kết luận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concluded_packs",
    )
    conclusion_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("Tệp thông báo kết luận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("entry"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("invited_users"), FieldPanel("invited_groups")],
            heading=_("Người được xem tài liệu"),
        ),
        FieldPanel("documents"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("conclusion"), FieldPanel("conclusion_file")],
            heading=_("Sau cuộc họp"),
        ),
    ]
    parent_page_types = ["schedule.WeekSchedulePage"]
    subpage_types = []
    base_form_class = MeetingPackForm
    template = "schedule/pack_page.html"

    class Meta:
        verbose_name = _("Tài liệu cuộc họp")
        verbose_name_plural = _("Tài liệu cuộc họp")

    def search_parts(self) -> dict:
        week = self.get_parent().specific
        date_ = self.entry.day if self.entry_id else getattr(week, "week_start", None)
        return {
            "section": "schedule",
            "date": date_,
            "text": "\n".join([self.intro, stream_text(self.body)]),
        }


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
