"""The schedule section, a week and its entries."""

import uuid
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.admin_forms import VisibleAdminPageForm
from core.pages import RegisteredContext, route_view

from ..weeks import monday_of, week_label, week_slug, week_title
from .leaders import Leader


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
