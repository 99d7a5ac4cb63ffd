"""The document library: Party and state documents, issuers, relations and attachments."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from announcements.models import AddressedToUnits
from core.admin_forms import VisibleAdminModelForm, VisibleAdminPageForm
from core.admin_panels import IntranetPagePanels, MenuSectionPanels
from core.admin_widgets import SearchableCheckboxes
from core.files.uploads import attachment_upload_to, validate_attachment
from core.pages import RegisteredContext, route_view
from core.visibility import is_shut_to_some
from regulations.numbers import folded_number_key, number_digits, number_key

from . import structure
from .blocks import DocumentBodyBlock
from .body_parser import article_texts, blocks_to_text, table_of_contents
from .choices import PASSIVE_LABELS, Confidentiality, RelationType, Urgency, Validity
from .forms import PartyDocumentForm
from .import_format.codes import TYPE_LABELS
from .slugs import settle_secret_address

# Party codes and state keys ("NN-TT": ``import_format.codes``); each page type's form offers
# its own system's (``PartyDocumentForm``).
DOC_TYPE_CHOICES = list(TYPE_LABELS.items())


class Issuer(models.Model):
    """An issuing body (cơ quan ban hành): data, since issuers change over time."""

    name = models.CharField(_("Tên cơ quan ban hành"), max_length=255)
    code = models.CharField(_("Ký hiệu"), max_length=40, help_text=_("Ví dụ: TU, VPTU, BTCTU"))

    panels = [FieldPanel("name"), FieldPanel("code")]
    base_form_class = VisibleAdminModelForm

    class Meta:
        verbose_name = _("Cơ quan ban hành")
        verbose_name_plural = _("Cơ quan ban hành")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["code", "name"], name="unique_issuer")]

    def __str__(self):
        return f"{self.name} ({self.code})" if self.code else self.name


class DocumentTag(TaggedItemBase):
    content_object = ParentalKey("regulations.PartyDocumentPage", related_name="tagged_items")


class DocumentLibraryPage(MenuSectionPanels, RegisteredContext, RoutablePageMixin, Page):
    """Thư viện văn bản: lists, filters and feeds the documents below it (the list and the
    feeds are built in ``regulations.pages``)."""

    intro = RichTextField(_("Giới thiệu"), blank=True, features=["bold", "italic", "link"])
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "regulations.RegulationPage",
        "regulations.CircularPage",
        "regulations.StateDocumentPage",
    ]
    base_form_class = VisibleAdminPageForm
    template = "pages/document_library_page.html"

    class Meta:
        verbose_name = _("Thư viện văn bản")

    @path("rss/", name="rss")
    def rss_feed(self, request):
        return route_view(self, "rss", request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        return route_view(self, "atom", request)


class PartyDocumentPage(IntranetPagePanels, RegisteredContext, AddressedToUnits, Page):
    """Metadata and body shared by every document (the concrete base of the three kinds).

    A concrete base (multi-table inheritance) lets ``(number, issued_on)`` be unique
    across regulations, circulars and state documents, and lets listings query all
    documents at once. The name is older than state documents (``StateDocumentPage``).
    """

    system = "party"  # Đảng; "state" for StateDocumentPage (the library's ``system`` filter)

    number = models.CharField(_("Số, ký hiệu"), max_length=100, help_text=_("Ví dụ: 137-QĐ/TW"))
    number_key = models.CharField(max_length=120, db_index=True, editable=False)
    number_key_folded = models.CharField(max_length=120, db_index=True, editable=False)
    doc_type = models.CharField(_("Loại văn bản"), max_length=8, choices=DOC_TYPE_CHOICES)
    issuers = ParentalManyToManyField(
        Issuer, verbose_name=_("Cơ quan ban hành"), related_name="documents", blank=True
    )
    signer = models.CharField(_("Người ký"), max_length=200, blank=True)
    issued_on = models.DateField(_("Ngày ban hành"))
    effective_on = models.DateField(_("Ngày có hiệu lực"), null=True, blank=True)
    expires_on = models.DateField(_("Ngày hết hiệu lực"), null=True, blank=True)
    field = models.CharField(_("Lĩnh vực"), max_length=200, blank=True, db_index=True)
    tags = ClusterTaggableManager(through=DocumentTag, blank=True, verbose_name=_("Từ khóa"))
    summary = models.TextField(_("Trích yếu nội dung, tóm tắt"), blank=True)
    body = StreamField(DocumentBodyBlock(), verbose_name=_("Toàn văn"), blank=True)
    confidentiality = models.CharField(
        _("Độ mật"), max_length=12, choices=Confidentiality.choices, blank=True
    )
    urgency = models.CharField(_("Độ khẩn"), max_length=12, choices=Urgency.choices, blank=True)
    restricted_groups = ParentalManyToManyField(
        Group,
        verbose_name=_("Chỉ những nhóm được xem"),
        blank=True,
        related_name="restricted_documents",
        help_text=_("Bắt buộc với văn bản mật: chỉ thành viên các nhóm này biết văn bản tồn tại."),
    )
    validity = models.CharField(
        _("Tình trạng hiệu lực"),
        max_length=20,
        choices=Validity.choices,
        default=Validity.UNKNOWN,
        db_index=True,
        editable=False,
    )
    validity_override = models.CharField(
        _("Ghi đè tình trạng hiệu lực"), max_length=20, choices=Validity.choices, blank=True
    )
    validity_override_reason = models.TextField(_("Lý do ghi đè"), blank=True)
    import_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The secrecy class (docs/documents.md): shut to some members, by a view restriction on
    # the page or above, or marked secret before the restriction is made. Kept by ``save`` and
    # ``regulations.secrecy``; the identity is unique among documents that are not. A
    # database default too, for rows written in bulk without it (``search.benchmark``).
    restricted = models.BooleanField(default=False, db_default=False, editable=False, db_index=True)

    content_panels = [
        FieldPanel("title", heading=_("Trích yếu")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("doc_type")]),
                FieldPanel(
                    "issuers",
                    widget=SearchableCheckboxes(
                        group_label=_("Cơ quan ban hành"),
                        search_label=_("Tìm cơ quan ban hành"),
                    ),
                ),
                FieldRowPanel([FieldPanel("signer"), FieldPanel("field")]),
                FieldRowPanel(
                    [
                        FieldPanel("issued_on"),
                        FieldPanel("effective_on"),
                        FieldPanel("expires_on"),
                    ]
                ),
                FieldPanel("tags"),
            ],
            heading=_("Thông tin văn bản"),
        ),
        # "Trích yếu" is the title's label: the summary says what it is, not the same word.
        FieldPanel("summary", heading=_("Tóm tắt nội dung")),
        # The whole body as one text (``regulations.body_form``); its blocks, for fine work.
        FieldPanel("full_text"),
        MultiFieldPanel(
            [FieldPanel("body")],
            heading=_("Toàn văn theo từng khối"),
            classname="collapsed",
        ),
        InlinePanel("attachments", label=_("Tệp đính kèm"), heading=_("Tệp đính kèm")),
        InlinePanel("outgoing_relations", label=_("Quan hệ"), heading=_("Văn bản liên quan")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("confidentiality"), FieldPanel("urgency")]),
                FieldPanel("restricted_groups"),
            ],
            heading=_("Độ mật, độ khẩn"),
        ),
        MultiFieldPanel(
            [FieldPanel("validity_override"), FieldPanel("validity_override_reason")],
            heading=_("Hiệu lực"),
        ),
        AddressedToUnits.addressing_panel(),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("number", boost=10),
        index.SearchField("summary", boost=2),
        index.SearchField("body_text"),
        index.SearchField("attachments_text"),
        index.FilterField("doc_type"),
        index.FilterField("issued_on"),
        index.FilterField("validity"),
    ]
    base_form_class = PartyDocumentForm
    is_creatable = False
    parent_page_types = ["regulations.DocumentLibraryPage"]
    subpage_types = []
    template = "pages/document_page.html"

    class Meta:
        verbose_name = _("Văn bản")
        verbose_name_plural = _("Văn bản")
        constraints = [
            # The identity: the number's key (``regulations.identity``) and the issue date,
            # unique among the documents every member may see. A secret document may share it
            # (an editor outside its groups must be able to save what they would save if it
            # did not exist); the admin form keeps it unique among what each editor sees.
            models.UniqueConstraint(
                fields=["number_key", "issued_on"],
                condition=models.Q(restricted=False),
                name="unique_public_document_identity",
            )
        ]
        indexes = [models.Index(fields=["issued_on"])]

    def __str__(self):
        return f"{self.number} – {self.title}"

    def clean(self):
        super().clean()
        if self.effective_on and self.expires_on and self.expires_on < self.effective_on:
            raise ValidationError(
                {"expires_on": _("Ngày hết hiệu lực không được trước ngày có hiệu lực.")}
            )
        if self.validity_override and not self.validity_override_reason.strip():
            raise ValidationError(
                {"validity_override_reason": _("Hãy ghi lý do khi ghi đè tình trạng hiệu lực.")}
            )
        # A number and date already in the library: checked by the admin form
        # (``PartyDocumentForm``), which knows who asks and so what it may name.

    def save(self, *args, **kwargs):
        self.settle_number()
        if kwargs.get("update_fields") is None:  # a whole save (creation, publishing)
            self.restricted = self.marked_secret or bool(self.path and is_shut_to_some(self))
            if self.restricted:  # whatever publishes it: an old revision, a workflow
                settle_secret_address(self)
        super().save(*args, **kwargs)

    def settle_number(self) -> None:
        """The number as stored (spaces tidied) and its identity keys (``regulations.identity``)."""
        self.number = " ".join(self.number.split())
        self.number_key = number_key(self.number)
        self.number_key_folded = folded_number_key(self.number)

    @property
    def marked_secret(self) -> bool:
        """This version asks for a restriction (``services.sync_secrecy`` makes it)."""
        return bool(self.confidentiality) or self.restricted_groups.exists()

    @property
    def doc_type_label(self) -> str:
        return TYPE_LABELS.get(self.doc_type, self.doc_type)

    @property
    def is_secret(self) -> bool:
        return bool(self.confidentiality)

    @cached_property
    def body_text(self) -> str:
        return blocks_to_text(self.body.get_prep_value())

    @property
    def attachments_text(self) -> str:
        return "\n".join(attachment.extracted_text for attachment in self.attachments.all())

    def table_of_contents(self):
        return table_of_contents(self.body.get_prep_value())

    @cached_property
    def body_fingerprint(self) -> str:
        """The version of the body (``regulations.structure``): what is worked out from it is
        kept under this."""
        return structure.fingerprint(self.body.get_prep_value())

    def search_articles(self) -> list[tuple[str, str, str]]:
        """``(anchor, label, text)`` of each article, for article-level search results."""
        raw = self.body.get_prep_value()
        return structure.cached("articles", self.body_fingerprint, lambda: article_texts(raw))

    search_section = "circular"

    def search_parts(self) -> dict:
        """What the document puts in the search index (``core.indexing``)."""
        issuers = list(self.issuers.all())
        return {
            "section": self.search_section,
            "number": self.number,
            "number_key_folded": folded_number_key(self.number),
            "number_digits": number_digits(self.number),
            "doc_type": self.doc_type,
            "issuers": " ".join(issuer.code for issuer in issuers if issuer.code),
            "issuer_names": "; ".join(issuer.name for issuer in issuers),
            "field": self.field,
            "date": self.issued_on,
            "validity": self.validity,
            "closed": self.marked_secret,  # restricted even before sync_secrecy runs
            "text": "\n".join(
                [
                    self.summary,
                    # By name: the database returns them in no set order (PostgreSQL's
                    # differs between a plain query and a prefetch), the text must not vary.
                    " ".join(sorted(tag.name for tag in self.tags.all())),
                    self.field,
                    self.signer,
                    "; ".join(issuer.name for issuer in issuers),
                    self.body_text,
                    self.attachments_text,
                ]
            ),
            # What a search result quotes: the document's own words (search.highlight).
            "display_text": "\n".join(
                part for part in [self.summary, self.body_text, self.attachments_text] if part
            ),
        }


class RegulationPage(PartyDocumentPage):
    """Quy chế, quy định (and the decisions that issue them)."""

    search_section = "regulation"
    parent_page_types = ["regulations.DocumentLibraryPage"]
    subpage_types = []
    is_creatable = True
    template = "pages/document_page.html"

    class Meta:
        verbose_name = _("Quy chế, quy định")
        verbose_name_plural = _("Quy chế, quy định")


class CircularPage(PartyDocumentPage):
    """Thông tri, hướng dẫn, thông báo, công văn, kế hoạch, nghị quyết, chỉ thị..."""

    parent_page_types = ["regulations.DocumentLibraryPage"]
    subpage_types = []
    is_creatable = True
    template = "pages/document_page.html"

    class Meta:
        verbose_name = _("Thông tri, hướng dẫn, văn bản khác")
        verbose_name_plural = _("Thông tri, hướng dẫn, văn bản khác")


class StateDocumentPage(PartyDocumentPage):
    """Văn bản của Nhà nước (DOMAIN.md §6): a law, a decree, a ministry's circular, a
    provincial decision, numbered ``45/2019/QH14``, ``30/2020/NĐ-CP``, ``1234/UBND-VX``.

    A third page type beside regulations and circulars rather than a ``system`` field on
    every document: the concrete base already gives every document one identity, one
    relation table (a Party document "based on" a law is an ordinary relation, resolved in
    both directions), one listing with its facets and feeds, one visibility rule, one
    search ``search_parts``. A subclass gets all of that unchanged, and its page type *is*
    the system wherever a page type is known: the admin's "add" menu, search's section
    ("state"), the library's ``system`` filter. A field would have to be kept in step with
    the type codes by hand. Its types are the state keys ("NN-L", "NN-TT": TT is a Thông
    tư here, a Thông tri for the Party; ``import_format.codes``).
    """

    system = "state"
    search_section = "state"
    parent_page_types = ["regulations.DocumentLibraryPage"]
    subpage_types = []
    is_creatable = True
    template = "pages/document_page.html"

    class Meta:
        verbose_name = _("Văn bản của Nhà nước")
        verbose_name_plural = _("Văn bản của Nhà nước")


class DocumentRelation(Orderable):
    """A directed relation from one document to another (which may not be in the library yet).

    When the target is missing, its number and date are kept and the relation is resolved
    when a document with that number arrives (``relations.resolve_pending_relations``).
    """

    source = ParentalKey(PartyDocumentPage, related_name="outgoing_relations")
    relation_type = models.CharField(_("Quan hệ"), max_length=20, choices=RelationType.choices)
    target = models.ForeignKey(
        PartyDocumentPage,
        verbose_name=_("Văn bản trong thư viện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incoming_relations",
    )
    target_number = models.CharField(_("Số, ký hiệu (nếu chưa có trong thư viện)"), max_length=100)
    target_number_key_folded = models.CharField(max_length=120, db_index=True, editable=False)
    target_issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)

    panels = [
        FieldPanel("relation_type"),
        FieldPanel("target"),
        FieldRowPanel([FieldPanel("target_number"), FieldPanel("target_issued_on")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Quan hệ văn bản")
        verbose_name_plural = _("Quan hệ văn bản")

    def __str__(self):
        return f"{self.get_relation_type_display()} {self.target_number}"

    def clean(self):
        super().clean()
        if not self.target_id and not self.target_number.strip():
            raise ValidationError(_("Chọn văn bản trong thư viện hoặc ghi số, ký hiệu."))

    def save(self, *args, **kwargs):
        target = None
        if self.target_id:
            target = PartyDocumentPage.objects.only("number", "issued_on").get(pk=self.target_id)
        self.settle_citation(target)
        super().save(*args, **kwargs)

    def settle_citation(self, target) -> None:
        """The stored citation, before a save (``target``: the target as stored, or None).

        The citation as recorded, when it designates the target: shown to those who may not
        see the target, it must read as it would if the target were missing.
        """
        if target is not None:
            if folded_number_key(self.target_number) != folded_number_key(target.number):
                self.target_number, self.target_issued_on = target.number, target.issued_on
            elif self.target_issued_on not in (None, target.issued_on):
                self.target_issued_on = target.issued_on
        self.target_number_key_folded = folded_number_key(self.target_number)

    @property
    def passive_label(self) -> str:
        return PASSIVE_LABELS[RelationType(self.relation_type)]


class DocumentAttachment(Orderable):
    """An attached file (PDF, DOCX), served only to those who may read the document."""

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Đang trích xuất nội dung")
        DONE = "done", _("Đã trích xuất nội dung")
        FAILED = "failed", _("Không trích xuất được nội dung")

    page = ParentalKey(PartyDocumentPage, related_name="attachments")
    title = models.CharField(_("Tên tệp hiển thị"), max_length=255, blank=True)
    file = models.FileField(
        _("Tệp (PDF, DOCX)"), upload_to=attachment_upload_to, validators=[validate_attachment]
    )
    file_size = models.PositiveBigIntegerField(default=0, editable=False)
    extraction_status = models.CharField(
        max_length=10, choices=Extraction.choices, default=Extraction.PENDING, editable=False
    )
    extraction_message = models.CharField(max_length=500, blank=True, editable=False)
    extracted_text = models.TextField(blank=True, editable=False)

    panels = [FieldPanel("title"), FieldPanel("file")]

    class Meta(Orderable.Meta):
        verbose_name = _("Tệp đính kèm")
        verbose_name_plural = _("Tệp đính kèm")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.title or self.file.name.rsplit("/", 1)[-1]

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].upper() if "." in self.file.name else ""


class IndexBacklog(models.Model):
    """A page an import committed whose search and reference indexes are still to be brought
    up to date by the import's second process (``regulations.import_indexing``): written in
    the chunk's transaction, removed in the transaction that indexes the page, so that an
    interruption between the two leaves the page here and the next import indexes it first.
    Only pages every member sees are ever here: a restricted page is indexed in the
    transaction that writes it. ``chunk`` is renewed by every chunk that writes the page
    again: the row is removed only by an indexing that read the page after that chunk."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="+")
    chunk = models.UUIDField()

    class Meta:
        verbose_name = _("Trang chờ cập nhật chỉ mục")
        verbose_name_plural = _("Trang chờ cập nhật chỉ mục")

    def __str__(self):
        return str(self.page_id)
