"""Emulation movements (phong trào thi đua), units' registrations, and published results."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from announcements.fields import StringListField
from announcements.models import AddressedToUnits
from core.admin_forms import VisibleAdminPageForm
from core.admin_panels import IntranetPagePanels
from core.pages import RegisteredContext

# Titles and forms of commendation a movement may aim for (DOMAIN.md §3).
TITLES = (
    "Cờ thi đua",
    "Tập thể lao động xuất sắc",
    "Tập thể lao động tiên tiến",
    "Bằng khen của Ban Thường vụ Tỉnh ủy",
    "Giấy khen",
    "Chiến sĩ thi đua cơ sở",
    "Lao động tiên tiến",
)


def title_choices() -> list[str]:
    return list(TITLES)


class CriterionBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Tiêu chí"))
    max_score = blocks.DecimalBlock(label=_("Điểm tối đa"), min_value=0, required=False)
    description = blocks.TextBlock(label=_("Cách chấm"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Tiêu chí chấm điểm")
        template = "components/streamfield/criterion_block.html"
        preview_value = {"name": "Lãnh đạo thực hiện nhiệm vụ chính trị", "max_score": 30}
        description = _("Một tiêu chí thi đua và số điểm tối đa")


class EmulationMovementPage(IntranetPagePanels, RegisteredContext, AddressedToUnits, Page):
    """A movement: aims, participants, criteria, deadlines; later its results."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Thường xuyên")
        THEMATIC = "thematic", _("Theo chuyên đề")

    kind = models.CharField(_("Loại phong trào"), max_length=10, choices=Kind.choices)
    aims = RichTextField(_("Mục đích, yêu cầu"), features=["bold", "italic", "ol", "ul", "link"])
    criteria = StreamField(
        [("criterion", CriterionBlock())], verbose_name=_("Tiêu chí, thang điểm"), blank=True
    )
    titles = StringListField(
        _("Danh hiệu, hình thức khen thưởng"),
        default=list,
        blank=True,
        choices_function="emulation.models.title_choices",
    )
    registration_deadline = models.DateField(_("Hạn đăng ký thi đua"))
    interim_review_on = models.DateField(_("Sơ kết"), null=True, blank=True)
    final_review_on = models.DateField(_("Tổng kết"), null=True, blank=True)
    dossier_deadline = models.DateField(
        _("Hạn nộp hồ sơ đề nghị khen thưởng"), null=True, blank=True
    )
    result_decision = models.ForeignKey(
        "regulations.PartyDocumentPage",
        verbose_name=_("Quyết định khen thưởng, thông báo kết quả"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    score_task_on_time_rate = models.BooleanField(
        _("Chấm điểm theo tỷ lệ hoàn thành nhiệm vụ đúng hạn"),
        default=False,
        help_text=_(
            "Bảng tổng hợp đăng ký hiện tỷ lệ hoàn thành đúng hạn các nhiệm vụ đơn vị chủ trì "
            "trong năm của phong trào, làm căn cứ chấm điểm."
        ),
    )
    result_summary = RichTextField(
        _("Kết quả"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("aims"),
        AddressedToUnits.addressing_panel(heading=_("Đơn vị tham gia")),
        FieldPanel("criteria"),
        FieldPanel("titles"),
        FieldPanel("score_task_on_time_rate"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("registration_deadline"), FieldPanel("dossier_deadline")]
                ),
                FieldRowPanel([FieldPanel("interim_review_on"), FieldPanel("final_review_on")]),
            ],
            heading=_("Mốc thời gian"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("result_decision"),
                FieldPanel("result_summary"),
                InlinePanel("rankings", label=_("Xếp hạng")),
            ],
            heading=_("Kết quả (công bố khi tổng kết)"),
            classname="collapsed",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("aims"), index.FilterField("kind")]
    parent_page_types = ["home.EmulationIndexPage"]
    subpage_types = []
    base_form_class = VisibleAdminPageForm
    template = "pages/emulation_movement_page.html"

    class Meta:
        verbose_name = _("Phong trào thi đua")
        verbose_name_plural = _("Phong trào thi đua")

    def search_parts(self) -> dict:
        criteria = [block.value["name"] for block in self.criteria]
        return {
            "section": "emulation",
            "date": self.registration_deadline,
            "text": "\n".join([strip_tags(str(self.aims)), *criteria, *self.titles]),
        }

    def registration_open(self, today: datetime.date | None = None) -> bool:
        """Registration is open up to and including the deadline day (Vietnam time)."""
        today = today or timezone.localdate()
        return today <= self.registration_deadline


class EmulationRanking(Orderable):
    """One line of the published ranking table."""

    movement = ParentalKey(EmulationMovementPage, on_delete=models.CASCADE, related_name="rankings")
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("Đơn vị"), on_delete=models.PROTECT
    )
    rank = models.PositiveIntegerField(_("Xếp thứ"))
    score = models.DecimalField(_("Điểm"), max_digits=6, decimal_places=2, null=True, blank=True)
    award = models.CharField(_("Danh hiệu, hình thức khen thưởng"), max_length=120, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("unit"), FieldPanel("rank"), FieldPanel("score")]),
        FieldPanel("award"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Xếp hạng")


class EmulationRegistration(models.Model):
    """A unit's registration (đăng ký thi đua): the titles it aims for and its commitments."""

    movement = models.ForeignKey(
        EmulationMovementPage, on_delete=models.CASCADE, related_name="registrations"
    )
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.CASCADE, related_name="emulation_registrations"
    )
    titles = models.JSONField(_("Danh hiệu đăng ký"), default=list)
    commitments = models.TextField(_("Nội dung cam kết"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("Đăng ký lúc"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("Sửa lần cuối"), auto_now=True)

    class Meta:
        verbose_name = _("Đăng ký thi đua")
        verbose_name_plural = _("Đăng ký thi đua")
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="unique_registration")
        ]

    def __str__(self):
        return f"{self.unit} – {self.movement}"
