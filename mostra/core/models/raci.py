from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The activities every workspace starts with, in the order the matrix shows them.
DEFAULT_ACTIVITIES: list[tuple[str, str]] = [
    ("strategy", _("Strategy")),
    ("calendar", _("Editorial calendar")),
    ("writing", _("Writing")),
    ("visuals", _("Visuals")),
    ("approval", _("Approval")),
    ("publishing", _("Publishing")),
    ("community", _("Community replies")),
    ("monitoring", _("Monitoring")),
    ("crisis", _("Crisis management")),
    ("reporting", _("Reporting")),
]


class RaciLetter(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class Activity(models.Model):
    """A line of the RACI matrix: something the team does."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="activities"
    )
    key = models.SlugField(max_length=40, blank=True)
    custom_name = models.CharField(_("name"), max_length=120, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        if self.custom_name:
            return self.custom_name
        return str(dict(DEFAULT_ACTIVITIES).get(self.key, self.key))


class RaciAssignment(models.Model):
    """One cell of the RACI matrix: a member's letter for an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="assignments")
    membership = models.ForeignKey(
        "core.Membership", on_delete=models.CASCADE, related_name="raci_assignments"
    )
    letter = models.CharField(max_length=1, choices=RaciLetter.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "membership"], name="one_letter_per_cell"),
            models.UniqueConstraint(
                fields=["activity"],
                condition=models.Q(letter="A"),
                name="one_accountable_per_activity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.membership} = {self.letter}"
