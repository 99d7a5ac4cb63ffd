"""Deliveries follow the addressing of the published version of a page."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import AddressedToUnits
from .services import sync_deliveries


@receiver(page_published, dispatch_uid="announcements_sync_deliveries")
def deliver_on_publish(sender, instance, created=False, **kwargs):
    """``created``: sent by a bulk writer for a page created by this publish."""
    if isinstance(instance, AddressedToUnits):
        sync_deliveries(instance, created=created)
