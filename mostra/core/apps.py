from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mostra.core"
    label = "core"
    verbose_name = _("Workspaces and team")

    def ready(self) -> None:
        from mostra.core import figures_cache, sign_in_limits, signals  # noqa: F401

        figures_cache.watch()
