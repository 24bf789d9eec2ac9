"""What the team adds to mentions to work through them: tags, internal notes, saved
filters, and the workspace's response-time target (the inbox's settings)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: The response-time target unless the workspace chose another (hours): the demo's
#: strategy promises "réponse à chaque commentaire sous 24 heures".
DEFAULT_RESPONSE_HOURS = 24


class MentionTag(models.Model):
    """A free label of the workspace, put on mentions by the team."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="mention_tags"
    )
    name = models.CharField(_("name"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="mention_tag_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class MentionNote(models.Model):
    """An internal note on a mention (never published), with its author and time."""

    mention = models.ForeignKey("listening.Mention", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class SavedFilter(models.Model):
    """A member's named inbox filter: the page's query string, kept as typed."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="inbox_filters"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filter"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "user", "name"], name="inbox_filter_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class InboxSettings(models.Model):
    """The inbox's settings of a workspace (a row only once changed from the defaults)."""

    workspace = models.OneToOneField(
        "core.Workspace", on_delete=models.CASCADE, related_name="inbox_settings"
    )
    response_hours = models.PositiveIntegerField(
        _("response-time target (hours)"),
        default=DEFAULT_RESPONSE_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.workspace_id}: {self.response_hours} h"
