"""Home page, sections and general pages of the intranet."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.admin_forms import VisibleAdminPageForm
from core.admin_panels import IntranetPagePanels, MenuSectionPanels
from core.blocks import BodyBlock
from core.indexing import general_parts
from core.pages import RegisteredContext
from core.visibility import visible_pages


class SectionPage(MenuSectionPanels, Page):
    """Abstract base for the index pages of a section: an intro and the children listed."""

    intro = RichTextField(_("Giới thiệu"), blank=True, features=["bold", "italic", "link"])
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    base_form_class = VisibleAdminPageForm
    page_size = 20

    class Meta:
        abstract = True

    def visible_children(self, request):
        return visible_pages(request.user, self.get_children()).specific()


class HomePage(IntranetPagePanels, RegisteredContext, Page):
    """The home page; what it shows is built by ``home.dashboard`` (``home.pages``)."""

    intro = RichTextField(_("Lời giới thiệu"), blank=True, features=["bold", "italic", "link"])
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "regulations.DocumentLibraryPage",
        "home.NewsIndexPage",
        "home.EmulationIndexPage",
        "study.StudyIndexPage",
        "organisation.UnitIndexPage",
        "home.StandardPage",
    ]
    max_count = 1
    base_form_class = VisibleAdminPageForm
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("Trang chủ")


class StandardPage(IntranetPagePanels, Page):
    intro = models.TextField(_("Tóm tắt"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("Nội dung"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = [
        "home.HomePage",
        "home.NewsIndexPage",
        "home.EmulationIndexPage",
        "study.StudyIndexPage",
        "home.StandardPage",
    ]
    subpage_types = ["home.StandardPage"]
    base_form_class = VisibleAdminPageForm
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("Trang nội dung")

    def search_parts(self) -> dict:
        return general_parts(self, "page")


class NewsSectionPage(SectionPage):
    """A section whose page lists the news published under it, newest first."""

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from core.listing import paginate

        context = super().get_context(request, *args, **kwargs)
        news = visible_pages(request.user, NewsPage.objects.descendant_of(self))
        context["page_obj"] = paginate(request, news.order_by("-date", "-pk"), self.page_size)
        return context


class NewsIndexPage(NewsSectionPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage", "home.StandardPage"]
    max_count = 1
    template = "pages/news_index_page.html"

    class Meta:
        verbose_name = _("Chuyên mục tin tức")


class EmulationIndexPage(RegisteredContext, SectionPage):
    """Thi đua – Khen thưởng: movements, and the emulation news of the Office and the units
    (``home.emulation_section``)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["emulation.EmulationMovementPage", "home.NewsPage", "home.StandardPage"]
    max_count = 1
    template = "pages/emulation_index_page.html"

    class Meta:
        verbose_name = _("Chuyên mục thi đua, khen thưởng")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("home.NewsPage", related_name="tagged_items")


class NewsPage(IntranetPagePanels, Page):
    """A news item of the Office, of emulation and commendation, or of a unit."""

    date = models.DateField(_("Ngày đăng"))
    intro = models.TextField(_("Tóm tắt"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("Nội dung"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("Từ khóa"))
    movement = models.ForeignKey(
        "emulation.EmulationMovementPage",
        verbose_name=_("Thuộc phong trào thi đua"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
        help_text=_("Tin thi đua, khen thưởng: chọn phong trào mà tin này phản ánh (nếu có)."),
    )
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("movement"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["home.NewsIndexPage", "home.EmulationIndexPage", "organisation.UnitPage"]
    subpage_types = []
    base_form_class = VisibleAdminPageForm
    template = "pages/news_page.html"

    class Meta:
        verbose_name = _("Tin bài")
        verbose_name_plural = _("Tin bài")

    def search_parts(self) -> dict:
        return general_parts(self, "news", self.date)
