from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Tổ chức, đơn vị và vai trò")

    def ready(self):
        from . import people, signals  # noqa: F401

        people.connect()
