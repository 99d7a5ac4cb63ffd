"""A meeting's document pack, a page under its week."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from core.admin_forms import VisibleAdminPageForm
from core.blocks import AttachmentBlock
from core.indexing import stream_text
from core.pages import RegisteredContext

from .weeks import ScheduleEntry


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
