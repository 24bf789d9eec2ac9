"""The counts a network gives for one post: the one list every layer derives from.

:class:`Counts` declares the nine counts once, each with its label; a count the source
does not give is None, never 0. Everything else derives from it:

* :data:`COUNT_FIELDS` (their names, in order) and :func:`count_labels`;
* the integrations' :class:`~mostra.integrations.base.Snapshot` and the importers'
  :class:`~mostra.analytics.importers.base.ParsedPost` inherit the fields;
* the publishing metrics (snapshots, the publication panel), the analytics sync and the
  importers' store read :data:`COUNT_FIELDS`;
* the models :class:`~mostra.publishing.models.MetricSnapshot` and
  :class:`~mostra.analytics.models.AccountPost` keep their columns (a migration is the
  truth of a table), and a test holds them to :data:`COUNT_FIELDS`.

It sits in core because publishing and integrations, two sibling layers, both need it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from django.utils.translation import gettext_lazy as _


def _count(label: Any) -> Any:
    return field(default=None, metadata={"label": label})


@dataclass(slots=True, kw_only=True)
class Counts:
    """What a network counts for one post; None where it gives no figure."""

    likes: int | None = _count(_("likes"))
    reposts: int | None = _count(_("reposts"))
    replies: int | None = _count(_("replies"))
    quotes: int | None = _count(_("quotes"))
    impressions: int | None = _count(_("impressions"))
    reach: int | None = _count(_("reach"))
    clicks: int | None = _count(_("clicks"))
    saves: int | None = _count(_("saves"))
    video_views: int | None = _count(_("video views"))

    def counts(self) -> dict[str, int | None]:
        """The nine counts by name (None: not given)."""
        return {name: getattr(self, name) for name in COUNT_FIELDS}


#: The counts' names, in order.
COUNT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Counts))


def count_labels() -> dict[str, str]:
    """Each count's name in the user's language ("likes", "video views"…)."""
    return {f.name: str(f.metadata["label"]) for f in fields(Counts)}
