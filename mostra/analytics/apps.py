from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "mostra.analytics"
    label = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        from mostra.analytics.by_hand import on_publication_finished
        from mostra.publishing.signals import publication_finished

        publication_finished.connect(on_publication_finished, dispatch_uid="analytics-by-hand")
