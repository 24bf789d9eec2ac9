"""Where the instance's firehose consumers are: one row per service read.

The firehose is the whole network's stream, read once for the whole instance (never per
workspace): the row keeps the sequence number of the last event whose mentions are
stored, written in the same transaction as they are (:mod:`mostra.listening.firehose.ingest`),
so that a consumer killed at any instant resumes at the next event, with no gap and no
duplicate. It also keeps the stream's health, shown with the workspaces' firehose sources.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class FirehoseCursor(models.Model):
    #: The address subscribed to (``wss://bsky.network``, a PDS's ``ws://…``), without
    #: the path.
    service_url = models.CharField(_("service"), max_length=500, unique=True)
    #: The last event handled (its mentions stored): the next subscription asks the
    #: events after it. None: never read, start from the live end.
    seq = models.BigIntegerField(_("sequence number"), null=True, blank=True)
    #: The time the network gave the last event handled.
    last_event_at = models.DateTimeField(_("last event"), null=True, blank=True)
    #: Events handled since :attr:`counting_since` (for the events per day).
    events = models.BigIntegerField(_("events"), default=0)
    counting_since = models.DateTimeField(_("counting since"), null=True, blank=True)
    #: Seconds between an event's time and its handling, for the last batch.
    lag_seconds = models.FloatField(_("lag (seconds)"), null=True, blank=True)
    #: The last problem in words ("" when the stream reads well), and when it happened.
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    #: Which consumer reads it (host and pid) and until when its lease holds: a second
    #: consumer of the same service waits instead of racing the first.
    holder = models.CharField(max_length=200, blank=True)
    held_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service_url"]

    def __str__(self) -> str:
        return f"{self.service_url} @ {self.seq}"

    @property
    def missed_events(self) -> bool:
        """Whether the service said, lately, that events after the cursor were lost."""
        from mostra.listening.firehose.ingest import MISSED

        return self.last_error == MISSED

    def events_per_day(self, now: dt.datetime) -> float | None:
        """The events handled per day since counting began (None before a minute)."""
        if self.counting_since is None:
            return None
        seconds = (now - self.counting_since).total_seconds()
        if seconds < 60:
            return None
        return self.events * 86400 / seconds
