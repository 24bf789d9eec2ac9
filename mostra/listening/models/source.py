"""A place mostra reads for what is said: a feed, a search, a timeline.

What a source is (how its address is built from what the user typed, how it is read)
is its kind's, in the registry of :mod:`mostra.listening.kinds`; the row holds what the
user chose and the source's health, which the Sources page shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: How often a source is read unless its kind or the user says otherwise (minutes).
DEFAULT_INTERVAL = 15
#: The shortest interval a user may choose (minutes): polite to the sites read.
MIN_INTERVAL = 5
#: The longest wait after failures (the back-off doubles up to it).
MAX_BACKOFF = dt.timedelta(hours=6)


class SourceQuerySet(models.QuerySet["Source"]):
    def for_workspace(self, workspace: Any) -> SourceQuerySet:
        return self.filter(workspace=workspace)

    def due(self, now: dt.datetime) -> SourceQuerySet:
        """Enabled sources whose next reading is due (or never planned)."""
        return self.filter(enabled=True).filter(
            models.Q(next_poll_at__lte=now) | models.Q(next_poll_at__isnull=True)
        )


class Source(models.Model):
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="listening_sources"
    )
    #: A code of :data:`mostra.listening.kinds.KINDS` (``feed``, ``google_news``…).
    kind = models.CharField(_("kind"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    #: The address read (for presets, built from :attr:`parameters`).
    url = models.CharField(_("address"), max_length=2000)
    #: What the user typed for the kind: search words, a subreddit, a channel id…
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    interval_minutes = models.PositiveIntegerField(
        _("interval (minutes)"),
        default=DEFAULT_INTERVAL,
        validators=[MinValueValidator(MIN_INTERVAL)],
    )
    # --- Health -------------------------------------------------------------------------
    last_fetch_at = models.DateTimeField(_("last fetch"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    #: The code of the last failure (:mod:`mostra.listening.errors`), "" after a success;
    #: shown in the reader's language from the code and :attr:`last_error_params`.
    last_error = models.CharField(_("last error"), max_length=40, blank=True)
    last_error_params = models.JSONField(default=dict, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    next_poll_at = models.DateTimeField(_("next reading"), null=True, blank=True)
    #: Items stored from this source since it was added (new ones only).
    items_stored = models.PositiveIntegerField(_("items stored"), default=0)
    # --- Conditional GET ----------------------------------------------------------------
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["enabled", "next_poll_at"], name="listening_source_due")]

    def __str__(self) -> str:
        return self.name

    @property
    def error_text(self) -> str:
        """The last failure in plain words, in the active language ("" when none)."""
        from mostra.listening.errors import describe

        return describe(self.last_error, self.last_error_params) if self.last_error else ""

    @property
    def link(self) -> str | None:
        """:attr:`url` when it is a web address a page may link to, else None."""
        return self.url if self.url.lower().startswith(("https://", "http://")) else None

    @property
    def kind_label(self) -> str:
        from mostra.listening import kinds

        known = kinds.KINDS.get(self.kind)
        return str(known.label) if known else self.kind
