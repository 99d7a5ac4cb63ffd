from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "regulations"
    verbose_name = _("Thư viện văn bản")

    def ready(self):
        from . import issuers, pages, signals  # noqa: F401  (registrations)

        issuers.connect()
