"""The record of one import: what came in, from which file, by whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="import_runs"
    )
    account = models.ForeignKey(
        "analytics.TrackedAccount",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
    )
    #: x-archive, mastodon-archive, bluesky-car, csv (see PostSource).
    kind = models.CharField(_("kind"), max_length=20)
    filename = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    #: What it brought: {"posts": n, "originals": n, "reposts": n, "replies": n,
    #: "new": n, "updated": n, "snapshots": n, "unknown_columns": [...]}.
    counts = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"
