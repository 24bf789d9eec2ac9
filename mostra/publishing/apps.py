from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "mostra.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self) -> None:
        # The workflow tells the publishing engine of every status change and move.
        from mostra.editorial import workflow
        from mostra.publishing.services.publications import on_transition

        if on_transition not in workflow.HOOKS:
            workflow.HOOKS.append(on_transition)
