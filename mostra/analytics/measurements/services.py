"""Recording a KPI's values: the one way the pages, the API and the command line change them.

Who may: the workspace's owners and managers (who answer for the strategy), and the
owner of an objective the KPI measures (who answers for that objective):
:func:`may_record`. Everyone else reads them. Each function checks the right, the
workspace (not archived) and the values, then changes the database in one
transaction and records the change in the audit log; or raises
:class:`~mostra.core.errors.DomainError` saying what to do, having changed nothing.

Values are on the KPI's own scale (3.2 for 3.2 %), one a day: importing a file again
replaces the days it holds (an export of the season so far, imported every week, adds
up nothing twice).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mostra.analytics.measurements.files import ValuesFile
from mostra.analytics.models import Measurement
from mostra.core import audit, figures_cache
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.core.services.archive import ensure_writable
from mostra.strategy.kpis.objective import ObjectiveKpi, catalogue_kpi, custom_kpi
from mostra.strategy.kpis.units import format_measure
from mostra.strategy.models import CustomKpi, Objective

MAX_SOURCE = 300
MAX_NOTE = 2000


class NotRecorded(DomainError):
    """The KPI named cannot take values: unknown, or computed by mostra."""


class MayNotRecord(DomainError):
    """The member may read the values but not change them (the pages and API: 404)."""


def recordable_kpi(workspace: Workspace, code: str) -> ObjectiveKpi:
    """The KPI ``code`` when the team records its values; :class:`NotRecorded` otherwise,
    saying what to do."""
    kpi = catalogue_kpi(code)
    if kpi is None:
        own = CustomKpi.objects.filter(workspace=workspace, key=code).first()
        if own is None:
            raise NotRecorded(
                _(
                    "No KPI has the code “%(code)s” in this workspace: use a catalogue code "
                    "such as registrations, sales or leads, or define the KPI among your own."
                )
                % {"code": code},
                field="kpi",
            )
        kpi = custom_kpi(own)
    if not kpi.recorded:
        raise NotRecorded(
            _(
                "mostra computes %(kpi)s from your accounts' posts and follower counts: "
                "import their history or connect them instead of entering values."
            )
            % {"kpi": kpi.label},
            field="kpi",
        )
    return kpi


def may_record(membership: Membership | None, code: str) -> bool:
    """Owners and managers; or the owner of an objective measured by the KPI."""
    if membership is None:
        return False
    if has_perm(membership, Perm.EDIT_STRATEGY):
        return True
    return Objective.objects.filter(
        workspace_id=membership.workspace_id, kpi=code, owner=membership
    ).exists()


def _require(actor: Membership, kpi: ObjectiveKpi) -> None:
    ensure_writable(actor.workspace)
    if not may_record(actor, kpi.code):
        raise MayNotRecord(
            _(
                "Only the workspace's owners and managers, and the owner of an objective "
                "measured by %(kpi)s, record its values: send yours to one of them."
            )
            % {"kpi": kpi.label}
        )


def _check(
    kpi: ObjectiveKpi, day: dt.date, value: float, source: str, note: str, today: dt.date
) -> tuple[str, str]:
    """The values checked: the day not after today, a finite value (not negative for a
    count), the texts within their lengths. Returns the texts stripped."""
    if day > today:
        raise DomainError(
            _("%(date)s is after today: record a day once it is over.")
            % {"date": date_format(day, "j F Y")},
            field="date",
        )
    if value != value or value in (float("inf"), float("-inf")):
        raise DomainError(_("Give the value as a number, such as 12 or 12.5."), field="value")
    if value < 0 and kpi.unit in ("count", "people", "hours"):
        raise DomainError(
            _("%(kpi)s cannot be negative: give a value of 0 or more.") % {"kpi": kpi.label},
            field="value",
        )
    source, note = source.strip(), note.strip()
    if len(source) > MAX_SOURCE:
        raise DomainError(
            _("The source is %(n)s characters long: shorten it to %(max)s at most.")
            % {"n": len(source), "max": MAX_SOURCE},
            field="source",
        )
    if len(note) > MAX_NOTE:
        raise DomainError(
            _("The note is %(n)s characters long: shorten it to %(max)s at most.")
            % {"n": len(note), "max": MAX_NOTE},
            field="note",
        )
    return source, note


def _state(m: Measurement) -> dict[str, Any]:
    return {
        "kpi": m.kpi,
        "date": m.date.isoformat(),
        "value": m.value,
        "source": m.source,
        "note": m.note,
    }


def _label(kpi: ObjectiveKpi, day: dt.date) -> str:
    return _("%(kpi)s on %(date)s") % {"kpi": kpi.label, "date": day.isoformat()}


@transaction.atomic
def record_value(
    actor: Membership,
    code: str,
    *,
    day: dt.date,
    value: float,
    source: str = "",
    note: str = "",
    today: dt.date,
    replace: bool = False,
) -> Measurement:
    """Record the KPI's value on ``day``. A day that has one already is refused, unless
    ``replace`` (then it is changed)."""
    kpi = recordable_kpi(actor.workspace, code)
    _require(actor, kpi)
    source, note = _check(kpi, day, value, source, note, today)
    existing = (
        Measurement.objects.select_for_update()
        .filter(workspace=actor.workspace, kpi=kpi.code, date=day)
        .first()
    )
    if existing is not None:
        if not replace:
            raise DomainError(
                _("%(kpi)s already has a value on %(date)s (%(value)s): change that one instead.")
                % {
                    "kpi": kpi.label,
                    "date": date_format(day, "j F Y"),
                    "value": format_measure(existing.value, kpi.unit),
                },
                field="date",
            )
        return _change(actor, kpi, existing, day, value, source, note)
    measurement = Measurement.objects.create(
        workspace=actor.workspace,
        kpi=kpi.code,
        date=day,
        value=value,
        source=source,
        note=note,
        recorded_by=actor.user,
    )
    audit.record(
        AuditAction.CREATE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=measurement,
        label=_label(kpi, day),
        changes={"value": [None, value], "source": [None, source]},
    )
    return measurement


@transaction.atomic
def change_value(
    actor: Membership,
    measurement: Measurement,
    *,
    day: dt.date,
    value: float,
    source: str = "",
    note: str = "",
    today: dt.date,
) -> Measurement:
    """Change a recorded value (its day too: not onto a day that has one already)."""
    kpi = recordable_kpi(actor.workspace, measurement.kpi)
    _require(actor, kpi)
    source, note = _check(kpi, day, value, source, note, today)
    if (
        day != measurement.date
        and Measurement.objects.filter(workspace=actor.workspace, kpi=kpi.code, date=day)
        .exclude(pk=measurement.pk)
        .exists()
    ):
        raise DomainError(
            _("%(kpi)s already has a value on %(date)s: change that one instead.")
            % {"kpi": kpi.label, "date": date_format(day, "j F Y")},
            field="date",
        )
    return _change(actor, kpi, measurement, day, value, source, note)


def _change(
    actor: Membership,
    kpi: ObjectiveKpi,
    measurement: Measurement,
    day: dt.date,
    value: float,
    source: str,
    note: str,
) -> Measurement:
    before = _state(measurement)
    measurement.date, measurement.value = day, value
    measurement.source, measurement.note = source, note
    changes = audit.diff(before, _state(measurement))
    if changes:
        measurement.recorded_by = actor.user
        measurement.save()
        audit.record(
            AuditAction.UPDATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=measurement,
            label=_label(kpi, day),
            changes=changes,
        )
    return measurement


@transaction.atomic
def delete_value(actor: Membership, measurement: Measurement) -> None:
    """Delete a recorded value (in the audit log with its value and source)."""
    kpi = recordable_kpi(actor.workspace, measurement.kpi)
    _require(actor, kpi)
    audit.record(
        AuditAction.DELETE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=measurement,
        label=_label(kpi, measurement.date),
        changes={"value": [measurement.value, None], "source": [measurement.source, None]},
    )
    measurement.delete()


@dataclass
class ImportSummary:
    """What importing a file did: days added, replaced (their value changed), unchanged."""

    kpi: ObjectiveKpi
    lines: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def days(self) -> int:
        return self.added + self.replaced + self.unchanged

    def describe(self) -> str:
        """One sentence for a page or a terminal."""
        return _(
            "%(kpi)s: %(lines)s lines read, %(days)s days from %(first)s to %(last)s "
            "(%(added)s added, %(replaced)s replaced, %(unchanged)s unchanged)."
        ) % {
            "kpi": self.kpi.label,
            "lines": self.lines,
            "days": self.days,
            "first": self.first.isoformat() if self.first else "—",
            "last": self.last.isoformat() if self.last else "—",
            "added": self.added,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi.code,
            "lines": self.lines,
            "days": self.days,
            "added": self.added,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "notices": list(self.notices),
        }


@transaction.atomic
def import_values(
    actor: Membership, kpi: ObjectiveKpi, values: ValuesFile, *, source: str = ""
) -> ImportSummary:
    """Store what a file holds (read by :func:`~.files.read_values`), all or nothing.

    Each day of the file gets its value: added, or replacing the one recorded (the
    days the file does not hold are left as they are). One audit event records the
    counts and the span.
    """
    _require(actor, kpi)
    source = source.strip()[:MAX_SOURCE]
    workspace = actor.workspace
    summary = ImportSummary(kpi=kpi, lines=values.lines, notices=list(values.notices))
    if not values.days:
        return summary
    summary.first, summary.last = min(values.days), max(values.days)
    existing = {
        m.date: m
        for m in Measurement.objects.select_for_update().filter(
            workspace=workspace,
            kpi=kpi.code,
            date__gte=summary.first,
            date__lte=summary.last,
        )
    }
    new: list[Measurement] = []
    changed: list[Measurement] = []
    now = timezone.now()  # bulk_update does not set auto_now fields
    for day, value in values.days.items():
        current = existing.get(day)
        if current is None:
            new.append(
                Measurement(
                    workspace=workspace,
                    kpi=kpi.code,
                    date=day,
                    value=value,
                    source=source,
                    recorded_by=actor.user,
                )
            )
        elif current.value != value or (source and current.source != source):
            current.value = value
            current.source = source or current.source
            current.recorded_by, current.recorded_at = actor.user, now
            changed.append(current)
        else:
            summary.unchanged += 1
    Measurement.objects.bulk_create(new)
    Measurement.objects.bulk_update(changed, ["value", "source", "recorded_by", "recorded_at"])
    figures_cache.changed([workspace.pk])
    summary.added, summary.replaced = len(new), len(changed)
    audit.record(
        AuditAction.UPDATE,
        actor=actor.user,
        workspace=workspace,
        label=_("%(kpi)s: values imported") % {"kpi": kpi.label},
        changes={
            "source": source,
            "from": summary.first.isoformat(),
            "to": summary.last.isoformat(),
            "added": summary.added,
            "replaced": summary.replaced,
            "unchanged": summary.unchanged,
        },
    )
    return summary
