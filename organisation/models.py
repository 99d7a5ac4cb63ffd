"""Units (đơn vị), their members and their pages."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.admin_forms import VisibleAdminModelForm, VisibleAdminPageForm
from core.admin_panels import IntranetPagePanels, MenuSectionPanels
from core.listing import paginate
from core.visibility import visible_pages


class Unit(ClusterableModel):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Đảng bộ xã, phường")
        AFFILIATED = "affiliated", _("Đảng bộ trực thuộc Tỉnh ủy")
        OFFICE = "office", _("Cơ quan tham mưu, giúp việc Tỉnh ủy")

    code = models.SlugField(_("Mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("Tên đơn vị"), max_length=255)
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    cluster = models.CharField(_("Cụm, khối thi đua"), max_length=120, blank=True)
    active = models.BooleanField(_("Đang hoạt động"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="UnitMembership", related_name="units", blank=True
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("cluster")]),
        FieldPanel("active"),
        InlinePanel("memberships", heading=_("Thành viên đơn vị"), label=_("Thành viên")),
    ]
    base_form_class = VisibleAdminModelForm

    class Meta:
        verbose_name = _("Đơn vị")
        verbose_name_plural = _("Đơn vị")
        ordering = ["name"]
        # A role, not a model right: who follows every unit (organisation.people).
        permissions = [("office_staff", _("Cán bộ Văn phòng: theo dõi mọi đơn vị"))]

    def __str__(self):
        return self.name


class UnitMembership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Đảng viên")
        EDITOR = "editor", _("Biên tập viên đơn vị")
        LEADER = "leader", _("Lãnh đạo đơn vị")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tài khoản"),
        on_delete=models.CASCADE,
        related_name="unit_memberships",
    )
    unit = ParentalKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Vai trò"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    panels = [FieldRowPanel([FieldPanel("user"), FieldPanel("role")])]

    class Meta:
        verbose_name = _("Thành viên đơn vị")
        verbose_name_plural = _("Thành viên đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="unique_unit_membership")
        ]

    def __str__(self):
        return f"{self.user} – {self.unit} ({self.get_role_display()})"


class UnitIndexPage(MenuSectionPanels, Page):
    intro = RichTextField(_("Giới thiệu"), blank=True, features=["bold", "italic", "link"])
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["organisation.UnitPage"]
    max_count = 1
    base_form_class = VisibleAdminPageForm
    template = "pages/unit_index_page.html"

    class Meta:
        verbose_name = _("Danh sách đơn vị")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        units = visible_pages(request.user, UnitPage.objects.child_of(self))
        context["unit_pages"] = units.select_related("unit").order_by("unit__cluster", "title")
        return context


class UnitPage(IntranetPagePanels, Page):
    """A unit's own page, under which its editors post the unit's news."""

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="page")
    intro = RichTextField(_("Giới thiệu"), blank=True, features=["bold", "italic", "link"])
    content_panels = [*Page.content_panels, FieldPanel("unit"), FieldPanel("intro")]
    parent_page_types = ["organisation.UnitIndexPage"]
    subpage_types = ["home.NewsPage"]
    base_form_class = VisibleAdminPageForm
    template = "pages/unit_page.html"

    class Meta:
        verbose_name = _("Trang đơn vị")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The unit's news are its children, of the one type ``subpage_types`` allows (the news
        # page, from a layer above this one: Wagtail resolves the name).
        (news_model,) = self.allowed_subpage_models()
        news = visible_pages(request.user, news_model.objects.child_of(self))
        news = news.order_by("-date", "-pk")
        context["page_obj"] = paginate(request, news, 20)
        return context
