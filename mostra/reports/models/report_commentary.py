"""The community manager's words on a period: what stood out, what was decided, what comes.

One commentary per workspace and period (the report's dates, a month or any range),
written on the report page or through the API by those who may
(:data:`mostra.core.permissions.Perm.WRITE_COMMENTARY`), and shown first in the report:
the page, the PDF and the e-mail. Changes go through
:mod:`mostra.reports.commentary`, which checks and audits them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: The longest text of each part: a board reads a page, not an essay.
MAX_LENGTH = 3000


class ReportCommentary(models.Model):
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="report_commentaries"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))  # inclusive, as the report's period
    highlights = models.TextField(_("highlights"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    next_steps = models.TextField(_("next month"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-period_start", "-period_end"]
        verbose_name = _("report commentary")
        verbose_name_plural = _("report commentaries")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "period_start", "period_end"],
                name="one_commentary_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_start.isoformat()}..{self.period_end.isoformat()}"

    @property
    def is_empty(self) -> bool:
        return not (self.highlights.strip() or self.decisions.strip() or self.next_steps.strip())
