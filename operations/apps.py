from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the intranet in production: backups, restores, conditional GET, load tests."""

    name = "operations"
    verbose_name = _("Vận hành")

    def ready(self):
        from . import freshness

        freshness.connect()
