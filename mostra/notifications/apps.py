from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "mostra.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Every change of a post's status, and the lower layers' signals.
        from mostra.notifications import receivers

        receivers.connect()
