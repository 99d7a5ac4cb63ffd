"""New public documents of an import chunk, written together: the rows that creating (and
publishing) each page through Wagtail leaves, in a few queries for the chunk.

Creating a page the ordinary way (``add_child``, ``save_revision``, ``revision.publish()``)
saves it three times, with its tags, issuers and relations each time, validates it twice,
reads the revision back and writes a log entry per step: some 170 queries per document,
most of an import's time. A new public document needs none of that repeated: its final rows
are known before anything is written. ``NewDocuments`` writes them (pages under the library
with the paths treebeard would give, in order; their tables; their child rows; one revision
each holding what ``save_revision`` would have serialised; the "create" and "edit" log
entries, and "publish" for those published) with bulk inserts, then sends
``page_published`` for each published page in order (with ``created=True``: the handlers
know that nothing of the page existed before), so that secrecy, pending references and
deliveries follow as they do for any publish. A draft is left as ``save_revision`` leaves a
new page: not live, its revision the latest. Validity, the search indexes and the reference
index are brought up to date by the importer for the whole chunk.

Secret documents, updates and lines with other apps' sections (``tasks``) go the ordinary
way (``importer._upsert``): they are few, and their rules (restrictions, random addresses,
revisions of a live page, the sections' own writes) stay in one place.
``tests/regulations/test_bulk_import.py`` compares both ways field by field.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published

from core.freshness import content_changed
from core.visibility import is_shut_to_some
from regulations.numbers import folded_number_key

from .relations import choose_target, citations_read_for

_BATCH = 200  # rows per INSERT (SQLite limits the parameters of one statement)


class NewDocuments:
    """Collect new public documents of a chunk (``add``), then ``write`` them."""

    def __init__(self, library, user=None, targets=None) -> None:
        self.library = library
        self.user = user
        self.targets = targets  # the chunk's ``chunk_lookups.KnownTargets``, if read
        self.pages: list = []
        self.published: list[bool] = []  # beside ``pages``: False for a draft
        self.slugs: set[str] = set()

    @staticmethod
    def usable(library) -> bool:
        """False when the library is restricted: its pages then become secret on save."""
        return not is_shut_to_some(library)

    def add(self, page, *, published: bool = True) -> None:
        """A page filled as ``importer._upsert`` fills it (fields, slug, tags, issuers,
        relations in memory), not saved; ``published=False``: a draft (created and its
        revision saved, as an editor's unpublished page)."""
        self.pages.append(page)
        self.published.append(published)
        self.slugs.add(page.slug)
        if self.targets is not None:
            self.targets.note_unwritten(page)

    def write(self) -> list:
        """Write the collected pages; returns them (saved), in the order they were added."""
        pages, published = self.pages, self.published
        self.pages, self.published, self.slugs = [], [], set()
        if not pages:
            return []
        self._place(pages)
        _nothing_stored_yet(pages)
        _insert_tables(pages)
        Page.objects.filter(pk=self.library.pk).update(numchild=self.library.numchild + len(pages))
        self.library.numchild += len(pages)
        if self.targets is not None:
            for page in pages:
                self.targets.note(page)
        _resolve_within(pages, self.targets)
        _insert_children(pages)
        revisions = self._revisions(pages)
        self._publish(pages, revisions, published)
        content_changed()  # bulk inserts send no save signal for the cache generation
        with citations_read_for(pages):
            for page, revision, was_published in zip(pages, revisions, published, strict=True):
                if not was_published:
                    continue
                page_published.send(
                    sender=type(page), instance=page, revision=revision, created=True
                )
        return pages

    def _place(self, pages) -> None:
        """Paths after the library's last child, as ``add_child`` gives them one by one."""
        library = self.library
        last = library.get_last_child()
        previous = last.path if last is not None else None
        for page in pages:
            if previous is None:
                page.path = Page._get_path(library.path, library.depth + 1, 1)
            else:
                page.path = previous
                page.path = page._inc_path()
            previous = page.path
            page.depth = library.depth + 1
            page.numchild = 0
            page.locale_id = library.locale_id
            page.draft_title = page.title
            page.set_url_path(library)
            page.settle_number()
            page.restricted = False  # public, under a library shut to no one (``usable``)

    def _revisions(self, pages) -> list[Revision]:
        """One revision per page, with the content ``save_revision`` serialises: the page as
        ``add_child`` left it (not live, no revision yet), its child rows saved."""
        base_type = ContentType.objects.get_for_model(Page)
        revisions = [
            Revision(
                content_object=page,
                base_content_type=base_type,
                user=self.user,
                approved_go_live_at=None,
                content=page.serializable_data(),
                object_str=str(page),
                created_at=timezone.now(),
            )
            for page in pages
        ]
        return Revision.objects.bulk_create(revisions, batch_size=_BATCH)

    def _publish(self, pages, revisions, published: list[bool]) -> None:
        """The page fields ``save_revision`` (and ``publish``, for the pages published) set,
        and the log entries of the creation, the revision and the publish."""
        now = timezone.now()
        entries = []
        for page, revision, was_published in zip(pages, revisions, published, strict=True):
            page.latest_revision = revision
            page.latest_revision_created_at = revision.created_at
            page.has_unpublished_changes = not was_published
            steps = [
                ("wagtail.create", revision.created_at, None),  # Page.save of a new page
                ("wagtail.edit", revision.created_at, revision),  # save_revision
            ]
            if was_published:
                page.live_revision = revision
                page.live, page.expired = True, False
                page.first_published_at = page.last_published_at = now
                steps.append(("wagtail.publish", now, revision))
            content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
            entries += [
                PageLogEntry(
                    content_type=content_type,
                    label=page.get_admin_display_title(),
                    action=action,
                    timestamp=timestamp,
                    data={},
                    user=self.user,
                    revision=logged_revision,
                    content_changed=True,
                    page=page,
                )
                for action, timestamp, logged_revision in steps
            ]
        # Each page's only revision, found by the database: one UPDATE for the lot (a
        # ``bulk_update`` of these fields built a CASE over every page, most of the cost).
        own = Revision.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("pk"), CharField()),
        )
        revision_id = Subquery(own.values("pk")[:1])
        revision_fields = {
            "latest_revision": revision_id,
            "latest_revision_created_at": Subquery(own.values("created_at")[:1]),
        }
        publish_fields = {
            "live_revision": revision_id,
            "live": True,
            "has_unpublished_changes": False,
            "expired": False,
            "first_published_at": now,
            "last_published_at": now,
        }
        for want_published, fields in (
            (True, {**revision_fields, **publish_fields}),
            (False, {**revision_fields, "has_unpublished_changes": True}),
        ):
            ids = [
                page.pk for page, was in zip(pages, published, strict=True) if was is want_published
            ]
            for start in range(0, len(ids), _BATCH):
                Page.objects.filter(pk__in=ids[start : start + _BATCH]).update(**fields)
        PageLogEntry.objects.bulk_create(entries, batch_size=_BATCH)


def _resolve_within(pages, targets=None) -> None:
    """References to documents of the same chunk written before: resolved as if each page
    had been created when its line was read (the earlier ones then in the library).
    ``targets``: the chunk's ``KnownTargets``, which knows the pages written."""
    choose = targets.choose if targets is not None else choose_target
    for page in pages:
        for relation in page.outgoing_relations.all():
            if relation.target_id is None:
                key = folded_number_key(relation.target_number)
                relation.target = choose(
                    page, key, relation.target_issued_on, created_before=page.pk
                )


def _nothing_stored_yet(pages) -> None:
    """The relations a line does not fill (comments, attachments, recipient units, groups)
    held as empty in memory: a new page has no such rows, and serialising or writing its
    relations would otherwise ask the database for each of them, page by page."""
    for page in pages:
        held = page._cluster_related_objects = getattr(page, "_cluster_related_objects", {})
        names = [relation.get_accessor_name() for relation in get_all_child_relations(page)]
        names += [field.name for field in get_all_child_m2m_relations(page)]
        for name in names:
            held.setdefault(name, [])


def _concrete_chain(model) -> list:
    """The concrete models from Page's first subclass down to ``model``."""
    chain = [model]
    while (parent := next(iter(chain[0]._meta.parents), None)) is not None and parent is not Page:
        chain.insert(0, parent)
    return chain


def _insert_tables(pages) -> None:
    """Insert the ``Page`` rows of ``pages`` in their order, so that their ids follow the lines
    as one save after another gives them (``_resolve_within`` and the indexing order rely on
    it, whatever the page types), then the row of each model below, as Django's save of a
    multi-table model does."""
    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    for start in range(0, len(pages), _BATCH):
        batch = pages[start : start + _BATCH]
        rows = Page._base_manager._insert(
            batch, fields=page_fields, returning_fields=[Page._meta.pk], using=connection.alias
        )
        for page, (pk,) in zip(batch, rows, strict=True):
            page.id = pk
            for table_model in _concrete_chain(type(page)):  # every pointer up the chain
                for link in table_model._meta.parents.values():
                    setattr(page, link.attname, pk)
            page._state.adding = False
            page._state.db = connection.alias
    for model in dict.fromkeys(type(page) for page in pages):
        of_model = [page for page in pages if type(page) is model]
        for table_model in _concrete_chain(model):
            fields = list(table_model._meta.local_concrete_fields)
            for start in range(0, len(of_model), _BATCH):
                table_model._base_manager._insert(
                    of_model[start : start + _BATCH], fields=fields, using=connection.alias
                )


def _insert_children(pages) -> None:
    """The child rows (relations, tags) and many-to-many rows (issuers, groups, units) held in
    memory by each page, as modelcluster's commit saves them; their ids are set on them."""
    children: dict = {}
    through_rows: dict = {}
    for page in pages:
        for relation in get_all_child_relations(page):
            manager = getattr(page, relation.get_accessor_name())
            for item in manager.all():
                setattr(item, relation.field.attname, page.pk)
                children.setdefault(type(item), []).append(item)
        for field in get_all_child_m2m_relations(page):
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            for item in getattr(page, field.name).all():
                through_rows.setdefault(through, []).append(
                    through(**{f"{source}_id": page.pk, f"{target}_id": item.pk})
                )
    for model, items in children.items():
        if hasattr(model, "settle_citation"):
            for item in items:
                item.settle_citation(item.target if item.target_id else None)
        model.objects.bulk_create(items, batch_size=_BATCH)
    for through, rows in through_rows.items():
        through.objects.bulk_create(rows, batch_size=_BATCH)
