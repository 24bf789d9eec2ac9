"""The claim + publish path of one publication: :func:`publish_one`.

Steps:

1. claim the row with a compare-and-set update (pending and due → publishing, one
   attempt more); nothing to do when another worker got it first;
2. load the publication, its variant, post, workspace, account and media, and mark the
   post ``publishing``;
3. an account published by hand: move it to ``manual_due`` and tell its responsible
   (:func:`mostra.publishing.services.by_hand.make_due`), no network called;
   refuse without calling the network when the account needs reconnecting, or when
   interruptions used up the attempts;
4. after an unknown outcome or an interruption, ask a non-idempotent network whether
   it already has the publication (:meth:`Integration.find_existing`); a network that
   cannot tell leaves the publication ``unknown``: never re-sent silently;
5. publish, every request within what the claim's lease counts for it
   (:func:`~mostra.publishing.services.leases.within_lease`: 25 s each, an upload its
   size at 1 Mbit/s more), then record the outcome (a compare-and-set on the claim),
   the attempt, the account's health, the post's status, the audit, the webhooks and
   the notifications.

Step 3 is :func:`settle_without_network`, step 4 and the network part of 5 :func:`send`
(no write of its own: it runs on a publishing thread,
:mod:`~mostra.publishing.scheduler.in_flight`), the rest :func:`record_sent`, on the
loop's thread, the outcomes that came back together in one transaction
(:func:`finished_together`). The claim is written (and committed) before any request;
the outcome after the answer: a worker killed in between leaves the claim, taken back
when its lease ends and reconciled before anything is sent again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import httpx
from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core.audit import record
from mostra.core.models import AuditAction
from mostra.editorial.models import Post
from mostra.integrations.base import Integration, RemoteRef, TransportError, integration_for
from mostra.publishing.models import (
    AccountStatus,
    Publication,
    PublicationAttempt,
    PublicationState,
    SocialAccount,
)
from mostra.publishing.scheduler import batch, clock, outgoing
from mostra.publishing.services import by_hand, claims, leases, metrics, retries, webhooks
from mostra.publishing.services.publications import DRIVEN, post_status_for, sync_post_status
from mostra.publishing.signals import publication_finished

logger = logging.getLogger("mostra.publishing")
S = PublicationState


def worker_id() -> str:
    """This process's name in claims: host, pid and a random part."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Result:
    state: str
    #: False when the outcome could not be written (the claim was lost).
    recorded: bool = True


def can_reconcile(integration: Integration) -> bool:
    """Whether the network can say if it has a publication (find_existing is its own)."""
    return type(integration).find_existing is not Integration.find_existing


def publish_one(
    pk: int, worker: str, now: dt.datetime | None = None, client: httpx.Client | None = None
) -> Result | None:
    """Claim publication ``pk`` and publish it; None when it was not ours to take.

    ``client``: an HTTP client to reuse (the loop keeps one: building one costs ~20 ms
    of TLS set-up); its cookies are cleared first, so that no account sees another's.
    """
    now = now or clock.now()
    if not claims.claim(pk, worker, now):
        return None
    loaded = batch.load(Publication.objects.filter(pk=pk, state=S.PUBLISHING), now)
    if not loaded:
        return None
    return publish_claimed(loaded[0], now, client)


def publish_claimed(
    claimed: batch.Claimed, now: dt.datetime, client: httpx.Client | None = None
) -> Result:
    """Publish a publication this worker claimed (steps 3 to 5 of the module's list)."""
    done = settle_without_network(claimed, now)
    if done is not None:
        return done
    return record_sent(claimed, now, send(claimed, now, client))


@dataclass(frozen=True)
class Sent:
    """What one attempt at the network gave (:func:`send`), to record (:func:`record_sent`)."""

    next: retries.Next
    ref: RemoteRef | None = None
    outcome: str = ""
    http_status: int | None = None


def settle_without_network(claimed: batch.Claimed, now: dt.datetime) -> Result | None:
    """Step 3: the outcome of a claimed publication that must not reach its network (an
    account published by hand, one that needs reconnecting, too many interruptions),
    written; None when it is to be sent (:func:`send`)."""
    publication = claimed.publication
    account = publication.account
    if account.by_hand:  # a person publishes it: tell them, never call a network
        return Result(S.MANUAL_DUE, recorded=by_hand.make_due(publication, now))
    if account.status != AccountStatus.CONNECTED:
        message = _(
            "The account %(handle)s needs reconnecting: reconnect it on the Network accounts page, "
            "then retry."
        ) % {"handle": account.handle}
        return _record(claimed, now, retries.Next(S.FAILED, None, "account", message))
    if publication.attempts > retries.MAX_ATTEMPTS:
        final = S.UNKNOWN if publication.error_code in claims.RECONCILE_FIRST else S.FAILED
        message = _("The publication was interrupted too many times.")
        return _record(claimed, now, retries.Next(final, None, "interrupted", message))
    return None


def send(claimed: batch.Claimed, now: dt.datetime, client: httpx.Client | None = None) -> Sent:
    """Steps 4 and 5's network part: reconcile if needed, then publish; nothing written
    here (an integration may save an account's renewed tokens), so that it may run on a
    publishing thread while the worker writes other outcomes.

    ``client``: this thread's own (its cookies are cleared first, so that no account sees
    another's); never one shared by two threads at once.
    """
    publication, media = claimed.publication, claimed.media
    account = publication.account
    reconcile = publication.error_code in claims.RECONCILE_FIRST
    try:
        if client is not None:
            client.cookies.clear()
        integration = integration_for(account, client)
        sent = outgoing.build(publication, media)
        with leases.within_lease():  # each request as long as the lease counts it, no more
            if reconcile and not integration.idempotent:
                found = _reconcile(integration, sent, publication, now)
                if isinstance(found, retries.Next):
                    return Sent(found)
                if found is not None:
                    return Sent(retries.Next(S.PUBLISHED), found, "reconciled")
            ref = integration.publish(sent)
    except TransportError as error:
        idempotent = _idempotent(account)
        return Sent(
            retries.after_error(error, publication, now, idempotent=idempotent),
            http_status=error.http_status,
        )
    except Exception as error:  # noqa: BLE001 - a bug must not leave the row publishing
        logger.exception("publication %s: unexpected error", publication.pk)
        unexpected = TransportError(
            _("mostra met an unexpected error (%(kind)s) while publishing.")
            % {"kind": type(error).__name__},
            unknown_outcome=True,
        )
        nxt = retries.after_error(unexpected, publication, now, idempotent=_idempotent(account))
        return Sent(nxt)
    return Sent(retries.Next(S.PUBLISHED), ref)


def record_sent(claimed: batch.Claimed, now: dt.datetime, sent: Sent) -> Result:
    """Step 5's writing part: the outcome of :func:`send`, and all that follows from it;
    each write in a transaction of its own (a savepoint inside a chunk's).

    A rate limit also makes the account's other due publications wait as long
    (:func:`claims.defer_account`), so that the worker's other slots do not hammer it.
    """
    result = _record(claimed, now, sent.next, sent.ref, sent.outcome, sent.http_status)
    nxt = sent.next
    if result.recorded and nxt.error_code == "rate_limited" and nxt.next_attempt_at:
        with transaction.atomic():  # a savepoint when outcomes are written together
            claims.defer_account(claimed.publication.account_id, nxt.next_attempt_at, now)
    return result


def _idempotent(account: SocialAccount) -> bool:
    from mostra.integrations.base import REGISTRY

    cls = REGISTRY.get(account.network)
    return bool(cls and cls.idempotent)


def _reconcile(
    integration: Integration, sent: object, publication: Publication, now: dt.datetime
) -> RemoteRef | retries.Next | None:
    """The network's copy, None when it surely has none, or the state to take."""
    if not can_reconcile(integration):
        return retries.Next(
            S.UNKNOWN,
            error_code=claims.UNKNOWN_OUTCOME,
            message=_(
                "mostra cannot tell whether this post went out (the network did not answer "
                "in time, or the worker stopped): check the account on the network, then "
                "mark it as published or retry it anyway."
            ),
        )
    try:
        return integration.find_existing(sent)  # type: ignore[arg-type]
    except TransportError as error:
        if error.permanent or publication.attempts >= retries.MAX_ATTEMPTS:
            return retries.Next(S.UNKNOWN, error_code=claims.UNKNOWN_OUTCOME, message=error.message)
        wait = retries.backoff(publication.attempts)
        return retries.Next(
            S.PENDING, now + wait, error_code=publication.error_code, message=error.message
        )


def _record(
    claimed: batch.Claimed,
    now: dt.datetime,
    nxt: retries.Next,
    ref: RemoteRef | None = None,
    outcome: str = "",
    http_status: int | None = None,
) -> Result:
    """Write the outcome of the claim and everything that follows from it."""
    publication = claimed.publication
    fields = outcome_fields(publication, now, nxt, ref)
    with transaction.atomic():
        recorded = claims.finish(publication, now, **fields)
        if not recorded and nxt.state == S.PUBLISHED:
            recorded = claims.late_success(publication, now, **fields)
        if not recorded:
            logger.warning(
                "publication %s: claim lost, outcome %s not kept", publication.pk, nxt.state
            )
            return Result(nxt.state, recorded=False)
        for name, value in fields.items():
            setattr(publication, name, value)
        attempt_of(publication, now, clock.now(), nxt, outcome, http_status).save()
        _account_health(publication.account, nxt, now)
        if nxt.state != S.PENDING:
            _settle(claimed, now, nxt)
    return Result(nxt.state)


def outcome_fields(
    publication: Publication, now: dt.datetime, nxt: retries.Next, ref: RemoteRef | None = None
) -> dict[str, object]:
    """The publication's fields the outcome ``nxt`` writes (its state among them)."""
    fields: dict[str, object] = {"state": nxt.state}
    if nxt.state == S.PUBLISHED:
        assert ref is not None
        fields |= {
            "remote_id": ref.remote_id[:255],
            "remote_uri": ref.uri[:500],
            "remote_url": ref.url[:500],
            "published_at": now,
            "error_code": "",
            "error_message": "",
            "next_metrics_at": _first_metrics(now),
        }
    else:
        fields |= {"error_code": nxt.error_code[:100], "error_message": nxt.message}
        if nxt.next_attempt_at is not None:
            fields["next_attempt_at"] = nxt.next_attempt_at
        if not nxt.counts:
            fields["attempts"] = max(publication.attempts - 1, 0)
    return fields


def attempt_of(
    publication: Publication,
    now: dt.datetime,
    finished_at: dt.datetime,
    nxt: retries.Next,
    outcome: str = "",
    http_status: int | None = None,
) -> PublicationAttempt:
    """The attempt's row (not saved) for the outcome ``nxt`` of the publication's claim."""
    return PublicationAttempt(
        publication=publication,
        started_at=publication.claimed_at or now,
        finished_at=finished_at,
        worker=publication.claimed_by[:100],
        outcome=outcome or (nxt.error_code if nxt.state == S.PENDING else nxt.state),
        http_status=http_status,
        message=nxt.message,
    )


def _first_metrics(now: dt.datetime) -> dt.datetime:
    return now + metrics.SCHEDULE[0]


def _account_health(account: SocialAccount, nxt: retries.Next, now: dt.datetime) -> None:
    accounts = SocialAccount.objects.filter(pk=account.pk)
    if nxt.state == S.PUBLISHED:
        # Once a minute is enough to show the account is healthy.
        if account.last_ok_at is None or now - account.last_ok_at > dt.timedelta(minutes=1):
            accounts.update(last_ok_at=now)
    elif nxt.reconnect:
        accounts.update(
            status=AccountStatus.NEEDS_RECONNECT, last_error=nxt.message, last_error_at=now
        )
    elif nxt.error_code not in ("account", "interrupted"):
        accounts.update(last_error=nxt.message, last_error_at=now)


def _post_status(claimed: batch.Claimed, now: dt.datetime, state: str) -> tuple[str, str] | None:
    """The post follows its publications; without a query when it has only this one."""
    post = claimed.publication.variant.post
    if not claimed.single:
        return sync_post_status(post.pk, now, post.status)
    target = post_status_for({state})
    if target is None or target == post.status or post.status not in DRIVEN:
        return None
    changed = Post.objects.filter(pk=post.pk, status=post.status).update(
        status=target, updated_at=now
    )
    return (post.status, target) if changed == 1 else None


def _settle(claimed: batch.Claimed, now: dt.datetime, nxt: retries.Next) -> None:
    """A final state: the post's status, the audit, webhooks and notifications."""
    publication = claimed.publication
    post = publication.variant.post
    status = _post_status(claimed, now, nxt.state)
    if status:
        post.status = status[1]
    action, changes = settled_audit(publication, nxt, status)
    record(action, workspace=post.workspace, obj=post, changes=changes)
    if claimed.webhooks:
        emit_webhook(publication, nxt.state)
    # The notification centre (a layer above) tells the people concerned, after the commit:
    # once for the chunk's outcomes written together (:func:`finished_together`).
    together = _together.get()
    if together is not None:
        together.append(publication)
    else:
        transaction.on_commit(
            lambda: publication_finished.send(Publication, publication=publication)
        )


def settled_audit(
    publication: Publication, nxt: retries.Next, status: tuple[str, str] | None
) -> tuple[str, dict[str, object]]:
    """The audit's action and changes for a publication settled in ``nxt.state``
    (``status``: the post's status before and after, when it changed)."""
    changes: dict[str, object] = {
        "network": publication.variant.network,
        "publication": [S.PUBLISHING, nxt.state],
    }
    if status:
        changes["status"] = list(status)
    if nxt.state == S.PUBLISHED:
        if publication.remote_url:
            changes["link"] = publication.remote_url
    else:
        changes["error"] = nxt.message
    action = AuditAction.PUBLICATION if nxt.state == S.PUBLISHED else AuditAction.UPDATE
    return str(action), changes


def tell_finished(publications: list[Publication]) -> None:
    """The notification centre told of these settled publications after the commit: with
    the chunk's others inside :func:`finished_together`, else at once as a list."""
    together = _together.get()
    if together is not None:
        together.extend(publications)
    elif publications:
        settled = list(publications)
        transaction.on_commit(lambda: publication_finished.send(Publication, publications=settled))


@contextmanager
def finished_together() -> Iterator[list[Publication]]:
    """Outcomes written together in one transaction (a worker's chunk): the
    :data:`publication_finished` signal is sent once for them all, ``publications=[…]``,
    after the commit, instead of once each. Yields the list of those settled so far (an
    outcome rolled back to its savepoint is to be taken out of it)."""
    finished: list[Publication] = []
    token = _together.set(finished)
    try:
        yield finished
        if finished:
            transaction.on_commit(
                lambda: publication_finished.send(Publication, publications=finished)
            )
    finally:
        _together.reset(token)


#: The publications settled inside :func:`finished_together`, on this thread.
_together: ContextVar[list[Publication] | None] = ContextVar("finished_together", default=None)


def emit_webhook(publication: Publication, state: str) -> None:
    emit = webhooks.post_published if state == S.PUBLISHED else webhooks.post_failed
    try:
        with transaction.atomic():
            emit(publication)
    except Exception:  # noqa: BLE001 - a webhook must never undo a publication
        logger.exception("publication %s: webhook event not recorded", publication.pk)
