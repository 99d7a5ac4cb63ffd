"""Pages: added under their parent and published as the admin does, and news items."""

import factory

from home.models import NewsPage

from .data import NEWS_TITLES, ascii_slug, date_for, news_body, pick
from .site import site_tree


class PageFactory(factory.django.DjangoModelFactory):
    """Base of the page factories: ``parent.add_child(instance=page)``, then a revision.

    ``parent`` defaults to the page's section (``_section`` below, in ``site_tree()``);
    ``publish=False`` leaves a draft (never live), as "Lưu nháp" does. Publishing goes
    through ``revision.publish()``, so the ``page_published`` handlers run (secrecy,
    relations, validity, search entries, deliveries to units). ``tags`` are set on the page
    before it is saved. The page returned is read back from the database.
    """

    class Meta:
        abstract = True

    parent = None
    publish = True
    tags = ()

    # The attribute of ``SiteTree`` that is the default parent (a leading "_": not a field).
    _section = ""

    @classmethod
    def default_parent(cls):
        return getattr(site_tree(), cls._section)

    @classmethod
    def _build(cls, model_class, *args, parent=None, publish=True, tags=(), **kwargs):
        page = model_class(*args, **kwargs)
        if tags:
            page.tags.set(list(tags))
        return page

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, tags=(), **kwargs):
        page = cls._build(model_class, *args, tags=tags, **kwargs)
        page.live = False
        (parent or cls.default_parent()).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        else:
            cls.after_draft(page)
        return model_class.objects.get(pk=page.pk)

    @classmethod
    def after_draft(cls, page) -> None:
        """What the admin does after saving a draft of this kind of page (nothing here)."""


class NewsPageFactory(PageFactory):
    """A news item of the Office ("Tin tức"); ``parent=unit.page`` for a unit's news,
    ``parent=site_tree().emulation`` (and ``movement=...``) for emulation news."""

    class Meta:
        model = NewsPage

    _section = "news"

    date = factory.Sequence(date_for)
    title = factory.LazyAttributeSequence(
        lambda o, n: pick(NEWS_TITLES, n).format(
            year=o.date.year, month=o.date.month, day=o.date.strftime("%d/%m/%Y")
        )
    )
    slug = factory.LazyAttributeSequence(lambda o, n: f"{ascii_slug(o.title, 60)}-{n + 1}")
    intro = factory.LazyAttribute(lambda o: f"{o.title}: tin của Văn phòng Tỉnh ủy.")
    body = factory.LazyFunction(news_body)
