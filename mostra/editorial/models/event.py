from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    TRADE_FAIR = "trade_fair", _("Trade fair")
    LAUNCH = "launch", _("Launch")
    WORLD_DAY = "world_day", _("World day")
    OTHER = "other", _("Other")


class CalendarEvent(models.Model):
    """A date worth anticipating on the calendar (public holidays are computed, not stored)."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="calendar_events"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind, default=EventKind.OTHER)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("calendar event")
        indexes = [models.Index(fields=["workspace", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def last_day(self):  # noqa: ANN201 - a date
        return self.ends_on or self.starts_on
