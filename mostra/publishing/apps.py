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
        # Restoring a workspace publishes nothing late; deleting it starts with the
        # publications, which protect their account.
        from mostra.core.services import archive
        from mostra.publishing.services import archived

        if archived.on_restore not in archive.ON_RESTORE:
            archive.ON_RESTORE.append(archived.on_restore)
        if archived.before_delete not in archive.BEFORE_DELETE:
            archive.BEFORE_DELETE.append(archived.before_delete)
