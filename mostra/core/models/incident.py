"""An incident: the crisis playbook run for real.

Raised by listening when one of the playbook's triggers fires (:class:`CrisisTrigger`),
at that trigger's level; escalated when a higher level's trigger fires while it is open.
Its :class:`IncidentEvent` rows are its timeline: what triggered (with the figures),
then who did what (acknowledged, a note, publishing paused or resumed, closed).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncidentAction(models.TextChoices):
    OPENED = "opened", pgettext_lazy("incident action", "Opened")
    ESCALATED = "escalated", pgettext_lazy("incident action", "Escalated")
    TRIGGERED = "triggered", pgettext_lazy("incident action", "Triggered again")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("incident action", "Acknowledged")
    NOTE = "note", pgettext_lazy("incident action", "Note")
    PAUSED = "paused", pgettext_lazy("incident action", "Publishing paused")
    RESUMED = "resumed", pgettext_lazy("incident action", "Publishing resumed")
    CLOSED = "closed", pgettext_lazy("incident action", "Closed")


class Incident(models.Model):
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="incidents"
    )
    level = models.ForeignKey(
        "core.CrisisLevel",
        on_delete=models.SET_NULL,
        null=True,
        related_name="incidents",
        verbose_name=_("level"),
    )
    #: The level's name and rank when it was raised (kept if the playbook changes).
    level_name = models.CharField(_("level"), max_length=120)
    level_rank = models.PositiveSmallIntegerField(default=1)
    #: The trigger that raised it (its kind and numbers kept in :attr:`trigger_text`).
    trigger = models.ForeignKey(
        "core.CrisisTrigger", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    trigger_kind = models.CharField(max_length=32)
    trigger_text = models.CharField(_("trigger"), max_length=255)
    figures = models.JSONField(default=dict, blank=True)
    opened_at = models.DateTimeField(_("opened"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["workspace", "closed_at"], name="incident_open")]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"{self.level_name}: {self.trigger_text}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class IncidentEvent(models.Model):
    """One line of an incident's timeline."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"))
    action = models.CharField(_("action"), max_length=20, choices=IncidentAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The level and trigger in words when it was written, and the figures that fired.
    text = models.CharField(max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    figures = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("incident event")
        verbose_name_plural = _("incident events")

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"
