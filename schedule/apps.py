from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "schedule"
    verbose_name = _("Lịch công tác")

    def ready(self):
        from . import pages, signals  # noqa: F401  (registrations)
