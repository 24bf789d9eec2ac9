"""A KPI's value on one day, recorded by the team: entered by hand or imported from a CSV."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Measurement(models.Model):
    """One recorded value of a KPI mostra does not compute from posts (registrations,
    sales, leads, a workspace's own KPI), on the KPI's own scale (3.2 for 3.2 %).

    A KPI has at most one value a day: importing a file again replaces the days it
    holds instead of counting them twice.
    """

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="measurements"
    )
    #: A code of the catalogue (registrations…) or of the workspace's own KPIs.
    kpi = models.CharField(_("KPI"), max_length=40)
    date = models.DateField(_("date"))
    value = models.FloatField(_("value"))
    #: Where the figure comes from: "HelloAsso export", "counted at the door"…
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["kpi", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "kpi", "date"], name="unique_measurement_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.date.isoformat()}: {self.value:g}"
