"""What comes after an attempt that did not succeed, and a person's retry after a fix.

The policy (:func:`after_error`):

* ``CredentialsRejected``: failed at once, and the account needs reconnecting;
* other permanent errors (content refused…): failed at once, the network's words kept;
* a rate limit (``retry_after``): pending again after the delay the network asked
  for; it does not count as an attempt, but a publication cannot wait more than
  :data:`MAX_RATE_LIMIT_DELAY` after its time (then it fails);
* an outcome unknown (a timeout after sending): pending again after a backoff; the
  next claim asks a non-idempotent network first whether it has the post;
* other transient errors (server errors, timeouts before sending): pending again
  after an exponential backoff with jitter, at most :data:`MAX_ATTEMPTS` attempts,
  then failed (or unknown when the last outcome was unknown).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core.audit import record
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.integrations.base import CredentialsRejected, TransportError
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.models.publication import MACHINE
from mostra.publishing.scheduler import clock
from mostra.publishing.services import claims
from mostra.publishing.signals import publication_finished

S = PublicationState

MAX_ATTEMPTS = 6
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_CAP = dt.timedelta(minutes=30)
JITTER = 0.2
MIN_RETRY_AFTER = dt.timedelta(seconds=1)
MAX_RATE_LIMIT_DELAY = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Next:
    """The state a publication takes after an attempt, and why."""

    state: str
    next_attempt_at: dt.datetime | None = None
    error_code: str = ""
    message: str = ""
    #: False for rate limits: the attempt is given back.
    counts: bool = True
    reconnect: bool = False


def backoff(attempts: int, rng: random.Random | None = None) -> dt.timedelta:
    """The wait after the ``attempts``-th attempt: 1, 2, 4, 8… minutes (±20 %), ≤ 30 min."""
    base = min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)
    factor = 1 + (rng or random).uniform(-JITTER, JITTER)
    return base * factor


def after_error(
    error: TransportError, publication: Publication, now: dt.datetime, *, idempotent: bool
) -> Next:
    """The next state after ``error`` on the publication's ``attempts``-th attempt."""
    message = error.message
    if isinstance(error, CredentialsRejected):
        return Next(S.FAILED, error_code=error.code, message=message, reconnect=True)
    if error.permanent:
        return Next(S.FAILED, error_code=error.code or "refused", message=message)
    if error.retry_after is not None and not error.unknown_outcome:
        wait = max(dt.timedelta(seconds=error.retry_after), MIN_RETRY_AFTER)
        if now + wait > publication.due_at + MAX_RATE_LIMIT_DELAY:
            return Next(
                S.FAILED,
                error_code="rate_limited",
                message=_(
                    "The network kept refusing for too many requests for more than a "
                    "day (%(message)s). Retry it later."
                )
                % {"message": message},
            )
        return Next(S.PENDING, now + wait, error_code="rate_limited", message=message, counts=False)
    code = claims.UNKNOWN_OUTCOME if error.unknown_outcome else (error.code or "transient")
    if publication.attempts >= MAX_ATTEMPTS:
        final = S.UNKNOWN if error.unknown_outcome and not idempotent else S.FAILED
        return Next(final, error_code=code, message=message)
    wait = backoff(publication.attempts)
    if error.retry_after is not None:
        wait = max(wait, dt.timedelta(seconds=error.retry_after))
    return Next(S.PENDING, now + wait, error_code=code, message=message)


# --- A person's decisions -------------------------------------------------------------


def _editable(publication: Publication, membership: Membership) -> Publication:
    if publication.account.workspace_id != membership.workspace_id:
        raise DomainError(_("This publication belongs to another workspace."))
    if not has_perm(membership, Perm.EDIT_CONTENT):
        raise DomainError(
            _(
                "Your role (%(role)s) does not allow retrying a publication: ask an "
                "editor, a manager or the owner of the workspace."
            )
            % {"role": membership.get_role_display().lower()}
        )
    return publication


def retry(publication: Publication, membership: Membership) -> Publication:
    """Send a failed publication again now, or one whose outcome is unknown ("retry
    anyway": the person checked the network). The content is the post's, as kept."""
    from mostra.publishing.services.publications import sync_post_status

    _editable(publication, membership)
    now = clock.now()
    with transaction.atomic():
        changed = MACHINE.move(
            Publication.objects.filter(pk=publication.pk),
            [S.FAILED, S.UNKNOWN],
            S.PENDING,
            next_attempt_at=now,
            attempts=0,
            error_code="",
            error_message="",
            claimed_by="",
            updated_at=now,
        )
        if changed != 1:
            raise DomainError(
                _("This publication is not failed any more: reload the page to see its state.")
            )
        before = publication.state
        publication.refresh_from_db()
        status = sync_post_status(publication.variant.post_id, now)
        changes: dict[str, object] = {
            "network": publication.variant.network,
            "publication": [before, S.PENDING],
        }
        if status:
            changes["status"] = list(status)
        record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=membership.workspace,
            obj=publication.variant.post,
            changes=changes,
        )
    return publication


def mark_published(publication: Publication, membership: Membership, url: str = "") -> Publication:
    """A person saw the post on the network: an unknown outcome becomes published."""
    from mostra.publishing.services.publications import sync_post_status

    _editable(publication, membership)
    now = clock.now()
    with transaction.atomic():
        changed = MACHINE.move(
            Publication.objects.filter(pk=publication.pk),
            S.UNKNOWN,
            S.PUBLISHED,
            remote_url=url[:500],
            published_at=now,
            error_code="",
            updated_at=now,
        )
        if changed != 1:
            raise DomainError(
                _("Only a publication whose outcome is unknown can be marked as published.")
            )
        publication.refresh_from_db()
        status = sync_post_status(publication.variant.post_id, now)
        changes: dict[str, object] = {
            "network": publication.variant.network,
            "publication": [S.UNKNOWN, S.PUBLISHED],
        }
        if status:
            changes["status"] = list(status)
        record(
            AuditAction.PUBLICATION,
            actor=membership.user,
            workspace=membership.workspace,
            obj=publication.variant.post,
            changes=changes,
        )
        transaction.on_commit(
            lambda: publication_finished.send(
                Publication, publication=publication, actor=membership.user
            )
        )
    return publication
