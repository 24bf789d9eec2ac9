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
        # The calendar and the status badges say how a post being published is going.
        from mostra.editorial.services import calendar_chips
        from mostra.publishing.services.sending import of_posts

        if of_posts not in calendar_chips.SENDINGS:
            calendar_chips.SENDINGS.append(of_posts)
        # The charter checks a Mastodon text against the connected instances' own limit.
        from mostra.charter import instance_limits
        from mostra.publishing.services.accounts import text_limit_for

        if text_limit_for not in instance_limits.ACCOUNT_LIMITS:
            instance_limits.ACCOUNT_LIMITS.append(text_limit_for)
        # The integrations read and save the accounts through the publishing's store.
        from mostra.integrations import store
        from mostra.publishing.services.account_store import STORE

        if STORE not in store.STORES:
            store.STORES.append(STORE)
