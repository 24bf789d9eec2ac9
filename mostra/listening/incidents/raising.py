"""Raising incidents: the worker's job that evaluates every workspace's triggers.

Every minute (:data:`mostra.publishing.side_work.PERIODIC`), for each active workspace
with a playbook and recent mentions, :func:`raise_for` opens an incident at the level of
the highest trigger that fires, once: while an incident is open, the same or a lower
level's trigger opens nothing, but adds a "Triggered again" line with its figures to the
timeline, at most once an hour, reminding the responders then while nobody has
acknowledged the incident; a higher level's escalates it (its level changes, its
timeline says so, the new level's responders are told). A trigger that raised an
incident at its level or higher closed less than its window ago opens none (the same
burst).

Opening and escalating tell the level's responders (in the app and by e-mail, through
the notifications: :data:`mostra.listening.signals.incident_raised`) and queue a signed
``incident.opened`` event for the workspace's webhooks.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import translation

from mostra.core.models import (
    Incident,
    IncidentAction,
    IncidentEvent,
    Workspace,
)
from mostra.core.services.workspaces import workspace_language
from mostra.listening.incidents.evaluation import Firing, evaluate
from mostra.listening.models import Mention
from mostra.listening.signals import incident_raised
from mostra.publishing.services import webhooks

logger = logging.getLogger("mostra.listening")

#: Mentions older than this cannot fire a trigger (the playbook's windows are shorter).
LOOK_BACK = dt.timedelta(days=2)
#: A trigger firing again on an open incident is written on its timeline (and its
#: responders reminded while nobody acknowledged it) at most this often.
AGAIN_EVERY = dt.timedelta(hours=1)


def _recently_closed(firing: Firing, now: dt.datetime) -> bool:
    """Whether an incident of the workspace at this trigger's level or higher closed
    less than the trigger's window ago: what fires is the burst it was about."""
    window = dt.timedelta(hours=firing.trigger.window_hours or 1)
    return Incident.objects.filter(
        workspace_id=firing.trigger.level.workspace_id,
        level_rank__gte=firing.trigger.level.rank,
        closed_at__gt=now - window,
    ).exists()


def payload(incident: Incident, escalated: bool) -> dict[str, object]:
    return {
        "incident": {
            "id": incident.pk,
            "level": incident.level_name,
            "rank": incident.level_rank,
            "trigger": incident.trigger_kind,
            "trigger_text": incident.trigger_text,
            "figures": incident.figures,
            "opened_at": incident.opened_at.isoformat(),
            "escalated": escalated,
        },
        "workspace": incident.workspace.slug,
    }


def _announce(incident: Incident, escalated: bool) -> None:
    webhooks.emit(incident.workspace_id, "incident.opened", payload(incident, escalated))
    transaction.on_commit(
        lambda: incident_raised.send(sender=Incident, incident=incident, escalated=escalated)
    )


def _triggered_again(incident: Incident, firing: Firing, text: str, now: dt.datetime) -> None:
    """A trigger of the open incident's level or lower fires again: a "Triggered again"
    line with its figures on the timeline, at most once per :data:`AGAIN_EVERY` (the job
    runs every minute); while nobody has acknowledged the incident, its responders are
    reminded with it (so at most once an hour too). Called within the incident's lock."""
    fired = (IncidentAction.OPENED, IncidentAction.ESCALATED, IncidentAction.TRIGGERED)
    recent = incident.events.filter(action__in=fired, at__gt=now - AGAIN_EVERY)
    if recent.exists():
        return
    IncidentEvent.objects.create(
        incident=incident,
        at=now,
        action=IncidentAction.TRIGGERED,
        text=text[:255],
        figures=firing.figures,
    )
    if incident.acknowledged_at is None:
        transaction.on_commit(
            lambda: incident_raised.send(
                sender=Incident, incident=incident, escalated=False, again=True
            )
        )


def raise_for(workspace: Workspace, now: dt.datetime) -> Incident | None:
    """Evaluate the workspace's triggers; open or escalate its incident. Returns the
    incident opened or escalated, None when nothing changed."""
    firings = [f for f in evaluate(workspace, now) if not _recently_closed(f, now)]
    if not firings:
        return None
    top = firings[0]
    level, trigger = top.trigger.level, top.trigger
    # Kept in the workspace's language (the pages say the trigger in the reader's).
    with translation.override(workspace_language(workspace)):
        text = trigger.describe()
        level_name = str(level.name)
    with transaction.atomic():
        open_incident = (
            Incident.objects.select_for_update()
            .filter(workspace=workspace, closed_at__isnull=True)
            .order_by("-level_rank", "-id")
            .first()
        )
        if open_incident is not None and open_incident.level_rank >= level.rank:
            _triggered_again(open_incident, top, f"{level_name}: {text}", now)
            return None
        escalated = open_incident is not None
        incident = open_incident or Incident(workspace=workspace, opened_at=now)
        incident.level, incident.level_name, incident.level_rank = level, level_name, level.rank
        incident.trigger, incident.trigger_kind, incident.trigger_text = trigger, trigger.kind, text
        incident.figures = top.figures
        incident.save()
        IncidentEvent.objects.create(
            incident=incident,
            at=now,
            action=IncidentAction.ESCALATED if escalated else IncidentAction.OPENED,
            text=f"{level_name}: {text}",
            figures=top.figures,
        )
        _announce(incident, escalated)
    return incident


def raise_due(now: dt.datetime) -> int:
    """The worker's job: every active workspace with a playbook and mentions of the
    last :data:`LOOK_BACK`; how many incidents were opened or escalated."""
    since = now - LOOK_BACK
    busy = Mention.objects.filter(fetched_at__gte=since).values("workspace_id")
    workspaces = Workspace.objects.active().filter(
        pk__in=busy, crisis_levels__triggers__isnull=False
    )
    done = 0
    for workspace in workspaces.distinct():
        try:
            done += raise_for(workspace, now) is not None
        except Exception:  # noqa: BLE001 - one workspace's failure never stops the others
            logger.exception("incident evaluation failed for workspace %s", workspace.pk)
    return done
