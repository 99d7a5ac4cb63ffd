from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Văn bản gửi đơn vị và xác nhận tiếp nhận")

    def ready(self):
        from . import signals  # noqa: F401
