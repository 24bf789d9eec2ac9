"""The background state machines' one rule: a state changes only along a declared
transition.

Each machine (a publication's :data:`mostra.publishing.models.publication.MACHINE`, a
report schedule's run, a notification's e-mail) is declared beside its model as a
:class:`Machine`: its state field and the table of allowed ``(before, after)`` pairs,
each with the name of what makes it. Every change of such a state goes through
:meth:`Machine.move` (an ``UPDATE … WHERE state IN (before)``: one row or none per
row, the compare-and-set the workers rely on) or :meth:`Machine.change` (the same
check, for an update another helper makes, such as a claim). The check is pure Python,
made before the query: an undeclared transition raises :class:`RefusedTransition` and
nothing is written.

The post's approval workflow (:mod:`mostra.editorial.workflow`) is the people's
machine, with its permissions and checks; these are the workers'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


class RefusedTransition(RuntimeError):
    """A change of state the machine's table does not declare: a bug, never a user's
    mistake (nothing was written)."""


@dataclass(frozen=True)
class Change:
    """A checked change of state: the filter on the state before, the field to write."""

    machine: Machine
    before: tuple[str, ...]
    after: str

    @property
    def filter(self) -> dict[str, Any]:
        if len(self.before) == 1:
            return {self.machine.field: self.before[0]}
        return {f"{self.machine.field}__in": list(self.before)}

    @property
    def fields(self) -> dict[str, Any]:
        return {self.machine.field: self.after}


@dataclass(frozen=True)
class Machine:
    """A state field and its allowed transitions: ``{(before, after): why}``."""

    name: str
    field: str
    transitions: Mapping[tuple[str, str], str]
    states: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        declared = {s for pair in self.transitions for s in pair}
        if self.states and not declared <= self.states:
            unknown = ", ".join(sorted(declared - self.states))
            raise ValueError(f"{self.name}: transitions between unknown states: {unknown}")

    def allows(self, before: str, after: str) -> bool:
        return (str(before), str(after)) in self.transitions

    def check(self, before: str, after: str) -> None:
        """Raise :class:`RefusedTransition` unless ``before → after`` is declared."""
        if not self.allows(before, after):
            allowed = sorted(str(a) for b, a in self.transitions if b == str(before))
            raise RefusedTransition(
                f"{self.name}: {before} → {after} is not a declared transition "
                f"(from {before}: {', '.join(allowed) or 'none'})"
            )

    def change(self, before: str | Iterable[str], after: str) -> Change:
        """The checked change from any of ``before`` to ``after`` (no query)."""
        sources = (before,) if isinstance(before, str) else tuple(before)
        if not sources:
            raise RefusedTransition(f"{self.name}: a change to {after} from no state")
        for source in sources:
            self.check(source, after)
        return Change(self, tuple(str(s) for s in sources), str(after))

    def move(
        self, rows: QuerySet[Any], before: str | Iterable[str], after: str, **fields: Any
    ) -> int:
        """Move the rows among ``rows`` still in ``before`` to ``after``, writing
        ``fields`` with it, in one compare-and-set ``UPDATE``; how many moved."""
        change = self.change(before, after)
        return rows.filter(**change.filter).update(**change.fields, **fields)

    def set(self, obj: Any, after: str) -> None:
        """Follow, on an object in memory, a change already written."""
        self.check(getattr(obj, self.field), after)
        setattr(obj, self.field, after)
