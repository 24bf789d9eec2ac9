from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmbassadorsConfig(AppConfig):
    name = "mostra.ambassadors"
    label = "ambassadors"
    verbose_name = _("Ambassadors and influencers")
