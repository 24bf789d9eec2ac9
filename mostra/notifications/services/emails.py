"""E-mailing notifications: at once (a task after the commit) or in a daily digest (the
worker's periodic job :func:`send_due`, at the recipient's morning).

Never twice, with any number of workers: a sender first *claims* the rows with one
conditional ``UPDATE`` (the project's claim helper, :data:`LEASE`: ``email_claimed_by``
= its own token, only where nobody holds a live claim and nothing was sent), sends only
what its token holds, then marks them sent. A sender that died holding a claim lets it
expire (:data:`CLAIM_TTL`): the next :func:`send_due` takes them again. A sender dying
between the SMTP server's "accepted" and its mark would send again once that claim
expires: the window is one write long. A failing SMTP server keeps the claim until it
expires (retried then), :data:`ATTEMPTS` times at most; then the e-mail is given up.
Each change of ``email_state`` follows :data:`~mostra.notifications.models.EMAIL_MACHINE`.

Only when SMTP is configured (``settings.EMAIL_ENABLED``); each e-mail in its
recipient's language (``User.language``), with absolute links
(``settings.CONFIG.base_url``).
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from mostra.core import claims
from mostra.core.models.workspace import in_active_workspace
from mostra.notifications import texts
from mostra.notifications.models import EMAIL_MACHINE, Delivery, EmailState, Notification

logger = logging.getLogger("mostra.notifications")

#: How long a sender's claim holds before another sender may take the rows again.
CLAIM_TTL = dt.timedelta(minutes=10)
#: How many times a notification is tried before it is given up.
ATTEMPTS = 5
#: When the daily digest leaves, in the workspace's time zone.
DIGEST_HOUR = 8
#: An e-mail at once whose task never ran (lost, or its worker died) is taken by the
#: periodic job after this long.
LATE = dt.timedelta(minutes=2)
#: A sender's claim on notifications: its token, its time, expired after CLAIM_TTL.
LEASE = claims.Lease("email_claimed_by", "email_claimed_at", ttl=CLAIM_TTL)
#: Claimed: waiting ones, and those whose sender's claim expired (checked once).
CLAIMING = EMAIL_MACHINE.change([EmailState.WAITING, EmailState.SENDING], EmailState.SENDING)
SENT = EMAIL_MACHINE.change(EmailState.SENDING, EmailState.SENT)
GIVEN_UP = EMAIL_MACHINE.change(EmailState.SENDING, EmailState.GIVEN_UP)


def _claimable(now: dt.datetime) -> Q:
    return Q(emailed_at=None, email_attempts__lt=ATTEMPTS, **CLAIMING.filter) & LEASE.free(now)


def claim(ids: list[int], now: dt.datetime) -> str | None:
    """Take the rows among ``ids`` nobody holds nor has sent; the claim's token, or None
    when this call got none (one conditional UPDATE: two senders never both get one)."""
    token = claims.token()
    rows = Notification.objects.filter(
        pk__in=ids, emailed_at=None, email_attempts__lt=ATTEMPTS
    ).exclude(email=Delivery.NONE)
    taken = LEASE.claim(rows, token, now, CLAIMING, email_attempts=F("email_attempts") + 1)
    return token if taken else None


def _held(token: str) -> list[Notification]:
    return list(
        Notification.objects.filter(**LEASE.held(token), emailed_at=None)
        .select_related("recipient", "workspace", "post")
        .order_by("created_at", "id")
    )


def _sent(token: str, ids: list[int]) -> None:
    rows: QuerySet[Notification] = Notification.objects.filter(pk__in=ids)
    LEASE.release(rows, token, SENT, keep_owner=True, emailed_at=timezone.now())


def give_up(now: dt.datetime) -> int:
    """The e-mails whose every attempt failed and whose last claim expired: given up
    (one UPDATE); how many."""
    rows = Notification.objects.filter(emailed_at=None, email_attempts__gte=ATTEMPTS)
    return LEASE.reclaim_expired(rows, now, change=GIVEN_UP)


def _language(user: object) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _item(n: Notification) -> dict[str, str]:
    return {
        "text": texts.text(n),
        "quote": texts.quote(n),
        "url": texts.absolute(texts.path(n)),
        "link": texts.link(n),
        "workspace": n.workspace.name,
    }


def _send(user: object, subject: str, body: str) -> None:
    send_mail(subject.strip(), body, settings.DEFAULT_FROM_EMAIL, [user.email])  # type: ignore[attr-defined]


def send_now(ids: list[int], now: dt.datetime | None = None) -> int:
    """E-mail each of these notifications to its recipient, one e-mail each; how many."""
    if not getattr(settings, "EMAIL_ENABLED", False) or not ids:
        return 0
    now = now or timezone.now()
    active = Notification.objects.filter(in_active_workspace(), pk__in=ids).values_list(
        "pk", flat=True
    )
    token = claim(list(active), now)
    if token is None:
        return 0
    sent = 0
    for n in _held(token):
        user = n.recipient
        if not user.email or not user.is_active:
            _sent(token, [n.pk])  # nobody to write to: not tried again
            continue
        with translation.override(_language(user)):
            context = {"item": _item(n), "notification": n, "workspace": n.workspace.name}
            subject = render_to_string("notifications/email/one_subject.txt", context)
            body = render_to_string("notifications/email/one.txt", context)
        try:
            _send(user, subject, body)
        except Exception as exc:  # noqa: BLE001 - retried when the claim expires
            logger.warning("notification %s not e-mailed: %s", n.pk, exc)
            continue
        _sent(token, [n.pk])
        sent += 1
    return sent


def morning(now: dt.datetime, zone: str) -> dt.datetime:
    """The last digest time (:data:`DIGEST_HOUR`) at or before ``now`` in the zone."""
    tz: dt.tzinfo
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = dt.UTC
    local = now.astimezone(tz)
    cutoff = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if local < cutoff:
        cutoff -= dt.timedelta(days=1)
    return cutoff


def send_digests(now: dt.datetime) -> int:
    """One e-mail per person with their notifications made before their workspace's
    latest morning (:data:`DIGEST_HOUR`) and not e-mailed yet; how many e-mails."""
    candidates = (
        Notification.objects.filter(_claimable(now), in_active_workspace(), email=Delivery.DIGEST)
        .values_list("pk", "recipient_id", "created_at", "workspace__timezone")
        .order_by("recipient_id", "created_at")
    )
    due: dict[int, list[int]] = defaultdict(list)
    for pk, recipient_id, created_at, zone in candidates:
        if created_at < morning(now, zone):
            due[recipient_id].append(pk)
    sent = 0
    for ids in due.values():
        token = claim(ids, now)
        if token is None:
            continue  # another worker has them
        rows = _held(token)
        if not rows:
            continue
        user = rows[0].recipient
        if not user.email or not user.is_active:
            _sent(token, [n.pk for n in rows])
            continue
        with translation.override(_language(user)):
            items = [_item(n) for n in rows]
            context = {
                "items": items,
                "count": len(items),
                "url": texts.absolute(reverse("notifications:list", args=[rows[0].workspace.slug])),
            }
            subject = render_to_string("notifications/email/digest_subject.txt", context)
            body = render_to_string("notifications/email/digest.txt", context)
        try:
            _send(user, subject, body)
        except Exception as exc:  # noqa: BLE001 - retried when the claim expires
            logger.warning("digest for user %s not e-mailed: %s", user.pk, exc)
            continue
        _sent(token, [n.pk for n in rows])
        sent += 1
    return sent


def send_due(now: dt.datetime) -> int:
    """The worker's periodic job: the daily digests that are due, and the e-mails at once
    whose task never ran or whose sender died (their claim expired). How many sent."""
    if not getattr(settings, "EMAIL_ENABLED", False):
        return 0
    give_up(now)
    late = list(
        Notification.objects.filter(
            _claimable(now), email=Delivery.NOW, created_at__lt=now - LATE
        ).values_list("pk", flat=True)[:500]
    )
    return send_digests(now) + (send_now(late, now) if late else 0)
