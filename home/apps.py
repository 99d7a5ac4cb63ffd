from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Trang chủ và chuyên mục")

    def ready(self):
        from . import pages  # noqa: F401  (registrations)
