from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The modules that register source kinds (:mod:`mostra.listening.kinds`), imported when
#: the app is ready: a part that adds kinds (Mastodon, Bluesky…) adds its module here.
SOURCE_MODULES = (
    "mostra.listening.feeds.kinds",
    "mostra.listening.networks.kinds",
    "mostra.listening.networks.conversations",
)


class ListeningConfig(AppConfig):
    name = "mostra.listening"
    label = "listening"
    verbose_name = _("Listening")

    def ready(self) -> None:
        import importlib

        for module in SOURCE_MODULES:
            importlib.import_module(module)
