"""Party documents of the library (regulations, circulars), their issuers and relations."""

import factory

from organisation.roles import STANDING_COMMITTEE
from regulations.models import CircularPage, DocumentRelation, Issuer, RegulationPage

from .data import (
    CIRCULAR_SUBJECTS,
    REGULATION_SUBJECTS,
    SIGNERS,
    TITLE_LEADS,
    ascii_slug,
    circular_body,
    date_for,
    pick,
    regulation_body,
)
from .pages import PageFactory
from .people import GroupFactory

# Numbers start here ("301-QĐ/TU"): above the demo's small numbers, so that a factory's
# document never shares a number with a demo document in listings or search.
FIRST_NUMBER = 301
SECRET = "Mật"  # regulations.choices.Confidentiality.SECRET


class IssuerFactory(factory.django.DjangoModelFactory):
    """An issuing body, found by code and name when it exists (the demo has these)."""

    class Meta:
        model = Issuer
        django_get_or_create = ("code", "name")

    name = "Ban Thường vụ Tỉnh ủy"
    code = "TU"


class PartyDocumentFactory(PageFactory):
    """What regulations and circulars share; see the two factories below.

    ``number`` is ``"{n}-{doc_type}/{issuer code}"`` with a sequence ``n``, ``issued_on`` a
    date in 2024–2026, ``slug`` made from both as the importer does ("301-qd-tu-2025").
    ``secret=True`` marks the document "Mật" and readable by "Ban Thường vụ Tỉnh ủy" only
    (``restricted_groups=[...]`` for other groups): publishing restricts the page
    (``regulations.services.sync_secrecy``, run by the ``page_published`` handler); a secret
    draft (``publish=False``) is restricted at once, as the importer and the admin do.
    """

    class Meta:
        abstract = True

    _section = "library"

    class Params:
        issuer = factory.SubFactory(IssuerFactory)
        subject = factory.Sequence(lambda n: pick(REGULATION_SUBJECTS, n))  # (subject, field)
        secret = factory.Trait(
            confidentiality=SECRET,
            restricted_groups=factory.LazyFunction(lambda: [GroupFactory(name=STANDING_COMMITTEE)]),
        )

    doc_type = "QĐ"
    number = factory.LazyAttributeSequence(
        lambda o, n: f"{n + FIRST_NUMBER}-{o.doc_type}/{o.issuer.code}"
    )
    issued_on = factory.Sequence(date_for)
    effective_on = factory.LazyAttribute(lambda o: o.issued_on)
    title = factory.LazyAttribute(
        lambda o: f"{TITLE_LEADS.get(o.doc_type, o.doc_type)} {o.subject[0]}"
    )
    slug = factory.LazyAttribute(
        lambda o: f"{ascii_slug(o.number.replace('/', '-'))}-{o.issued_on:%Y}"
    )
    issuers = factory.LazyAttribute(lambda o: [o.issuer])
    signer = factory.Sequence(lambda n: pick(SIGNERS, n))
    field = factory.LazyAttribute(lambda o: o.subject[1])
    summary = factory.LazyAttribute(
        lambda o: f"{o.title}: phạm vi, đối tượng áp dụng và trách nhiệm thực hiện."
    )
    body = factory.LazyAttribute(lambda o: regulation_body(o.subject[0]))
    confidentiality = ""
    restricted_groups = ()

    @classmethod
    def after_draft(cls, page) -> None:
        from regulations.services import sync_secrecy

        sync_secrecy(page, relax=True)  # never published: nothing live to keep secret


class RegulationPageFactory(PartyDocumentFactory):
    """``301-QĐ/TU`` "Quyết định ban hành Quy định về công tác văn thư của Đảng bộ tỉnh",
    issued by the Ban Thường vụ Tỉnh ủy, with chapters, articles, clauses and points."""

    class Meta:
        model = RegulationPage


class CircularPageFactory(PartyDocumentFactory):
    """``301-HD/VPTU`` "Hướng dẫn thể thức và kỹ thuật trình bày văn bản của Đảng", issued
    by the Văn phòng Tỉnh ủy, with I-, II-, III- headings."""

    class Meta:
        model = CircularPage

    class Params:
        issuer = factory.SubFactory(IssuerFactory, name="Văn phòng Tỉnh ủy", code="VPTU")
        subject = factory.Sequence(lambda n: pick(CIRCULAR_SUBJECTS, n))

    doc_type = "HD"
    body = factory.LazyAttribute(lambda o: circular_body(o.subject[0]))


class DocumentRelationFactory(factory.django.DjangoModelFactory):
    """A relation from ``source`` to ``target`` (default: a guidance that guides a regulation).

    As an editor would: the relation is added to the source, then the source is saved as a
    new revision, published when the source is live (so validity is refreshed: a
    ``RelationType.REPLACES`` ends the target). ``target=None, target_number="..."`` makes
    a relation to a document not in the library yet, resolved when it arrives.
    """

    class Meta:
        model = DocumentRelation

    source = factory.SubFactory(CircularPageFactory)
    relation_type = "guides"  # regulations.choices.RelationType.GUIDES
    target = factory.SubFactory(RegulationPageFactory)
    target_number = factory.LazyAttribute(lambda o: o.target.number if o.target else "")
    target_issued_on = factory.LazyAttribute(lambda o: o.target.issued_on if o.target else None)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        relation = model_class(*args, **kwargs)
        relation.sort_order = model_class.objects.filter(source=relation.source).count()
        relation.save()
        source = type(relation.source).objects.get(pk=relation.source_id).specific
        revision = source.save_revision()
        if source.live:
            revision.publish()
        relation.refresh_from_db()
        return relation
