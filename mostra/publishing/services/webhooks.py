"""Outbound webhooks: a workspace's URLs told of post lifecycle events.

:func:`emit` writes one :class:`WebhookDelivery` per active webhook that listens to the
event (nothing goes out yet); :func:`deliver_due`, run by the worker's loop, sends
what is due:

1. claim the delivery with a compare-and-set update (its ``next_attempt_at`` moves to
   a lease, so a second worker skips it, and a worker killed mid-way lets it come back);
2. POST the JSON body with ``X-Mostra-Event``, ``X-Mostra-Delivery`` (the same id on
   every try, for the receiver to drop duplicates) and ``X-Mostra-Signature:
   sha256=<hex HMAC-SHA256 of the raw body with the webhook's secret>``; the receiver
   has :data:`DEADLINE` seconds for the whole call (connection, request, every byte of
   its answer);
3. a 2xx answer: delivered; anything else (or no answer in time): tried again after
   :data:`BACKOFF` (1 min, 5 min, 30 min, 2 h, 12 h), then failed. Every try keeps the
   answer's status and first characters for the delivery log.

Any user can create a workspace and point its webhooks at a receiver that answers
slowly, so a run of :func:`deliver_due` is shared out between workspaces
(:mod:`mostra.publishing.services.delivery_runs`): they take turns, a few receivers are
called at once but one per workspace, and a workspace whose receiver ran out of time
waits for the next run.

Addresses are checked when the webhook is created and again on every request (the
outbound seam refuses private addresses unless MOSTRA_ALLOW_PRIVATE_ADDRESSES).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import uuid
from collections.abc import Iterable
from typing import Any, NamedTuple

import httpx
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core.audit import record
from mostra.core.errors import DomainError
from mostra.core.http import OutboundRefused, check_url, outbound_client, web_address
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.publishing.models import DeliveryState, Webhook, WebhookDelivery, WebhookEvent
from mostra.publishing.models.webhook import new_secret

logger = logging.getLogger("mostra.publishing")

#: The wait before each new try, after the 1st, 2nd… failed one; then it fails.
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
#: How long a claimed delivery stays with its worker before another may take it.
LEASE = dt.timedelta(minutes=5)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
#: The seconds a receiver has for the whole call: connecting, the request, every byte of
#: its answer (each read's TIMEOUT alone would let it answer a byte every 9 s for ever).
DEADLINE = 15.0
EXCERPT = 500
BATCH = 100


def sign(secret: str, body: bytes) -> str:
    """The X-Mostra-Signature header's value for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def encode(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


# --- Managing webhooks -------------------------------------------------------------


def _check_events(events: Iterable[str]) -> list[str]:
    chosen = [e for e in WebhookEvent.values if e in set(events)]
    if not chosen:
        raise DomainError(_("Choose at least one event to send."), field="events")
    return chosen


def check_address(url: str) -> None:
    """Refuse an address mostra may not call, with a message saying why."""
    try:
        parsed = web_address(url)  # a bad host or a port past 65535 too, not only the scheme
    except ValueError:
        raise DomainError(
            _("Enter a web address such as https://hooks.example.org/mostra."), field="url"
        ) from None
    try:
        check_url(parsed)
    except OutboundRefused:
        raise DomainError(
            _(
                "%(host)s is a private or local address, which mostra does not call. "
                "Use a public address, or ask an administrator to allow private "
                "addresses (MOSTRA_ALLOW_PRIVATE_ADDRESSES)."
            )
            % {"host": parsed.host},
            field="url",
        ) from None
    except httpx.HTTPError:
        raise DomainError(
            _("%(host)s does not resolve: check the address.") % {"host": parsed.host},
            field="url",
        ) from None


def create_webhook(
    membership: Membership, url: str, events: Iterable[str], *, ip_address: str | None = None
) -> tuple[Webhook, str]:
    """Add a webhook; returns it with its secret, which is shown only this once."""
    url = url.strip()
    check_address(url)
    chosen = _check_events(events)
    secret = new_secret()
    webhook = Webhook.objects.create(
        workspace=membership.workspace, url=url, secret=secret, events=chosen
    )
    record(
        AuditAction.CREATE,
        actor=membership.user,
        workspace=membership.workspace,
        obj=webhook,
        changes={"events": chosen},
        ip_address=ip_address,
    )
    return webhook, secret


def set_active(
    membership: Membership, webhook: Webhook, active: bool, *, ip_address: str | None = None
) -> None:
    if webhook.active == active:
        return
    Webhook.objects.filter(pk=webhook.pk).update(active=active)
    record(
        AuditAction.UPDATE,
        actor=membership.user,
        workspace=membership.workspace,
        obj=webhook,
        changes={"active": [webhook.active, active]},
        ip_address=ip_address,
    )
    webhook.active = active


def delete_webhook(
    membership: Membership, webhook: Webhook, *, ip_address: str | None = None
) -> None:
    record(
        AuditAction.DELETE,
        actor=membership.user,
        workspace=membership.workspace,
        obj=webhook,
        ip_address=ip_address,
    )
    webhook.delete()


# --- Emitting events ---------------------------------------------------------------


def emit_many(workspace: Workspace | int, event: str, payloads: list[dict[str, Any]]) -> int:
    """Queue ``event`` once per payload for every active webhook listening to it.

    Two queries whatever the number of payloads: the webhooks, then one insert.
    """
    if not payloads:
        return 0
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    hooks = [
        h
        for h in Webhook.objects.filter(workspace_id=workspace_id, active=True).only("id", "events")
        if event in (h.events or [])
    ]
    if not hooks:
        return 0
    now = timezone.now()
    rows = []
    for payload in payloads:
        for hook in hooks:
            delivery_id = str(uuid.uuid4())
            body = {
                "id": delivery_id,
                "event": event,
                "created_at": now.isoformat(),
                "data": payload,
            }
            rows.append(
                WebhookDelivery(
                    webhook_id=hook.pk,
                    event=event,
                    delivery_id=delivery_id,
                    payload=body,
                    next_attempt_at=now,
                )
            )
    WebhookDelivery.objects.bulk_create(rows)
    return len(rows)


def emit(workspace: Workspace | int, event: str, payload: dict[str, Any]) -> int:
    """Queue one event for the workspace's webhooks; returns the deliveries created.

    Call it inside the transaction that makes the change: the deliveries then exist
    exactly when the change does.
    """
    return emit_many(workspace, event, [payload])


# --- Delivering --------------------------------------------------------------------


def claim(delivery: WebhookDelivery, now: dt.datetime) -> bool:
    """Take the delivery for this worker: one row updated, or someone else has it."""
    updated = WebhookDelivery.objects.filter(
        pk=delivery.pk,
        state=DeliveryState.PENDING,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
    ).update(next_attempt_at=now + LEASE)
    return updated == 1


class Answer(NamedTuple):
    """What a receiver made of one try: its status (None: no answer) and the log's text."""

    status: int | None
    excerpt: str
    #: The receiver ran out of time: its workspace waits for the next run.
    late: bool = False


def send(client: httpx.Client, delivery: WebhookDelivery) -> Answer:
    """POST one delivery (signed) and read the receiver's answer, within :data:`DEADLINE`."""
    body = encode(delivery.payload)
    secret = delivery.webhook.secret or ""
    headers = {
        "Content-Type": "application/json",
        "X-Mostra-Event": delivery.event,
        "X-Mostra-Delivery": delivery.delivery_id,
        "X-Mostra-Signature": sign(secret, body),
    }
    try:
        response = client.post(
            delivery.webhook.url, content=body, headers=headers, extensions={"deadline": DEADLINE}
        )
    except OutboundRefused as exc:
        return Answer(None, str(exc))
    except httpx.ConnectTimeout as exc:  # slow too: its workspace waits for the next run
        return Answer(None, _("Could not connect: %(reason)s") % {"reason": exc}, late=True)
    except httpx.TimeoutException:
        message = _("No complete answer within %(seconds)d seconds.")
        return Answer(None, message % {"seconds": DEADLINE}, late=True)
    except httpx.HTTPError as exc:
        return Answer(None, _("Could not connect: %(reason)s") % {"reason": exc})
    return Answer(response.status_code, response.text[:EXCERPT])


def record_answer(delivery: WebhookDelivery, answer: Answer, now: dt.datetime) -> WebhookDelivery:
    """Write the outcome of one try: delivered, tried again later, or failed."""
    attempts = delivery.attempts + 1
    status, excerpt = answer.status, answer.excerpt
    if status is not None and 200 <= status < 300:
        state, next_at = DeliveryState.DELIVERED, now
    elif attempts >= MAX_ATTEMPTS or not delivery.webhook.active:
        state, next_at = DeliveryState.FAILED, now
    else:
        state, next_at = DeliveryState.PENDING, now + BACKOFF[attempts - 1]
    fields = {
        "attempts": attempts,
        "state": state,
        "next_attempt_at": next_at,
        "response_status": status,
        "response_excerpt": excerpt,
        "delivered_at": now if state == DeliveryState.DELIVERED else None,
    }
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    for name, value in fields.items():
        setattr(delivery, name, value)
    logger.info("webhook delivery %s: %s (%s)", delivery.delivery_id, state, status)
    return delivery


def deactivated() -> Answer:
    return Answer(None, _("The webhook was deactivated before this was sent."))


def deliver_one(
    client: httpx.Client, delivery: WebhookDelivery, now: dt.datetime
) -> WebhookDelivery:
    """Send one claimed delivery and record the outcome."""
    active = delivery.webhook.active
    return record_answer(delivery, send(client, delivery) if active else deactivated(), now)


def deliver_due(now: dt.datetime) -> int:
    """Send the deliveries due at ``now``, shared out between workspaces (a run of
    :mod:`~mostra.publishing.services.delivery_runs`); returns how many were tried."""
    from mostra.publishing.services.delivery_runs import DeliveryRun

    with outbound_client(timeout=TIMEOUT, follow_redirects=False) as client:
        return DeliveryRun(client, now).run()


# --- Post lifecycle events (called by the publishing engine) ------------------------


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def post_payload(post: Any) -> dict[str, Any]:
    """What every post event says about the post (never its credentials or drafts)."""
    path = reverse("editorial:post", args=[post.workspace.slug, post.pk])
    return {
        "workspace": post.workspace.slug,
        "id": post.pk,
        "title": post.title,
        "status": post.status,
        "scheduled_at": _iso(post.scheduled_at),
        "url": settings.CONFIG.base_url + path,
    }


def publication_payload(publication: Any) -> dict[str, Any]:
    account = publication.account
    variant = publication.variant
    return {
        "id": publication.pk,
        "network": variant.network,
        "account": account.handle,
        "state": publication.state,
        "due_at": _iso(publication.due_at),
        "published_at": _iso(publication.published_at),
        "url": publication.remote_url,
        "error": publication.error_message,
    }


def post_scheduled(post: Any) -> int:
    """Emit ``post.scheduled``: the post and where each variant goes out."""
    from mostra.publishing.models import Publication

    rows = Publication.objects.filter(variant__post=post).select_related("account", "variant")
    payload = {"post": post_payload(post), "publications": [publication_payload(p) for p in rows]}
    return emit(post.workspace, WebhookEvent.SCHEDULED, payload)


def publication_event(publication: Any, event: str) -> int:
    """Emit ``post.published`` or ``post.failed`` for one publication (one variant)."""
    post = publication.variant.post
    payload = {"post": post_payload(post), "publication": publication_payload(publication)}
    return emit(post.workspace_id, event, payload)


def post_published(publication: Any) -> int:
    return publication_event(publication, WebhookEvent.PUBLISHED)


def post_failed(publication: Any) -> int:
    return publication_event(publication, WebhookEvent.FAILED)
