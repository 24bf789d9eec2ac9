from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "mostra.strategy"
    label = "strategy"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        from mostra.strategy.services.pending_owners import on_membership_created

        # Whoever joins a workspace takes the objectives waiting for their address.
        post_save.connect(
            on_membership_created,
            sender="core.Membership",
            dispatch_uid="strategy.pending_owners",
        )
        from mostra.core import demo
        from mostra.strategy.demo import seed_demo_strategy

        demo.add_step("strategy", 10, seed_demo_strategy)
