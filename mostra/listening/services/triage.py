"""Triage of the inbox: a mention's state, its assignee, its tags and its notes, one
mention or many at once.

Every action takes the acting membership and mention ids, checks them against the
workspace (an id of another workspace, or unknown, refuses the whole action: nothing is
written), writes in one transaction and records one audit entry per mention changed.
The inbox page, the API and the CLI call these functions. Editors, managers and owners
triage; viewers and contributors read.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit, figures_cache
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, AuditEvent, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.listening.models import Mention, MentionNote, MentionState, MentionTag
from mostra.listening.signals import mentions_assigned

#: The most mentions one bulk action changes.
MAX_BULK = 500
TAG_LENGTH = 60
NOTE_LENGTH = 5000
#: States that end the response time (first reached: :attr:`Mention.responded_at`).
ANSWERED = (MentionState.HANDLED, MentionState.IGNORED)


class MentionNotFound(DomainError):
    """An id that is no mention of the workspace (pages and API answer 404)."""


def ensure_may_triage(actor: Membership) -> None:
    if not has_perm(actor, Perm.EDIT_CONTENT):
        raise DomainError(_("Only editors, managers and owners can triage the inbox."))


def _mentions(actor: Membership, ids: Iterable[int]) -> list[Mention]:
    """The workspace's mentions of ``ids``, locked; MentionNotFound if one is not."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        raise DomainError(_("Select at least one mention."))
    if len(wanted) > MAX_BULK:
        raise DomainError(
            _("Select at most %(max)s mentions at once.") % {"max": MAX_BULK}, field="ids"
        )
    found = list(
        Mention.objects.select_for_update()
        .filter(workspace=actor.workspace, pk__in=wanted)
        .order_by("pk")
    )
    if len(found) != len(wanted):
        missing = sorted(set(wanted) - {m.pk for m in found})
        raise MentionNotFound(
            _("No mention %(ids)s in this workspace: reload the inbox and select again.")
            % {"ids": ", ".join(str(i) for i in missing)}
        )
    return found


def _record(actor: Membership, mention: Mention, changes: dict[str, list[object]]) -> None:
    audit.record(
        AuditAction.UPDATE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=mention,
        label=str(mention)[:80],
        changes=changes,
    )


def set_state(actor: Membership, ids: Iterable[int], state: str) -> list[Mention]:
    """Move the mentions to ``state``; the first move to handled or ignored is the
    mention's response time."""
    ensure_may_triage(actor)
    if state not in MentionState.values:
        raise DomainError(
            _("Unknown state %(state)s: choose one of %(states)s.")
            % {"state": repr(state), "states": ", ".join(MentionState.values)},
            field="state",
        )
    now = timezone.now()
    with transaction.atomic():
        mentions = _mentions(actor, ids)
        for mention in mentions:
            if mention.state == state:
                continue
            before = mention.state
            mention.state = state
            fields = ["state"]
            if state in ANSWERED and mention.responded_at is None:
                mention.responded_at = now
                fields.append("responded_at")
            mention.save(update_fields=fields)
            _record(actor, mention, {"state": [before, state]})
    return mentions


def assign(actor: Membership, ids: Iterable[int], user_id: int | None) -> list[Mention]:
    """Assign the mentions to a member of the workspace (``None``: to nobody), in a
    fixed number of queries (one UPDATE, one insert of the audit entries). The member
    hears of it (:data:`mostra.listening.signals.mentions_assigned`, after the commit),
    unless they assigned the mentions to themselves."""
    ensure_may_triage(actor)
    assignee = None
    if user_id is not None:
        member = (
            Membership.objects.filter(workspace=actor.workspace, user_id=user_id)
            .select_related("user")
            .first()
        )
        if member is None:
            raise DomainError(
                _("Assign to a member of this workspace: %(id)s is not one.") % {"id": user_id},
                field="assignee",
            )
        assignee = member.user
    with transaction.atomic():
        mentions = _mentions(actor, ids)
        changed = [m for m in mentions if m.assignee_id != user_id]
        if not changed:
            return mentions
        Mention.objects.filter(pk__in=[m.pk for m in changed]).update(assignee=assignee)
        events = []
        for mention in changed:
            before = mention.assignee_id
            mention.assignee = assignee
            events.append(
                audit.unsaved(
                    AuditAction.UPDATE,
                    actor=actor.user,
                    workspace=actor.workspace,
                    obj=mention,
                    label=str(mention)[:80],
                    changes={"assignee": [before, user_id]},
                )
            )
        AuditEvent.objects.bulk_create(events)
        figures_cache.changed([actor.workspace.pk])
        if assignee is not None and assignee.pk != actor.user_id:
            told = [m.pk for m in changed]
            transaction.on_commit(
                lambda: mentions_assigned.send(
                    sender=Mention,
                    workspace_id=actor.workspace.pk,
                    assignee_id=assignee.pk,
                    actor=actor.user,
                    mention_ids=told,
                )
            )
    return mentions


def clean_tag(name: str) -> str:
    tag = " ".join((name or "").split()).lstrip("#")
    if not tag:
        raise DomainError(_("Type the tag's name."), field="tag")
    if len(tag) > TAG_LENGTH:
        raise DomainError(
            _("Keep a tag to %(max)s characters at most.") % {"max": TAG_LENGTH}, field="tag"
        )
    return tag


def tag(
    actor: Membership, ids: Iterable[int], add: Iterable[str] = (), remove: Iterable[str] = ()
) -> list[Mention]:
    """Put the tags ``add`` on the mentions (created in the workspace when new) and take
    ``remove`` off them."""
    ensure_may_triage(actor)
    adding = sorted({clean_tag(n) for n in add})
    removing = sorted({clean_tag(n) for n in remove} - set(adding))
    if not adding and not removing:
        raise DomainError(_("Type the tag's name."), field="tag")
    with transaction.atomic():
        mentions = _mentions(actor, ids)
        new_tags = [
            MentionTag.objects.get_or_create(workspace=actor.workspace, name=n)[0] for n in adding
        ]
        old_tags = list(MentionTag.objects.filter(workspace=actor.workspace, name__in=removing))
        for mention in mentions:
            had = set(mention.tags.values_list("name", flat=True))
            mention.tags.add(*new_tags)
            mention.tags.remove(*old_tags)
            now = (had | set(adding)) - set(removing)
            if now != had:
                _record(actor, mention, {"tags": [sorted(had), sorted(now)]})
    return mentions


def set_tags(actor: Membership, mention_id: int, names: Iterable[str]) -> Mention:
    """Make the mention's tags exactly ``names`` (the API's PATCH)."""
    ensure_may_triage(actor)
    wanted = sorted({clean_tag(n) for n in names})
    with transaction.atomic():
        (mention,) = _mentions(actor, [mention_id])
        had = sorted(mention.tags.values_list("name", flat=True))
        if had != wanted:
            tags = [
                MentionTag.objects.get_or_create(workspace=actor.workspace, name=n)[0]
                for n in wanted
            ]
            mention.tags.set(tags)
            _record(actor, mention, {"tags": [had, wanted]})
    return mention


def add_note(actor: Membership, mention_id: int, text: str) -> MentionNote:
    """An internal note on the mention, signed by the actor (MentionNotFound first, for
    a mention of another workspace, whatever the text)."""
    ensure_may_triage(actor)
    with transaction.atomic():
        (mention,) = _mentions(actor, [mention_id])
        body = (text or "").strip()
        if not body:
            raise DomainError(_("Type the note."), field="text")
        if len(body) > NOTE_LENGTH:
            raise DomainError(
                _("Keep a note to %(max)s characters at most.") % {"max": NOTE_LENGTH},
                field="text",
            )
        note = MentionNote.objects.create(mention=mention, author=actor.user, text=body)
        audit.record(
            AuditAction.CREATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=note,
            label=str(mention)[:80],
            changes={"note": [None, body[:200]]},
        )
    return note
