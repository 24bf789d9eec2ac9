"""Adding, changing and removing the toolbox's tools: what the Toolbox page, the API and
``mostra tools`` call, with the same rights (owners and managers) and audit entries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core import audit, figures_cache
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.toolbox import catalogue
from mostra.toolbox.models import DEFAULT_WARN_DAYS, Category, Tool

#: The most tools a workspace may list.
MAX_TOOLS = 300
#: The fields a tool's form, the API and the CLI give.
FIELDS = (
    "name",
    "category",
    "owner_id",
    "monthly_cost",
    "currency",
    "renews_on",
    "seats",
    "used_for",
    "known_as",
    "warn_days",
)
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class ToolNotFound(DomainError):
    """No tool of the workspace has this id (pages and API answer 404)."""


def may_manage(actor: Membership) -> bool:
    return has_perm(actor, Perm.EDIT_STRATEGY)


def ensure_may_manage(actor: Membership) -> None:
    if not may_manage(actor):
        raise DomainError(_("Only owners and managers can change the toolbox."))


def _cost(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        cost = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise DomainError(
            _("Give the cost per month as a number, such as 29.90, or leave it empty."),
            field="monthly_cost",
        ) from None
    if not cost.is_finite() or cost < 0 or cost >= Decimal("100000000"):
        raise DomainError(
            _("Give the cost per month as a number from 0 to 99,999,999.99."),
            field="monthly_cost",
        )
    return cost.quantize(Decimal("0.01"))


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError(
            _("Give the renewal date as YYYY-MM-DD, such as 2027-03-31."), field="renews_on"
        ) from None


def _count(value: Any, field: str, low: int, high: int, message: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise DomainError(message, field=field) from None
    if not low <= number <= high:
        raise DomainError(message, field=field)
    return number


def clean(actor: Membership, values: dict[str, Any]) -> dict[str, Any]:
    """The tool's fields from what the user gave; DomainError saying what to fix."""
    known_as = str(values.get("known_as") or "").strip()
    known = catalogue.known(known_as)
    if known_as and known is None:
        raise DomainError(
            _("Unknown well-known tool %(key)s: choose one of %(keys)s, or none.")
            % {"key": repr(known_as), "keys": ", ".join(catalogue.BY_KEY)},
            field="known_as",
        )
    name = " ".join(str(values.get("name") or "").split()) or (known.name if known else "")
    if not name:
        raise DomainError(_("Give the tool's name."), field="name")
    if len(name) > 120:
        raise DomainError(_("Keep the tool's name to 120 characters at most."), field="name")
    category = str(values.get("category") or (known.category if known else Category.OTHER))
    if category not in Category.values:
        raise DomainError(
            _("Unknown category %(category)s: choose one of %(categories)s.")
            % {"category": repr(category), "categories": ", ".join(Category.values)},
            field="category",
        )
    currency = str(values.get("currency") or "EUR").strip().upper()
    if not _CURRENCY.match(currency):
        raise DomainError(
            _("Give the currency as three letters, such as EUR or USD."), field="currency"
        )
    owner_id = values.get("owner_id") or None
    if owner_id is not None:
        try:
            owner_id = int(owner_id)
        except (TypeError, ValueError):
            owner_id = -1
        if not Membership.objects.filter(workspace=actor.workspace, user_id=owner_id).exists():
            raise DomainError(
                _("The tool's owner must be a member of this workspace: choose one from the list."),
                field="owner_id",
            )
    warn = _count(
        values.get("warn_days"),
        "warn_days",
        1,
        365,
        _("Warn 1 to 365 days before the renewal."),
    )
    return {
        "name": name,
        "category": category,
        "owner_id": owner_id,
        "monthly_cost": _cost(values.get("monthly_cost")),
        "currency": currency,
        "renews_on": _date(values.get("renews_on")),
        "seats": _count(
            values.get("seats"), "seats", 0, 100000, _("Give the seats as a whole number.")
        ),
        "used_for": str(values.get("used_for") or "").strip()[:2000],
        "known_as": known_as,
        "warn_days": warn if warn is not None else DEFAULT_WARN_DAYS,
    }


def _snapshot(tool: Tool) -> dict[str, Any]:
    return {f: str(getattr(tool, f)) if getattr(tool, f) is not None else None for f in FIELDS}


@transaction.atomic
def add_tool(actor: Membership, values: dict[str, Any], *, ip_address: str | None = None) -> Tool:
    ensure_may_manage(actor)
    fields = clean(actor, values)
    if Tool.objects.filter(workspace=actor.workspace).count() >= MAX_TOOLS:
        raise DomainError(
            _("A workspace can list %(max)s tools at most: remove some first.") % {"max": MAX_TOOLS}
        )
    tool = Tool.objects.create(workspace=actor.workspace, **fields)
    audit.record(
        AuditAction.CREATE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=tool,
        changes=_snapshot(tool),
        ip_address=ip_address,
    )
    figures_cache.changed([actor.workspace_id])
    return tool


def get_tool(actor: Membership, pk: int) -> Tool:
    tool = Tool.objects.filter(workspace=actor.workspace, pk=pk).first()
    if tool is None:
        raise ToolNotFound(_("No such tool in this workspace."))
    return tool


@transaction.atomic
def update_tool(
    actor: Membership, pk: int, values: dict[str, Any], *, ip_address: str | None = None
) -> Tool:
    ensure_may_manage(actor)
    tool = get_tool(actor, pk)
    before = _snapshot(tool)
    fields = clean(actor, values)
    if fields["renews_on"] != tool.renews_on:
        tool.warned_for = None  # a new renewal: its owner is warned again
    for name, value in fields.items():
        setattr(tool, name, value)
    tool.save()
    changes = audit.diff(before, _snapshot(tool))
    if changes:
        audit.record(
            AuditAction.UPDATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=tool,
            changes=changes,
            ip_address=ip_address,
        )
    figures_cache.changed([actor.workspace_id])
    return tool


@transaction.atomic
def delete_tool(actor: Membership, pk: int, *, ip_address: str | None = None) -> None:
    ensure_may_manage(actor)
    tool = get_tool(actor, pk)
    audit.record(
        AuditAction.DELETE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=tool,
        ip_address=ip_address,
    )
    tool.delete()
    figures_cache.changed([actor.workspace_id])
