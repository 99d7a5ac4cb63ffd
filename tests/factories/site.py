"""The page tree the factories put their pages in, and an empty database to start from."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageLogEntry, Site, Task, Workflow

from home.models import EmulationIndexPage, HomePage, NewsIndexPage
from organisation.models import Unit, UnitIndexPage
from regulations.models import DocumentLibraryPage, Issuer
from schedule.models import ScheduleIndexPage
from study.models import StudyIndexPage


@dataclass(frozen=True)
class SiteTree:
    """The home page and the sections under it (as ``setup_intranet`` makes them)."""

    home: HomePage
    library: DocumentLibraryPage
    news: NewsIndexPage
    emulation: EmulationIndexPage
    study: StudyIndexPage
    units: UnitIndexPage
    schedule: ScheduleIndexPage


SECTIONS = {
    "library": DocumentLibraryPage,
    "news": NewsIndexPage,
    "emulation": EmulationIndexPage,
    "study": StudyIndexPage,
    "units": UnitIndexPage,
    "schedule": ScheduleIndexPage,
}


def _existing_tree() -> SiteTree | None:
    home = HomePage.objects.first()
    if home is None or not Site.objects.filter(is_default_site=True, root_page=home).exists():
        return None
    sections = {name: model.objects.child_of(home).first() for name, model in SECTIONS.items()}
    if None in sections.values():
        return None
    return SiteTree(home=home, **sections)


def site_tree() -> SiteTree:
    """The home page and its six sections: the demo's when loaded, else made now.

    On a database without them (no demo, no ``setup_intranet``), runs the real set-up,
    ``home.setup.setup_intranet``: roles and their permissions, the page tree, the
    default site (``localhost``) and the workflows, exactly as ``make run`` does before the
    demo. Idempotent: a second call finds the tree and writes nothing.
    """
    tree = _existing_tree()
    if tree is None:
        from home.setup import setup_intranet

        setup_intranet()
        tree = _existing_tree()
    return tree


def empty_database() -> None:
    """Bring the test database back to what migrations leave: no set-up, no demo.

    Meant for the inside of a test's transaction (the ``empty_db`` fixture of
    ``tests/conftest.py``): the rollback at the end brings the demo back for the next test.
    What stays is what Wagtail's migrations create: the root page, a placeholder home page
    ("Welcome to your new Wagtail site!") served as the default site, the root collection,
    the locale, content types and permissions; less Wagtail's "Moderators" and "Editors"
    groups and its default workflow, which ``setup_intranet`` retires anyway.
    """
    # Pages first: unit pages protect their units; deliveries, revisions, view
    # restrictions, search entries and page permissions go with their pages.
    Page.objects.filter(depth__gt=1).delete()
    Site.objects.all().delete()
    PageLogEntry.objects.all().delete()
    Unit.objects.all().delete()
    get_user_model().objects.all().delete()
    Group.objects.all().delete()
    Issuer.objects.all().delete()
    Workflow.objects.all().delete()
    Task.objects.all().delete()
    get_document_model().objects.all().delete()
    get_image_model().objects.all().delete()
    Collection.objects.filter(depth__gt=1).delete()
    Tag.objects.all().delete()
    root = Page.get_first_root_node()
    welcome = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home"))
    Site.objects.create(hostname="localhost", root_page=welcome, is_default_site=True)
