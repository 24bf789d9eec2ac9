from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Objective(models.Model):
    """A SMART communication objective on one of the three axes.

    Its owner is a member (``owner``) or, while that person has not joined the workspace
    yet, their e-mail address (``owner_email``, a "pending owner", as a strategy file
    named them): never both. They become ``owner`` when they join
    (:mod:`mostra.strategy.services.pending_owners`).
    """

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="objectives"
    )
    key = models.SlugField(_("id"), max_length=63)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    axis = models.CharField(_("axis"), max_length=12)
    networks = models.JSONField(_("networks"), default=list, blank=True)
    kpi = models.CharField(_("KPI"), max_length=40, blank=True)
    baseline_value = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_source = models.CharField(_("baseline source"), max_length=300, blank=True)
    target_value = models.FloatField(_("target value"), null=True, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    owner = models.ForeignKey(
        "core.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_objectives",
        verbose_name=_("owner"),
    )
    #: The address of an owner who is not a member yet, as the strategy file wrote it.
    owner_email = models.EmailField(_("owner who is not a member yet"), blank=True)
    targets = models.ManyToManyField(
        "strategy.Target", blank=True, related_name="objectives", verbose_name=_("targets")
    )
    alignment = models.TextField(_("alignment with the global strategy"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="unique_objective_key"),
            models.CheckConstraint(
                condition=models.Q(owner__isnull=True) | models.Q(owner_email=""),
                name="objective_owner_or_pending_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title
