from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "mostra.home"
    label = "home"
    verbose_name = _("Home")

    def ready(self) -> None:
        from mostra.core.views import workspaces
        from mostra.home.views import home

        if home not in workspaces.LANDING:
            workspaces.LANDING.append(home)
