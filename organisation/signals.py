"""Every account is a Party member reader: put new users in the "Đảng viên" group."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.dispatch import receiver

from .roles import MEMBER


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="add_new_user_to_members")
def add_new_user_to_members(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        group, _ = Group.objects.get_or_create(name=MEMBER)
        instance.groups.add(group)
