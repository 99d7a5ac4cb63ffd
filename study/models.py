"""Study plans (kế hoạch học tập, quán triệt nghị quyết) and their section."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.listing import paginate
from home.visibility import visible_pages


class StudyIndexPage(Page):
    intro = RichTextField(_("Giới thiệu"), blank=True, features=["bold", "italic", "link"])
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["study.StudyPlanPage", "home.StandardPage"]
    max_count = 1
    template = "pages/study_index_page.html"

    class Meta:
        verbose_name = _("Chuyên mục học tập")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        plans = visible_pages(request.user, StudyPlanPage.objects.child_of(self))
        context["page_obj"] = paginate(request, plans.order_by("-deadline", "-pk"), 20)
        return context


class StudyPlanPage(Page):
    class Form(models.TextChoices):
        IN_PERSON = "in_person", _("Học tập trực tiếp")
        ONLINE = "online", _("Học tập trực tuyến")
        SELF_STUDY = "self_study", _("Tự học, tự nghiên cứu")

    intro = models.TextField(_("Tóm tắt"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("Nội dung, tài liệu"), blank=True)
    documents = ParentalManyToManyField(
        "regulations.PartyDocumentPage",
        verbose_name=_("Nghị quyết, chỉ thị cần học tập"),
        blank=True,
        related_name="study_plans",
    )
    form = models.CharField(_("Hình thức"), max_length=20, choices=Form.choices, blank=True)
    deadline = models.DateField(_("Hạn hoàn thành"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("documents"),
        FieldPanel("form"),
        FieldPanel("deadline"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["study.StudyIndexPage"]
    subpage_types = []
    template = "pages/study_plan_page.html"

    class Meta:
        verbose_name = _("Kế hoạch học tập")
        verbose_name_plural = _("Kế hoạch học tập")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["visible_documents"] = visible_pages(request.user, self.documents.all())
        return context
