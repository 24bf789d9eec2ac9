from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class CustomKpi(models.Model):
    """A KPI a workspace defines for itself (donations, members, tasting registrations),
    beside mostra's catalogue: its values are recorded by the team, entered or imported
    (:mod:`mostra.analytics.measurements`)."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="custom_kpis"
    )
    #: The code objectives name, as a catalogue code: never one of the catalogue's.
    key = models.SlugField(_("id"), max_length=40)
    name_fr = models.CharField(_("name in French"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    #: count, people, percent, permille or euro (mostra.strategy.kpis.units).
    unit = models.CharField(_("unit"), max_length=12, default="count")
    direction = models.CharField(_("direction"), max_length=4, default="up")
    axis = models.CharField(_("axis"), max_length=12, default="action")
    #: sum: each value counts what happened that day; latest: each value is a reading.
    collection = models.CharField(_("how it is collected"), max_length=8, default="sum")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="unique_custom_kpi_key")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, else the other one, else the id."""
        french = (translation.get_language() or "en").startswith("fr")
        first, second = (self.name_fr, self.name_en) if french else (self.name_en, self.name_fr)
        return first or second or self.key
