"""Publishing by hand: the networks mostra cannot publish to (no developer application,
no API), published by a person whom mostra tells when, and who says it is done.

An account *published by hand* (:attr:`SocialAccount.by_hand`) has no credentials and a
``responsible`` member (one who may publish: an editor, a manager or an owner).
Planning treats it as a connected account (a publication per variant). Then:

1. **due**: the worker claims the due publication as any other (the same
   compare-and-set claim, so once whatever the number of workers) and, instead of
   calling a network, moves it to ``manual_due`` (:func:`make_due`), then announces it
   (:data:`~mostra.publishing.signals.manual_publication_due`, stage ``due``, to the
   responsible) once committed;
2. **late**: the side work's :func:`escalate_due` reminds the responsible after the
   workspace's ``by_hand_reminder_hours`` (stage ``reminder``), then tells the owners
   and managers too after ``by_hand_escalation_hours`` (stage ``escalated``); each
   stage once (a compare-and-set on :attr:`Publication.manual_stage`);
3. **done**: a member pastes the post's address (:func:`mark_published`: checked
   against the network's addresses, :data:`mostra.strategy.catalogue.POST_URLS`, the
   post's id read from it), or skips it with a reason (:func:`skip`). The post follows
   its publications as for the networks' APIs.

:func:`due_for` lists what waits for a person (the home page's "to publish by hand").
The web pages, the API and the command line all call these functions.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from mostra.core.audit import record
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Role, User, Workspace
from mostra.core.models.workspace import in_active_workspace
from mostra.core.permissions import Perm, has_perm
from mostra.core.services.archive import ensure_writable
from mostra.publishing.models import (
    AccountStatus,
    ManualStage,
    Publication,
    PublicationAttempt,
    PublicationState,
    SocialAccount,
)
from mostra.publishing.models.publication import MACHINE
from mostra.publishing.scheduler import clock
from mostra.publishing.services import claims, webhooks
from mostra.publishing.services.accounts import require_manager
from mostra.publishing.services.publications import sync_post_status
from mostra.publishing.signals import manual_publication_due, publication_finished
from mostra.strategy import catalogue

logger = logging.getLogger("mostra.publishing")
S = PublicationState
#: The states a person may close by hand: due, or not due yet (published early).
OPEN = (S.MANUAL_DUE, S.PENDING)
#: The longest reason of a skip.
REASON_MAX = 500
#: The roles told when a publication by hand is escalated.
MANAGERS = (Role.OWNER, Role.MANAGER)


# --- Accounts ----------------------------------------------------------------------


def strategy_networks(workspace: Workspace | int) -> list[str]:
    """The networks of the workspace's strategy (its platforms), in its order."""
    from mostra.strategy.models import Platform

    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    rows = Platform.objects.filter(workspace_id=workspace_id).order_by("position", "id")
    return [n for n in rows.values_list("network", flat=True) if n in catalogue.NETWORKS]


def may_publish(membership: Membership | None) -> bool:
    """Whether a member may publish (and so be responsible for publishing by hand)."""
    return has_perm(membership, Perm.EDIT_CONTENT)


def eligible_responsibles(workspace: Workspace) -> list[Membership]:
    """The members who may be responsible for an account published by hand."""
    return [m for m in workspace.memberships.by_rank() if may_publish(m)]


def _responsible(workspace: Workspace, who: User | str | None) -> User:
    if who is None or (isinstance(who, str) and not who.strip()):
        raise DomainError(
            _("Choose who publishes on this account: a member who may publish."),
            field="responsible",
        )
    memberships = workspace.memberships.select_related("user", "workspace")
    if isinstance(who, str):
        membership = memberships.filter(user__email__iexact=who.strip()).first()
    else:
        membership = memberships.filter(user=who).first()
    name = who if isinstance(who, str) else who.email
    if membership is None:
        raise DomainError(
            _("%(who)s is not a member of this workspace: invite them first, or choose a member.")
            % {"who": name},
            field="responsible",
        )
    if not may_publish(membership):
        raise DomainError(
            _(
                "%(who)s is a %(role)s and may not publish: choose an editor, a manager or "
                "an owner, or change their role."
            )
            % {"who": name, "role": membership.get_role_display().lower()},
            field="responsible",
        )
    return membership.user


def _network(workspace: Workspace, network: str) -> str:
    code = (network or "").strip().lower()
    networks = strategy_networks(workspace)
    if code in networks:
        return code
    known = ", ".join(networks) or _("none yet")
    if code in catalogue.NETWORKS:
        message = _(
            "%(network)s is not one of the strategy's networks (%(known)s): add it to the "
            "strategy's platforms first."
        ) % {"network": catalogue.network_label(code), "known": known}
    else:
        message = _(
            "Unknown network “%(network)s”: use one of the strategy's networks (%(known)s)."
        ) % {
            "network": network,
            "known": known,
        }
    raise DomainError(message, field="network")


def _handle(handle: str) -> str:
    value = (handle or "").strip().lstrip("@").strip()
    if not value:
        raise DomainError(_("Give the account's handle, as shown on the network."), field="handle")
    if len(value) > 200 or any(c.isspace() for c in value):
        raise DomainError(
            _("A handle has no spaces and at most 200 characters: fromagerie.du.lac, for example."),
            field="handle",
        )
    return value


@transaction.atomic
def add_account(
    membership: Membership | None,
    network: str,
    handle: str,
    responsible: User | str | None,
    *,
    workspace: Workspace | None = None,
) -> SocialAccount:
    """Add an account published by hand (or change its responsible when it exists).

    ``membership``: the owner or manager who adds it; None from the command line, with
    ``workspace``. Refuses a network outside the strategy, an empty handle, and a
    responsible who is not a member allowed to publish; nothing is stored then.
    """
    require_manager(membership)
    if membership is not None:
        workspace = membership.workspace
    if workspace is None:
        raise ValueError("add_account needs a membership or a workspace")
    ensure_writable(workspace)
    code = _network(workspace, network)
    name = _handle(handle)
    person = _responsible(workspace, responsible)
    actor = membership.user if membership is not None else None
    external_id = f"by-hand:{name.lower()}"
    account = (
        SocialAccount.objects.select_for_update()
        .filter(workspace=workspace, network=code, external_id=external_id)
        .first()
    )
    label = _("%(network)s account %(handle)s") % {
        "network": catalogue.network_label(code),
        "handle": name,
    }
    if account is None:
        account = SocialAccount.objects.create(
            workspace=workspace,
            network=code,
            handle=name,
            external_id=external_id,
            by_hand=True,
            responsible=person,
            status=AccountStatus.CONNECTED,
            created_by=actor,
        )
        changes: dict[str, Any] = {"network": code, "handle": name, "by_hand": True}
        changes["responsible"] = person.email
        record(
            AuditAction.CREATE,
            actor=actor,
            workspace=workspace,
            obj=account,
            label=label,
            changes=changes,
        )
        return account
    before = {
        "responsible": account.responsible.email if account.responsible else None,
        "status": account.status,
    }
    account.handle, account.by_hand, account.responsible = name, True, person
    account.status, account.credentials = AccountStatus.CONNECTED, None
    account.save(update_fields=["handle", "by_hand", "responsible", "status", "credentials"])
    after = {"responsible": person.email, "status": account.status}
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    record(
        AuditAction.UPDATE,
        actor=actor,
        workspace=workspace,
        obj=account,
        label=label,
        changes=changes,
    )
    return account


# --- Due, reminded, escalated --------------------------------------------------------


def _managers(workspace_id: int) -> list[int]:
    return list(
        Membership.objects.filter(workspace_id=workspace_id, role__in=MANAGERS)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def recipients(
    publication: Publication, stage: str, managers: list[int] | None = None
) -> list[int]:
    """Who is told at ``stage``: the responsible; the owners and managers too once
    escalated (or whenever the account has no responsible any more)."""
    responsible = publication.account.responsible_id
    found = [responsible] if responsible else []
    if stage == ManualStage.ESCALATED or not found:
        if managers is None:
            managers = _managers(publication.account.workspace_id)
        found += [pk for pk in managers if pk not in found]
    return found


def _announce(publication: Publication, stage: str, users: list[int]) -> None:
    """Send :data:`manual_publication_due` once the transaction is committed."""

    def send() -> None:
        manual_publication_due.send(
            sender=Publication, publication=publication, stage=stage, recipients=users
        )

    transaction.on_commit(send)


def make_due(publication: Publication, now: dt.datetime) -> bool:
    """The worker's step for a claimed publication of an account published by hand:
    ``publishing → manual_due`` (a compare-and-set on the claim), the attempt logged,
    the post's status, the audit, and the announcement to the responsible once
    committed. False when the claim was lost meanwhile (nothing done)."""
    post = publication.variant.post
    with transaction.atomic():
        finished = claims.finish(
            publication,
            now,
            state=S.MANUAL_DUE,
            manual_since=now,
            manual_stage=ManualStage.DUE,
            error_code="",
            error_message="",
        )
        if not finished:
            return False
        publication.state = S.MANUAL_DUE
        publication.manual_since, publication.manual_stage = now, ManualStage.DUE
        PublicationAttempt.objects.create(
            publication=publication,
            started_at=publication.claimed_at or now,
            finished_at=now,
            worker=publication.claimed_by[:100],
            outcome=S.MANUAL_DUE,
        )
        status = sync_post_status(post.pk, now, post.status)
        changes: dict[str, Any] = {
            "network": publication.variant.network,
            "publication": [S.PUBLISHING, S.MANUAL_DUE],
        }
        if status:
            changes["status"] = list(status)
        record(AuditAction.UPDATE, workspace=post.workspace, obj=post, changes=changes)
        _announce(publication, ManualStage.DUE, recipients(publication, ManualStage.DUE))
    return True


def _advance(publication: Publication, before: str, after: str, managers: list[int]) -> bool:
    with transaction.atomic():
        moved = Publication.objects.filter(
            pk=publication.pk, state=S.MANUAL_DUE, manual_stage=before
        ).update(manual_stage=after)
        if moved != 1:
            return False
        publication.manual_stage = after
        _announce(publication, after, recipients(publication, after, managers))
    return True


def escalate_due(now: dt.datetime) -> int:
    """The side work's periodic job: remind, then escalate, the late publications by hand
    (see the module's docstring); returns how many stages were reached. One query when
    none is late, then one update per stage reached."""
    rows = (
        Publication.objects.filter(
            in_active_workspace(claims.WORKSPACE),
            state=S.MANUAL_DUE,
            manual_stage__in=[ManualStage.DUE, ManualStage.REMINDER],
            manual_since__isnull=False,
        )
        .select_related("variant__post__workspace", "account")
        .order_by("manual_since", "id")
    )
    managers: dict[int, list[int]] = {}
    reached = 0
    for publication in rows:
        workspace = publication.variant.post.workspace
        since = publication.manual_since
        assert since is not None
        remind_at = since + dt.timedelta(hours=workspace.by_hand_reminder_hours)
        escalate_at = since + dt.timedelta(hours=workspace.by_hand_escalation_hours)
        if now < min(remind_at, escalate_at):
            continue
        if workspace.pk not in managers:
            managers[workspace.pk] = _managers(workspace.pk)
        if publication.manual_stage == ManualStage.DUE and now >= remind_at:
            reached += _advance(
                publication, ManualStage.DUE, ManualStage.REMINDER, managers[workspace.pk]
            )
        if publication.manual_stage == ManualStage.REMINDER and now >= escalate_at:
            reached += _advance(
                publication, ManualStage.REMINDER, ManualStage.ESCALATED, managers[workspace.pk]
            )
    return reached


def due_for(who: User | Membership) -> QuerySet[Publication]:
    """The publications by hand waiting for ``who``: a user (in every workspace) or a
    membership (in its workspace). A person's own (they are the account's responsible),
    and, for owners and managers, those escalated or whose account has no responsible.
    Oldest first, with their post, workspace, variant and account (one query)."""
    if isinstance(who, Membership):
        user_id, workspace_id = who.user_id, who.workspace_id
    else:
        user_id, workspace_id = who.pk, None
    managed = Membership.objects.filter(user_id=user_id, role__in=MANAGERS).values("workspace_id")
    rows = Publication.objects.filter(in_active_workspace(claims.WORKSPACE), state=S.MANUAL_DUE)
    rows = rows.filter(
        Q(account__responsible_id=user_id)
        | (
            Q(variant__post__workspace_id__in=managed)
            & (Q(manual_stage=ManualStage.ESCALATED) | Q(account__responsible__isnull=True))
        )
    )
    if workspace_id is not None:
        rows = rows.filter(variant__post__workspace_id=workspace_id)
    return rows.select_related("variant__post__workspace", "account").order_by("manual_since", "id")


# --- Done: published, or skipped ----------------------------------------------------


def check_url(network: str, url: str) -> str:
    """The post's id on the network read from its address (the address itself when it
    names no id); a DomainError with an example when it is not one of the network's."""
    url = (url or "").strip()
    found = catalogue.post_url_id(network, url) if len(url) <= 500 else None
    if found is None:
        raise DomainError(
            _(
                "This is not the address of a %(network)s post. Open the post on "
                "%(network)s, copy its address and paste it here, for example %(example)s"
            )
            % {
                "network": catalogue.network_label(network),
                "example": catalogue.post_url_example(network),
            },
            field="url",
        )
    return found or url[:255]


def _closable(publication: Publication, membership: Membership) -> None:
    if publication.account.workspace_id != membership.workspace_id:
        raise DomainError(_("This publication belongs to another workspace."))
    if not may_publish(membership):
        raise DomainError(
            _(
                "Your role (%(role)s) does not allow publishing: ask an editor, a manager "
                "or the owner of the workspace."
            )
            % {"role": membership.get_role_display().lower()}
        )
    ensure_writable(membership.workspace)
    if not publication.account.by_hand:
        raise DomainError(
            _("This publication goes out through the network's connection, not by hand.")
        )


def _not_open() -> DomainError:
    return DomainError(
        _(
            "This publication is no longer waiting to be published by hand: reload the page "
            "to see its state."
        )
    )


def _close(
    publication: Publication,
    membership: Membership,
    now: dt.datetime,
    action: str,
    fields: dict[str, Any],
    extra: dict[str, Any],
) -> str:
    """Move an open publication to its final state (compare-and-set), sync the post,
    audit. Returns the state it was in."""
    before = publication.state
    fields = dict(fields)
    after = fields.pop("state")
    rows = Publication.objects.filter(pk=publication.pk)
    changed = MACHINE.move(rows, OPEN, after, **fields, claimed_by="", updated_at=now)
    if changed != 1:
        raise _not_open()
    publication.refresh_from_db()
    post = publication.variant.post
    status = sync_post_status(post.pk, now)
    changes: dict[str, Any] = {
        "network": publication.variant.network,
        "publication": [before, publication.state],
        **extra,
    }
    if status:
        changes["status"] = list(status)
    record(action, actor=membership.user, workspace=membership.workspace, obj=post, changes=changes)
    return before


@transaction.atomic
def mark_published(
    publication: Publication,
    membership: Membership,
    url: str,
    published_at: dt.datetime | None = None,
) -> Publication:
    """A member published it by hand: its address checked, its id read from it; the
    publication published (at ``published_at``, now by default), the post's status
    following, audited; webhooks and :data:`publication_finished` once committed."""
    _closable(publication, membership)
    remote_id = check_url(publication.account.network, url)
    now = clock.now()
    when = published_at or now
    if when > now + dt.timedelta(minutes=1):
        raise DomainError(
            _("The time it was published cannot be in the future: leave it empty for now."),
            field="published_at",
        )
    fields = {
        "state": S.PUBLISHED,
        "remote_url": url.strip()[:500],
        "remote_id": remote_id,
        "published_at": when,
        "error_code": "",
        "error_message": "",
        "next_metrics_at": None,
    }
    _close(publication, membership, now, AuditAction.PUBLICATION, fields, {"link": url.strip()})
    _webhook(publication)
    transaction.on_commit(
        lambda: publication_finished.send(
            sender=Publication, publication=publication, actor=membership.user
        )
    )
    return publication


@transaction.atomic
def skip(publication: Publication, membership: Membership, reason: str) -> Publication:
    """A member decided not to publish it on this network, and says why."""
    _closable(publication, membership)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Say why it is not published on this network (the team reads it on the post)."),
            field="reason",
        )
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Keep the reason under %(max)d characters.") % {"max": REASON_MAX}, field="reason"
        )
    fields = {"state": S.SKIPPED, "error_code": "skipped", "error_message": reason}
    _close(publication, membership, clock.now(), AuditAction.UPDATE, fields, {"reason": reason})
    return publication


def _webhook(publication: Publication) -> None:
    try:
        with transaction.atomic():
            webhooks.post_published(publication)
    except Exception:  # noqa: BLE001 - a webhook must never undo a publication
        logger.exception("publication %s: webhook event not recorded", publication.pk)
