"""The best-time page: a tracked account's weekday × hour heatmap, as an accessible table.

Any member chooses one of the workspace's tracked accounts (its own or a competitor's)
and reads :func:`mostra.analytics.besttime.heatmap`: the engagement of its
publications per weekday and hour in the audience's time zone, relative to its median;
cells with too few publications say "not enough data". Without enough history, the
published studies' windows are shown instead, labelled as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.analytics.besttime import MIN_HISTORY, Cell, Heatmap, heatmap
from mostra.analytics.models import TrackedAccount
from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.strategy.catalogue import DAYS, network_label

#: Upper bounds of the colour levels (relative engagement; 1.0 = typical).
LEVELS = (0.5, 0.8, 1.25, 2.0)


@dataclass
class CellView:
    css: str
    text: str  # shown in the cell
    title: str  # the tooltip: day, hour, n and value


def level(value: float) -> int:
    """0 (well below typical) … 4 (twice the typical and more)."""
    return sum(value >= bound for bound in LEVELS)


def times(value: float) -> str:
    return _("%(value)s×") % {"value": number_format(value, 1)}


def cell_view(cell: Cell, day: str, hour: int, basis: str) -> CellView:
    slot = _("%(day)s %(start)02d:00–%(end)02d:00") % {"day": day, "start": hour, "end": hour + 1}
    if basis == "studies":
        if cell.recommended:
            return CellView("rec", "", _("%(slot)s: recommended by the studies") % {"slot": slot})
        return CellView("off", "", slot)
    posts = ngettext("%(n)s publication", "%(n)s publications", cell.n) % {"n": cell.n}
    if cell.value is None:
        return CellView(
            "none",
            "",
            _("%(slot)s: not enough data (%(posts)s)") % {"slot": slot, "posts": posts},
        )
    return CellView(
        f"l{level(cell.value)}",
        number_format(cell.value, 1),
        _("%(slot)s: %(value)s the typical engagement (%(posts)s)")
        % {"slot": slot, "value": times(cell.value), "posts": posts},
    )


def rows(result: Heatmap) -> list[tuple[str, list[CellView]]]:
    days = [str(label) for label in DAYS.values()]
    return [
        (days[d], [cell_view(cell, days[d], h, result.basis) for h, cell in enumerate(row)])
        for d, row in enumerate(result.cells)
    ]


def _chosen(request: HttpRequest, accounts: list[TrackedAccount]) -> TrackedAccount | None:
    """The account asked for (``?account=<id>``), else the first own one; 404 for an id
    that is not one of this workspace's tracked accounts."""
    raw = request.GET.get("account", "")
    if not raw:
        return accounts[0] if accounts else None
    for account in accounts:
        if str(account.pk) == raw:
            return account
    raise Http404(_("No such tracked account in this workspace."))


@workspace_view()
def best_time(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    accounts = list(TrackedAccount.objects.filter(workspace=workspace).select_related("workspace"))
    account = _chosen(request, accounts)
    result = heatmap(account) if account else None
    imports_url = reverse("analytics:imports", args=[workspace.slug])
    days = [str(label) for label in DAYS.values()]
    return render(
        request,
        "analytics/besttime.html",
        {
            "workspace": workspace,
            "own": [a for a in accounts if not a.is_competitor],
            "competitors": [a for a in accounts if a.is_competitor],
            "account": account,
            "network": network_label(account.network) if account else "",
            "map": result,
            "rows": rows(result) if result else [],
            "hours": range(24),
            "top": [
                (days[s.weekday], s.hour, s.hour + 1, times(s.value), s.n) for s in result.top(3)
            ]
            if result
            else [],
            "min_history": MIN_HISTORY,
            "imports_url": imports_url,
        },
    )
