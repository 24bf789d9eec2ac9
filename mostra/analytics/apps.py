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
        # The daily sums follow the posts and the workspace's time zone.
        from django.db.models.signals import post_init, post_save

        from mostra.analytics import account_days
        from mostra.analytics.models import AccountPost
        from mostra.core.models import Workspace

        post_save.connect(account_days.on_post_saved, AccountPost, dispatch_uid="analytics-days")
        post_init.connect(
            account_days.on_workspace_loaded, Workspace, dispatch_uid="analytics-days-zone"
        )
        post_save.connect(
            account_days.on_workspace_saved, Workspace, dispatch_uid="analytics-days-zone"
        )
        # The strategy's checks read the history and what feeds the KPIs; renaming a
        # workspace's own KPI renames its recorded values.
        from mostra.analytics import for_strategy
        from mostra.analytics.progress.history import cached_history
        from mostra.strategy.checks import context
        from mostra.strategy.services import objects

        for slot, filler in (
            (context.HISTORY, cached_history),
            (context.OBSERVED, for_strategy.observed),
            (objects.KPI_RENAMED, for_strategy.rename_recorded),
        ):
            if filler not in slot:
                slot.append(filler)
        # Listening's writes move the data version of the figures it feeds.
        from mostra.analytics.listening_kpis import freshness

        freshness.connect()
        # The programme's members' posts are read with the public readers.
        from mostra.ambassadors.services.post_reading import READERS
        from mostra.analytics.programme_posts import READER

        if READER not in READERS:
            READERS.append(READER)
        from mostra.analytics.demo import seed_demo_analytics
        from mostra.core import demo

        demo.add_step("analytics", 40, lambda build: seed_demo_analytics(build.workspace))
        # The third axis measured: tracked links and their clicks, a paid campaign with
        # its days, the website's conversions (after the posts, before listening).
        from mostra.analytics.demo_make_act import seed_demo_make_act

        demo.add_step("make_act", 45, seed_demo_make_act)
