from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharterConfig(AppConfig):
    name = "mostra.charter"
    label = "charter"
    verbose_name = _("Editorial charter")

    def ready(self) -> None:
        from mostra.charter import models
        from mostra.core.templatetags.audit_format import register_labels, register_model
        from mostra.strategy.catalogue import CONTENT_TYPES, FORMATS

        register_model(models.Charter)
        # The formats to favour, per content type: {"video": ["reel", "short"]}.
        register_labels("charter", {}, {"favoured_formats": {**FORMATS, **CONTENT_TYPES}})
        register_model(models.CharterNetworkRule)
        from mostra.charter.demo import seed_demo_charter
        from mostra.core import demo

        demo.add_step("charter", 20, lambda build: seed_demo_charter(build.workspace))
