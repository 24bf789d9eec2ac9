"""The report's listening section: what was said about the brand in the period.

The figures come from :mod:`mostra.analytics.listening_kpis` (the same as the
objectives' and the dashboard's), compared with the previous period of the same length:
the mentions and their reach, the share of voice (with each competitor's), the net
sentiment (both definitions) and the median response time against the workspace's
target. Then the period's incidents (:func:`mostra.listening.services.incidents.summary`):
level, what triggered, opened and closed, how long, and whether the scheduled publishing
was paused. A period without an incident says so in one line.

The section is left out when the workspace does not listen (no query, and no incident in
the period): nothing to say, rather than a page of dashes.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mostra.analytics.kpis import Period
from mostra.analytics.listening_kpis import measure, tally
from mostra.core.models import Workspace
from mostra.listening.services.incidents import IncidentSummary, summary
from mostra.listening.services.response import target_hours
from mostra.reports.report import numbers, tiles
from mostra.reports.report.data import IncidentLine, ListeningReport, Voice
from mostra.reports.report.period import ReportPeriod

#: The figures shown, in this order.
SHOWN = (
    "mentions",
    "mention_reach",
    "share_of_voice",
    "net_sentiment_ns2",
    "net_sentiment_ns1",
    "response_time_median",
)


def listening_report(
    workspace: Workspace, period: ReportPeriod, previous: ReportPeriod
) -> ListeningReport | None:
    """The section for ``period``, or None when the workspace does not listen.

    Queries: two for a workspace that does not listen (its queries, its incidents);
    else at most eleven, whatever the number of mentions and incidents."""
    span = Period(period.start, period.end)
    found = tally.setup(workspace)
    zone = zoneinfo.ZoneInfo(workspace.timezone or "UTC")
    start, end = span.bounds(workspace.timezone)
    incidents = summary(workspace, start, end)
    if not found.groups and not incidents:
        return None
    now = measure(workspace, span, SHOWN, found)
    before = measure(workspace, Period(previous.start, previous.end), SHOWN, found)
    section = ListeningReport(
        figures=[tiles.key_figure(c, now.values[c], before.values[c]) for c in SHOWN],
        voices=[
            Voice(v.name, numbers.number(v.mentions), numbers.percent(v.share), v.own)
            for v in now.voices
        ],
        incidents=[_incident(one, zone) for one in incidents],
    )
    median = now.values["response_time_median"].value
    if median is not None:
        target = target_hours(workspace)
        words = {"target": numbers.by_unit(target, "hours")}
        section.response_target = (
            _("Target: %(target)s — met") if median <= target else _("Target: %(target)s — missed")
        ) % words
    return section


def _when(moment: dt.datetime, zone: dt.tzinfo) -> str:
    return formats.date_format(timezone.localtime(moment, zone), "j F Y, H:i")


def duration_text(duration: dt.timedelta) -> str:
    """ "2 days 3 h", "3 h 20 min", "45 min"."""
    minutes = max(0, round(duration.total_seconds() / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


def _incident(one: IncidentSummary, zone: dt.tzinfo) -> IncidentLine:
    paused, resumed = one.actions.get("paused", 0), one.actions.get("resumed", 0)
    publishing = ""
    if paused:
        publishing = _("Publishing paused, then resumed") if resumed else _("Publishing paused")
    return IncidentLine(
        level=one.level,
        trigger=one.trigger,
        opened=_when(one.opened_at, zone),
        closed=_when(one.closed_at, zone) if one.closed_at else "",
        duration=duration_text(one.duration) if one.duration is not None else _("still open"),
        publishing=publishing,
    )
