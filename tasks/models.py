"""Tasks (nhiệm vụ) assigned by Party documents, units' reports on them, extensions, reminders.

A task's status is never stored: ``tasks.status`` computes it from the dates and the reports.
What is stored are facts: the deadline as assigned (an extension is a row of its own, so the
original deadline stays on record), when the Office accepted the unit's completion, and every
report with who did what when.
"""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.admin_forms import VisibleAdminModelForm
from core.files.uploads import attachment_upload_to, validate_attachment

from . import periods


class Task(models.Model):
    """One task of one document, for a unit in charge with units in support."""

    class Period(models.TextChoices):
        NONE = periods.NONE, _("Không định kỳ (một hạn)")
        MONTHLY = periods.MONTHLY, _("Hằng tháng")
        QUARTERLY = periods.QUARTERLY, _("Hằng quý")
        HALF_YEARLY = periods.HALF_YEARLY, _("6 tháng")
        YEARLY = periods.YEARLY, _("Hằng năm")

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Bình thường")
        HIGH = "high", _("Quan trọng")
        URGENT = "urgent", _("Khẩn")

    document = models.ForeignKey(
        "regulations.PartyDocumentPage",
        verbose_name=_("Văn bản giao nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    content = models.TextField(_("Nội dung nhiệm vụ"))
    source = models.CharField(
        _("Trích từ (điều, khoản, mục)"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: Điều 5, khoản 2; hoặc Mục II.3"),
    )
    anchor = models.SlugField(
        _("Neo trong văn bản"),
        max_length=60,
        blank=True,
        help_text=_("Phần sau dấu # của đường dẫn tới điều, mục (ví dụ: dieu-5)"),
    )
    lead_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("Đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="lead_tasks",
    )
    support_units = models.ManyToManyField(
        "organisation.Unit",
        verbose_name=_("Đơn vị phối hợp"),
        blank=True,
        related_name="support_tasks",
    )
    starts_on = models.DateField(_("Ngày giao"), default=timezone.localdate)
    deadline = models.DateField(
        _("Hạn hoàn thành"),
        null=True,
        blank=True,
        help_text=_("Hạn ban đầu; gia hạn được ghi riêng, hạn ban đầu vẫn được lưu."),
    )
    period = models.CharField(
        _("Báo cáo định kỳ"), max_length=12, choices=Period.choices, blank=True, default=""
    )
    period_day = models.PositiveSmallIntegerField(
        _("Ngày báo cáo trong tháng cuối kỳ"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Lãnh đạo theo dõi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_tasks",
    )
    priority = models.CharField(
        _("Mức độ ưu tiên"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    open_to_members = models.BooleanField(
        _("Đảng viên của đơn vị được xem"),
        default=False,
        help_text=_("Mặc định chỉ biên tập viên, lãnh đạo đơn vị và Văn phòng thấy nhiệm vụ."),
    )
    secret_granted_units = models.ManyToManyField(
        "organisation.Unit",
        verbose_name=_("Đơn vị được xem nhiệm vụ của văn bản mật"),
        blank=True,
        related_name="+",
        help_text=_(
            "Chỉ dùng cho văn bản mật: nhiệm vụ của văn bản mật không đến đơn vị nào trừ các "
            "đơn vị được chọn ở đây."
        ),
    )
    completed_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("Tạo lúc"), default=timezone.now, editable=False)

    panels = [
        FieldPanel("document"),
        FieldPanel("content"),
        FieldRowPanel([FieldPanel("source"), FieldPanel("anchor")]),
        FieldPanel("lead_unit"),
        FieldPanel("support_units", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("deadline")]),
                FieldRowPanel([FieldPanel("period"), FieldPanel("period_day")]),
            ],
            heading=_("Thời hạn"),
        ),
        FieldRowPanel([FieldPanel("leader"), FieldPanel("priority")]),
        MultiFieldPanel(
            [
                FieldPanel("open_to_members"),
                FieldPanel("secret_granted_units", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Quyền xem"),
            classname="collapsed",
        ),
    ]
    base_form_class = VisibleAdminModelForm

    class Meta:
        verbose_name = pgettext_lazy("một nhiệm vụ", "Nhiệm vụ")
        verbose_name_plural = _("Nhiệm vụ")
        ordering = ["deadline", "pk"]
        permissions = [("follow_all_tasks", _("Lãnh đạo: theo dõi mọi nhiệm vụ"))]

    def __str__(self):
        return self.content[:80]

    @property
    def is_recurring(self) -> bool:
        return bool(self.period)

    def source_url(self) -> str:
        """The document's address, at the article's anchor when there is one."""
        url = self.document.url or ""
        return f"{url}#{self.anchor}" if self.anchor and url else url


class TaskReport(models.Model):
    """A unit's report for one period: drafted by an editor, sent by its leader, reviewed."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SENT = "sent", _("Đã gửi")
        ACCEPTED = "accepted", _("Văn phòng đã tiếp nhận")
        RETURNED = "returned", _("Văn phòng trả lại")

    class Stage(models.TextChoices):
        STARTED = "started", _("Đã triển khai")
        HALFWAY = "halfway", _("Đang thực hiện")
        FINISHING = "finishing", _("Sắp hoàn thành")
        FINISHED = "finished", _("Đã hoàn thành")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.CASCADE, related_name="task_reports"
    )
    period_key = models.CharField(_("Kỳ báo cáo"), max_length=10)
    progress = models.TextField(_("Kết quả thực hiện"))
    percent = models.PositiveSmallIntegerField(
        _("Tỷ lệ hoàn thành (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    stage = models.CharField(_("Giai đoạn"), max_length=12, choices=Stage.choices, blank=True)
    proposes_completion = models.BooleanField(_("Đề nghị hoàn thành"), default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    drafted_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True)
    review_comment = models.TextField(_("Ý kiến của Văn phòng"), blank=True)

    class Meta:
        verbose_name = _("Báo cáo nhiệm vụ")
        verbose_name_plural = _("Báo cáo nhiệm vụ")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "period_key"], name="one_task_report_per_unit_period"
            )
        ]

    def __str__(self):
        return f"{self.unit} – {self.period_key}"

    @property
    def period_label(self) -> str:
        return periods.period_label(self.period_key)

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class TaskReportFile(models.Model):
    """A file attached to a report: PDF or DOCX, checked by content like documents' files."""

    report = models.ForeignKey(TaskReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=attachment_upload_to, validators=[validate_attachment])
    name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.name


class TaskExtension(models.Model):
    """An extension (gia hạn): requested by the unit in charge, decided by the Office."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Chờ Văn phòng xem xét")
        GRANTED = "granted", _("Đã gia hạn")
        REFUSED = "refused", _("Không đồng ý gia hạn")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE, related_name="+")
    until = models.DateField(_("Xin gia hạn đến"))
    reason = models.TextField(_("Lý do"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True)
    comment = models.TextField(_("Ý kiến của Văn phòng"), blank=True)

    class Meta:
        verbose_name = _("Gia hạn nhiệm vụ")
        verbose_name_plural = _("Gia hạn nhiệm vụ")
        ordering = ["requested_at"]

    def __str__(self):
        return f"{self.task} → {self.until}"


class TaskReminder(models.Model):
    """A reminder sent: one per task, period and day (``send_task_reminders`` is idempotent)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    period_key = models.CharField(max_length=10)
    day = models.DateField()
    kind = models.CharField(max_length=10)  # "due_soon" or "overdue"
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task", "period_key", "day"], name="one_task_reminder_per_period_day"
            )
        ]

    def __str__(self):
        return f"{self.task_id} {self.period_key} {self.day}"
