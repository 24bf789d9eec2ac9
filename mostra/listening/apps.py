from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The modules that register source kinds (:mod:`mostra.listening.kinds`), imported when
#: the app is ready: a part that adds kinds (Mastodon, Bluesky…) adds its module here.
SOURCE_MODULES = (
    "mostra.listening.feeds.kinds",
    "mostra.listening.networks.kinds",
    "mostra.listening.networks.conversations",
    "mostra.listening.firehose.kinds",
)


class ListeningConfig(AppConfig):
    name = "mostra.listening"
    label = "listening"
    verbose_name = _("Listening")

    def ready(self) -> None:
        import importlib

        for module in SOURCE_MODULES:
            importlib.import_module(module)
        from mostra.core import demo
        from mostra.listening.demo import seed_demo_listening

        demo.add_step("listening", 50, seed_demo_listening)
        self._replies()

    def _replies(self) -> None:
        """Replies go through the workflow and the publishing engine: tell them."""
        from mostra.editorial import workflow
        from mostra.listening.services import replies
        from mostra.publishing.services import publications
        from mostra.publishing.signals import publication_finished

        if replies.targets_of not in publications.TARGETS:
            publications.TARGETS.append(replies.targets_of)
        if replies.on_transition not in workflow.HOOKS:
            workflow.HOOKS.append(replies.on_transition)
        publication_finished.connect(
            replies.on_publication_finished, dispatch_uid="listening.replies"
        )
