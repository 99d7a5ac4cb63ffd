from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The base layer: access (visibility, viewer, admin policy), cache generation and
    conditional GET, exports, files, shared blocks. Imports no other app of ours."""

    name = "core"
    verbose_name = _("Nền tảng")

    def ready(self):
        from . import checks, freshness, postgres_arrays, viewer  # noqa: F401  (checks)

        viewer.connect()
        freshness.connect()
        postgres_arrays.connect()
