"""Log-ins and failed log-ins go to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import Signal, receiver

from mostra.core import audit
from mostra.core.models import AuditAction


def client_ip(request: Any) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(AuditAction.LOGIN, actor=user, ip_address=client_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    audit.record(
        AuditAction.LOGIN_FAILED,
        label=str(credentials.get("username") or credentials.get("email") or "")[:254],
        ip_address=client_ip(request),
    )


#: An invitation was accepted (sent after the commit). Arguments: ``invitation`` and
#: ``user`` (the new member).
invitation_accepted = Signal()
