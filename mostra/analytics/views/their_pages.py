"""The "What works on their pages" page: competitors' best posts and formats beside ours.

Any member picks the accounts and the period (the last 90 days unless asked, the same
selector as the comparison); the page shows, per account, its five most engaging
originals as cards, the formats table with each account's best format, its best slot
from best time to post, and sentences drawn from the figures
(:mod:`mostra.analytics.their_pages`). The figures are kept in the figures cache until
the workspace's data change (or listening finds a new item).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from mostra.analytics.models import PostFormat, PostSource, TrackedAccount
from mostra.analytics.their_pages.figures import (
    LISTENING,
    MIN_POSTS,
    UNKNOWN,
    Card,
    Column,
    FormatCell,
    TheirPages,
    build,
    with_followers,
)
from mostra.analytics.their_pages.takeaways import takeaways
from mostra.analytics.views.compare import PRESETS, local_today, period_from_query
from mostra.core import charts
from mostra.core.counts import count_labels
from mostra.core.engagement import DESCRIPTION
from mostra.core.figures_cache import Figures
from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.listening.models import Mention
from mostra.strategy.catalogue import DAYS, network_label

FORMAT_LABELS: dict[str, Any] = {
    **dict(PostFormat.choices),
    UNKNOWN: pgettext_lazy("post format", "Unknown"),
}
SOURCE_LABELS: dict[str, Any] = {
    **dict(PostSource.choices),
    LISTENING: gettext_lazy("Listening"),
}
#: Counts shown on a card, in order.
CARD_COUNTS = ("likes", "reposts", "replies", "quotes")
WEEKDAYS = list(DAYS.values())


@dataclass
class FormatRow:
    code: str
    label: Any
    cells: list[FormatCell]


def shown(value: float | None, language: str | None, decimals: int | None = None) -> str:
    """A figure in the reader's language; "—" when unknown (never 0)."""
    return "—" if value is None else charts.number(value, decimals, language=language)


def safe_link(url: str) -> str:
    """The post's address when it is a web address (http or https, no other scheme)."""
    return url if url.startswith(("https://", "http://")) else ""


def card_context(card: Card, language: str | None, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "card": card,
        "format": FORMAT_LABELS.get(card.format, card.format),
        "source": SOURCE_LABELS.get(card.source, card.source),
        "link": safe_link(card.url),
        "counts": [(labels[name], shown(card.counts.get(name), language)) for name in CARD_COUNTS],
        "engagements": shown(card.engagements, language),
        "per_thousand": shown(card.per_thousand, language, 2),
    }


def column_context(column: Column, language: str | None) -> dict[str, Any]:
    slot, labels = column.best_slot, count_labels()
    return {
        "column": column,
        "account": column.account,
        "network": network_label(column.account.network),
        "followers": shown(column.followers, language),
        "median": shown(column.median, language),
        "cards": [card_context(card, language, labels) for card in column.top],
        "sources": [(SOURCE_LABELS.get(k, k), n) for k, n in sorted(column.sources.items())],
        "best_format": FORMAT_LABELS.get(column.best_format or "", ""),
        "slot": (
            _("%(day)s %(start)02d:00–%(end)02d:00")
            % {"day": WEEKDAYS[slot.weekday], "start": slot.hour, "end": slot.hour + 1}
            if slot
            else ""
        ),
    }


def body(pages: TheirPages, slug: str) -> str:
    """The page's figures as HTML (kept in the figures cache)."""
    language = translation.get_language()
    rows = [
        FormatRow(code, FORMAT_LABELS[code], [c.formats[code] for c in pages.columns])
        for code in pages.formats
    ]
    for row in rows:
        for cell in row.cells:
            cell.shown_median = shown(cell.median, language)  # type: ignore[attr-defined]
            cell.shown_share = (  # type: ignore[attr-defined]
                "—" if cell.share is None else charts.percent(cell.share)
            )
    context = {
        "pages": pages,
        "columns": [column_context(c, language) for c in pages.columns],
        "rows": rows,
        "takeaways": takeaways(pages),
        "min_posts": MIN_POSTS,
        "engagement": DESCRIPTION,
        "slug": slug,
    }
    return render_to_string("analytics/_their_pages.html", context)


@workspace_view()
def their_pages(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The chosen accounts' best posts and formats over the chosen period."""
    workspace = membership.workspace
    query = request.GET.copy()
    query.setdefault("period", "90d")
    choice = period_from_query(query, local_today(workspace))
    accounts = TrackedAccount.objects.filter(workspace=workspace).order_by(
        "is_competitor", "network", "handle"
    )
    every = with_followers(accounts, choice.period.end)
    for account in every:
        account.network_name = network_label(account.network)  # type: ignore[attr-defined]
    wanted = {int(pk) for pk in request.GET.getlist("account") if pk.isdigit()}
    chosen = [a for a in every if a.pk in wanted] or every
    # Listening's items are not in the workspace's data version: the latest one found
    # is part of the key, so that a new competitor post shows at once.
    heard = Mention.objects.filter(workspace=workspace).aggregate(at=Max("fetched_at"))["at"]
    parts = (choice.period.start, choice.period.end, [a.pk for a in chosen], heard)
    figures = Figures(workspace.pk).get(
        "their-pages",
        parts,
        lambda: body(build(chosen, choice.period, workspace.timezone or "UTC"), workspace.slug),
    )
    context = {
        "workspace": workspace,
        "choice": choice,
        "presets": PRESETS,
        "every": every,
        "chosen_ids": {a.pk for a in chosen},
        "figures": mark_safe(figures),  # noqa: S308 (rendered by a template, escaped)
    }
    return render(request, "analytics/their_pages.html", context)
