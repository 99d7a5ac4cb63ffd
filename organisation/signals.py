"""Every account is a Party member reader: put new users in the "Đảng viên" group."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .roles import MEMBER


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="add_new_user_to_members")
def add_new_user_to_members(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        group, _ = Group.objects.get_or_create(name=MEMBER)
        instance.groups.add(group)


@receiver(post_save, sender="organisation.Unit", dispatch_uid="unit_page_and_group")
def give_new_unit_its_page_and_group(sender, instance, created, raw=False, **kwargs):
    """A unit added in the admin gets its page and editor group, as imported ones do."""
    from .setup import ensure_unit_group, ensure_unit_page

    if raw or not instance.active:
        return
    ensure_unit_page(instance)
    ensure_unit_group(instance)


@receiver(post_save, sender="organisation.UnitMembership", dispatch_uid="unit_editor_group_in")
@receiver(post_delete, sender="organisation.UnitMembership", dispatch_uid="unit_editor_group_out")
def keep_unit_editor_group_in_step(sender, instance, raw=False, **kwargs):
    """Unit editors are in their unit's editor group (page rights); nobody else is."""
    from .models import UnitMembership
    from .roles import unit_editor_group_name

    if raw:
        return
    group = Group.objects.filter(name=unit_editor_group_name(instance.unit.code)).first()
    if group is None:
        return
    still_editor = UnitMembership.objects.filter(
        user_id=instance.user_id, unit_id=instance.unit_id, role=UnitMembership.Role.EDITOR
    ).exists()
    if still_editor:
        instance.user.groups.add(group)
    else:
        instance.user.groups.remove(group)
