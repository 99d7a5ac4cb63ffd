from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Theo dõi thực hiện nhiệm vụ")

    def ready(self):
        from core import viewer
        from core.narrowing import register_narrower

        from . import import_section, pages  # noqa: F401  (registrations)
        from .models import Task
        from .selectors import FOLLOW_ALL, visible_tasks

        viewer.track_permission(FOLLOW_ALL)
        register_narrower(
            Task, lambda user, queryset: queryset.filter(pk__in=visible_tasks(user).values("pk"))
        )
        import_section.register()
