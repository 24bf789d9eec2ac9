"""Checks of a strategy document: SMART, lint, readiness, affinity.

Every check reads a :class:`~mostra.strategy.document.StrategyDocument`, so that it
works on a file without a database (`mostra strategy lint FILE`) as well as on a
workspace (export it first). What only the database knows (members, the RACI matrix,
the account's own history) comes in a :class:`CheckContext`; when a piece of it is
missing, the checks that need it say so instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One lint result. ``code`` is stable (documented); ``ref`` is the element's id."""

    code: str
    severity: Severity
    message: str
    ref: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "ref": self.ref,
        }


@dataclass(frozen=True)
class HistoryPoint:
    date: dt.date
    value: float


@dataclass(frozen=True)
class KpiSources:
    """What feeds the workspace's KPIs: the networks where an own account is tracked (the
    KPIs mostra computes read them) and the KPIs with at least one recorded value."""

    #: The KPIs mostra computes from the tracked accounts' posts and follower counts.
    computed: frozenset[str]
    #: Networks with an own (not competitor) tracked account.
    tracked_networks: frozenset[str]
    #: KPIs with at least one value entered or imported.
    recorded: frozenset[str]

    def feeds(self, kpi: str, networks: list[str]) -> bool:
        """Whether a source feeds ``kpi`` for an objective on ``networks`` (every network
        when it names none)."""
        if kpi in self.computed:
            return bool(self.tracked_networks & set(networks or self.tracked_networks))
        return kpi in self.recorded


@dataclass(frozen=True)
class NotKnownYet:
    """A readiness question answered "not known yet" for a network, with its note."""

    code: str
    note: str
    by: str = ""
    at: dt.datetime | None = None


@dataclass(frozen=True)
class Override:
    """An owner let the first post on a network through without every answer."""

    network: str
    reason: str
    by: str = ""
    at: dt.datetime | None = None
    id: int | None = None


@dataclass
class CheckContext:
    """What the database adds to a document, when there is one."""

    today: dt.date = field(default_factory=dt.date.today)
    #: E-mail addresses of the workspace's members; None when checking a file alone.
    members: set[str] | None = None
    #: Whether the RACI matrix's "strategy" activity has an Accountable; None = unknown.
    strategy_accountable: bool | None = None
    #: The account's own history per (network, kpi), oldest first; empty = none yet.
    history: dict[tuple[str, str], list[HistoryPoint]] = field(default_factory=dict)
    #: What feeds the KPIs; None when checking a file alone.
    sources: KpiSources | None = None
    #: Readiness questions answered "not known yet", per (network, code).
    not_known: dict[tuple[str, str], NotKnownYet] = field(default_factory=dict)
    #: The owners' overrides of the readiness gate in force, per network.
    overrides: dict[str, Override] = field(default_factory=dict)
