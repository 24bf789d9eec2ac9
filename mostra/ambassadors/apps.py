from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmbassadorsConfig(AppConfig):
    name = "mostra.ambassadors"
    label = "ambassadors"
    verbose_name = _("Ambassadors and influencers")

    def ready(self) -> None:
        from mostra.ambassadors.demo import seed_demo_programme
        from mostra.core import demo

        demo.add_step("ambassadors", 60, seed_demo_programme)
