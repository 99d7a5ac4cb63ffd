"""A week published records what changed and tells the people concerned; a pack published
(or deleted) keeps its access in step, whatever publishes it (the workflow, a command)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published

from .changes import record_publication
from .models import MeetingPackPage, WeekSchedulePage
from .notify import notify_changes
from .packs import drop_pack_group, sync_pack_access


@receiver(page_published, dispatch_uid="schedule_page_published")
def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, WeekSchedulePage):
        publication = record_publication(instance)
        notify_changes(publication, instance.get_full_url())
    elif isinstance(instance, MeetingPackPage):
        sync_pack_access(instance)


@receiver(post_delete, sender=MeetingPackPage, dispatch_uid="schedule_pack_deleted")
def on_pack_deleted(sender, instance, **kwargs):
    drop_pack_group(instance.pk)
