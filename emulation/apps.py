from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Thi đua, khen thưởng")

    def ready(self):
        from . import pages  # noqa: F401  (registrations)
