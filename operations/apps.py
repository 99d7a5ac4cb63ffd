from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the intranet in production: backups, restores, load tests."""

    name = "operations"
    verbose_name = _("Vận hành")
