"""The strategy's API shapes: mostly the parts of the strategy file themselves.

Targets, platforms, objectives, strategies, tactics and mission networks are sent and
returned exactly as they appear in a strategy file (:mod:`mostra.strategy.document`),
so that what a script sends is what ``mostra strategy export`` writes. Unknown keys
are refused. Only the mission's settings and the ranking have shapes of their own.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from mostra.strategy import document as d


class MissionOut(d.Part):
    """The long-term vision, the team's capacity, the SMART check's settings and why
    the workspace is on each network."""

    vision: str
    capacity: d.Capacity
    checks: d.Checks
    networks: list[d.MissionNetwork]


class MissionIn(d.Part):
    """Change what is sent, keep the rest: ``{"capacity": {"posts_per_week": null}}``
    clears the capacity, ``{"checks": {"new_account_months": 3}}`` changes only that."""

    vision: str | None = Field(default=None, max_length=20_000)
    capacity: d.Capacity | None = None
    checks: d.Checks | None = None

    def changes(self) -> dict[str, Any]:
        """The keyword arguments of :func:`mostra.strategy.services.objects.save_profile`."""
        fields: dict[str, Any] = {}
        if self.vision is not None:
            fields["vision"] = self.vision
        if self.capacity is not None and "posts_per_week" in self.capacity.model_fields_set:
            fields["posts_per_week"] = self.capacity.posts_per_week
        if self.checks is not None:
            for name in self.checks.model_fields_set:
                fields[name] = getattr(self.checks, name)
        return fields


class ObjectiveBody(d.Objective):
    """An objective as the strategy file writes it, and whether its owner has joined."""

    owner_pending: bool = Field(
        default=False,
        description="Read-only, ignored when sent: true when `owner` is the address of "
        "someone who is not a member of the workspace yet (named by an imported strategy "
        "file), who becomes the owner on joining. Sending that address back keeps them; "
        "only a member's address names a new owner.",
    )


class RankingIn(d.Part):
    """Target ids, first priority first."""

    targets: list[d.Id] = Field(max_length=1000)


class Finding(BaseModel):
    """One lint finding: a stable code, a severity, what to do, and the id concerned."""

    code: str
    severity: str
    message: str
    ref: str | None
