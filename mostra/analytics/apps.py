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
        # The counts and followers the publishing reads are copied for the KPIs.
        from mostra.analytics import sync
        from mostra.publishing.signals import followers_collected, metrics_collected

        metrics_collected.connect(sync.on_metrics_collected, dispatch_uid="analytics-metrics")
        followers_collected.connect(sync.on_followers_collected, dispatch_uid="analytics-followers")
        from mostra.analytics.demo import seed_demo_analytics
        from mostra.core import demo

        demo.add_step("analytics", 40, lambda build: seed_demo_analytics(build.workspace))
