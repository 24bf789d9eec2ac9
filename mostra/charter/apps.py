from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharterConfig(AppConfig):
    name = "mostra.charter"
    label = "charter"
    verbose_name = _("Editorial charter")

    def ready(self) -> None:
        from mostra.charter import models
        from mostra.core.templatetags.audit_format import register_model

        register_model(models.Charter)
        register_model(models.CharterNetworkRule)
