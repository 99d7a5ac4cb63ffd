"""Accounts, groups (roles), units and their members."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from organisation.models import Unit, UnitMembership
from organisation.roles import ALL_ROLES

from .data import CLUSTER, COMMUNES, PEOPLE, ascii_slug, pick
from .site import site_tree

PASSWORD = "MatKhau@2026"


class GroupFactory(factory.django.DjangoModelFactory):
    """A group, found by name when it exists.

    A role's name (``organisation.roles``: "Biên tập viên", "Ban Thường vụ Tỉnh ủy"...)
    gives the role's group with its permissions, made by ``home.setup`` when missing.
    """

    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Tổ công tác số {n + 1} của Văn phòng Tỉnh ủy")

    @classmethod
    def _create(cls, model_class, *args, name, **kwargs):
        if name in ALL_ROLES and not model_class.objects.filter(name=name).exists():
            from home.setup import ensure_groups
            from organisation.setup import SetupReport

            ensure_groups(SetupReport())
        group, _created = model_class.objects.get_or_create(name=name, defaults=kwargs)
        return group


class UserFactory(factory.django.DjangoModelFactory):
    """A Party member's account (always in "Đảng viên", as ``organisation.signals`` does).

    ``UserFactory(roles=[roles.EDITOR])`` adds role groups by name; ``unit=...`` makes the
    account a member of a unit (``unit__role=UnitMembership.Role.EDITOR`` for its editor).
    Every account's password is ``PASSWORD``.
    """

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: pick(PEOPLE, n)[0])
    last_name = factory.Sequence(lambda n: pick(PEOPLE, n)[1])
    username = factory.LazyAttributeSequence(
        lambda o, n: f"{ascii_slug(o.first_name + o.last_name).replace('-', '')}{n + 1}"
    )
    email = factory.LazyAttribute(lambda o: f"{o.username}@vanphongtinhuy.local")
    password = factory.django.Password(PASSWORD)
    is_active = True

    class Params:
        superuser = factory.Trait(is_superuser=True, is_staff=True)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(GroupFactory(name=name) for name in extracted))

    @factory.post_generation
    def unit(self, create, extracted, **kwargs):
        if create and extracted is not None:
            UnitMembershipFactory(user=self, unit=extracted, **kwargs)


class UnitFactory(factory.django.DjangoModelFactory):
    """A commune's Party committee, with its page under "Đơn vị" and its editor group.

    Both come from ``organisation.signals`` as for a unit added in the admin; the page tree
    is made first when the database has none.
    """

    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Đảng bộ xã {pick(COMMUNES, n)}")
    code = factory.Sequence(lambda n: f"xa-{ascii_slug(pick(COMMUNES, n))}-{n + 1}")
    kind = Unit.Kind.COMMUNE
    cluster = CLUSTER
    active = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        site_tree()
        return super()._create(model_class, *args, **kwargs)


class UnitMembershipFactory(factory.django.DjangoModelFactory):
    """A member of a unit; an editor (``role=UnitMembership.Role.EDITOR``) joins the unit's
    editor group through ``organisation.signals``."""

    class Meta:
        model = UnitMembership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = UnitMembership.Role.MEMBER


def logged_in(user) -> Client:
    """A test client logged in as ``user``, on the default site's host."""
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client
