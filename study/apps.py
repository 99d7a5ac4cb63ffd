from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "study"
    verbose_name = _("Học tập, quán triệt")

    def ready(self):
        from . import pages, signals  # noqa: F401  (registrations)
