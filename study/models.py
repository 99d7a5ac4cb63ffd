"""Study plans (kế hoạch học tập, quán triệt nghị quyết), the yearly Chỉ thị 05 topics, and
who has confirmed their study.

Two questions are kept apart on purpose:

* who may *see* a plan: the one visibility rule (``core.visibility``: Wagtail view
  restrictions and secrecy), like every other page;
* who *must study* it (the audience): every member, or the members of chosen units. The
  audience gives tasks and completion tables; it never hides or shows a page.
"""

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.admin_forms import VisibleAdminPageForm
from core.admin_panels import IntranetPagePanels, MenuSectionPanels
from core.indexing import general_parts
from core.listing import paginate
from core.pages import RegisteredContext, route_view
from core.visibility import visible_pages

from .blocks import StudyBodyBlock

REFLECTION_MAX_LENGTH = 2000


class MaterialsMixin:
    """Pages whose ``body`` holds study materials (attachments, videos)."""

    def material_documents(self) -> list:
        """The Wagtail documents attached in the body (attachments first-class, then videos)."""
        documents = []
        for block in self.body:
            if block.block_type == "attachment" and block.value.get("document"):
                documents.append(block.value["document"])
            elif block.block_type == "video" and block.value.get("video"):
                documents.append(block.value["video"])
        return documents

    @property
    def attachments_text(self) -> str:
        """The text extracted from the attached PDF/DOCX files (``study.tasks``), for search."""
        ids = [document.pk for document in self.material_documents()]
        if not ids:
            return ""
        texts = MaterialText.objects.filter(document_id__in=ids).exclude(text="")
        return "\n".join(texts.values_list("text", flat=True))


class StudyIndexPage(MenuSectionPanels, Page):
    intro = RichTextField(_("Giới thiệu"), blank=True, features=["bold", "italic", "link"])
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["study.StudyPlanPage", "study.StudyTopicPage", "home.StandardPage"]
    max_count = 1
    base_form_class = VisibleAdminPageForm
    template = "pages/study_index_page.html"

    class Meta:
        verbose_name = _("Chuyên mục học tập")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        plans = visible_pages(request.user, StudyPlanPage.objects.descendant_of(self))
        context["page_obj"] = paginate(request, plans.order_by("-deadline", "-pk"), 20)
        topics = visible_pages(request.user, StudyTopicPage.objects.child_of(self))
        context["topics"] = topics.order_by("-year", "-pk")
        return context


class StudyTopicPage(IntranetPagePanels, MaterialsMixin, Page):
    """The yearly topic of Chỉ thị 05-CT/TW ("học tập và làm theo tư tưởng, đạo đức, phong
    cách Hồ Chí Minh"): the year's materials, and the year's study plans below it."""

    year = models.PositiveSmallIntegerField(
        _("Năm"), validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    intro = models.TextField(_("Tóm tắt chuyên đề"), blank=True)
    body = StreamField(StudyBodyBlock(), verbose_name=_("Tài liệu của chuyên đề"), blank=True)

    content_panels = [
        FieldPanel("title", heading=_("Tên chuyên đề")),
        FieldPanel("year"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("year"),
    ]
    parent_page_types = ["study.StudyIndexPage"]
    subpage_types = ["study.StudyPlanPage"]
    base_form_class = VisibleAdminPageForm
    template = "pages/study_topic_page.html"

    class Meta:
        verbose_name = _("Chuyên đề học tập theo Chỉ thị 05-CT/TW")
        verbose_name_plural = _("Chuyên đề học tập theo Chỉ thị 05-CT/TW")

    def search_parts(self) -> dict:
        return {**general_parts(self, "study"), "year": self.year}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        plans = visible_pages(request.user, StudyPlanPage.objects.child_of(self))
        context["plans"] = plans.order_by("-deadline", "-pk")
        return context


class StudyPlanForm(VisibleAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("audience_all") and not cleaned.get("audience_units"):
            self.add_error(
                "audience_units",
                _("Chọn ít nhất một đơn vị, hoặc chọn “Toàn thể đảng viên”."),
            )
        return cleaned


class StudyPlanPage(IntranetPagePanels, RegisteredContext, RoutablePageMixin, MaterialsMixin, Page):
    class Form(models.TextChoices):
        IN_PERSON = "in_person", _("Học tập trực tiếp")
        ONLINE = "online", _("Học tập trực tuyến")
        SELF_STUDY = "self_study", _("Tự học, tự nghiên cứu")

    intro = models.TextField(_("Tóm tắt"), blank=True)
    body = StreamField(StudyBodyBlock(), verbose_name=_("Nội dung, tài liệu"), blank=True)
    documents = ParentalManyToManyField(
        "regulations.PartyDocumentPage",
        verbose_name=_("Nghị quyết, chỉ thị cần học tập"),
        blank=True,
        related_name="study_plans",
    )
    form = models.CharField(_("Hình thức"), max_length=20, choices=Form.choices, blank=True)
    deadline = models.DateField(_("Hạn hoàn thành"), null=True, blank=True)
    audience_all = models.BooleanField(
        _("Toàn thể đảng viên"),
        default=True,
        help_text=_("Bỏ chọn để giao cho một số đơn vị. Đối tượng không thay đổi ai được xem."),
    )
    audience_units = ParentalManyToManyField(
        "organisation.Unit",
        verbose_name=_("Các đơn vị học tập"),
        blank=True,
        related_name="study_plans",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("documents"),
        FieldRowPanel([FieldPanel("form"), FieldPanel("deadline")]),
        MultiFieldPanel(
            [
                FieldPanel("audience_all"),
                FieldPanel("audience_units", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Đối tượng học tập"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("deadline"),
    ]
    base_form_class = StudyPlanForm
    parent_page_types = ["study.StudyIndexPage", "study.StudyTopicPage"]
    subpage_types = []
    template = "pages/study_plan_page.html"

    class Meta:
        verbose_name = _("Kế hoạch học tập")
        verbose_name_plural = _("Kế hoạch học tập")

    def search_parts(self) -> dict:
        return general_parts(self, "study", self.deadline)

    # The context and the three routes' views are registered in ``study.pages``.
    @path("xac-nhan/", name="confirm")
    def confirm_route(self, request):
        return route_view(self, "confirm", request)

    @path("tien-do/", name="progress")
    def progress_route(self, request):
        return route_view(self, "progress", request)

    @path("tien-do/<slug:unit_code>/", name="unit_progress")
    def unit_progress_route(self, request, unit_code):
        return route_view(self, "unit_progress", request, unit_code)


class StudyConfirmation(models.Model):
    """A member's "tôi đã học tập" for a plan, with an optional short reflection (thu hoạch)."""

    plan = models.ForeignKey(
        StudyPlanPage,
        verbose_name=_("Kế hoạch học tập"),
        on_delete=models.CASCADE,
        related_name="confirmations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Đảng viên"),
        on_delete=models.CASCADE,
        related_name="study_confirmations",
    )
    confirmed_at = models.DateTimeField(pgettext_lazy("study", "Xác nhận lúc"))
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)
    reflection = models.TextField(
        _("Thu hoạch"),
        blank=True,
        validators=[MaxLengthValidator(REFLECTION_MAX_LENGTH)],
    )

    class Meta:
        verbose_name = _("Xác nhận học tập")
        verbose_name_plural = _("Xác nhận học tập")
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="unique_study_confirmation")
        ]

    def __str__(self):
        return f"{self.user} – {self.plan_id}"

    @property
    def late(self) -> bool:
        """Confirmed after the plan's deadline (local date)."""
        from django.utils import timezone

        deadline = self.plan.deadline
        return bool(deadline and timezone.localdate(self.confirmed_at) > deadline)


class MaterialText(models.Model):
    """Text extracted from a PDF/DOCX study material, so that search finds what it says.

    Keyed by the stored file name: replacing a document's file stores it under a new name,
    and the text is extracted again.
    """

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="study_text"
    )
    file_name = models.CharField(max_length=255)
    text = models.TextField(blank=True)
    error = models.CharField(max_length=500, blank=True)
    extracted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Nội dung tài liệu học tập")

    def __str__(self):
        return self.file_name
