from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "mostra.editorial"
    label = "editorial"
    verbose_name = _("Editorial")

    def ready(self) -> None:
        from mostra.core.templatetags.audit_format import register_labels, register_model
        from mostra.editorial import models
        from mostra.editorial.workflow import TRANSITIONS

        register_model(
            models.Post,
            {
                "transition": _("action"),
                "version": _("version"),
                "note": _("note"),
                "approvals": _("approvals"),
                "variants": _("networks changed"),
                "copied_from": _("copied from post"),
                "posts": _("posts"),
            },
        )
        register_labels("post", {}, {"transition": {a: t.label for a, t in TRANSITIONS.items()}})
        register_model(models.CalendarEvent)
        register_model(models.ContentPillar, {"posts": _("posts")})
        register_labels("calendarfeed", {"address": _("address")})
        # A deleted workspace's media files go with it.
        from mostra.core.services import archive
        from mostra.editorial.services.media import forget_workspace_files

        if forget_workspace_files not in archive.BEFORE_DELETE:
            archive.BEFORE_DELETE.append(forget_workspace_files)
        # The charter's live check reads a saved post's media through this app.
        from mostra.charter import views as charter_views
        from mostra.editorial.services.media import saved_media

        if saved_media not in charter_views.SAVED_MEDIA:
            charter_views.SAVED_MEDIA.append(saved_media)
        from mostra.core import demo
        from mostra.editorial.demo import seed_demo_calendar

        demo.add_step("editorial", 30, lambda build: seed_demo_calendar(build.workspace))
