"""Study pages: extract their materials' text after each publish, whatever publishes."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import MaterialsMixin
from .tasks import after_material_page_published


@receiver(page_published, dispatch_uid="study_materials_after_publish")
def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, MaterialsMixin):
        after_material_page_published(instance)
