from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharterConfig(AppConfig):
    name = "mostra.charter"
    label = "charter"
    verbose_name = _("Editorial charter")
