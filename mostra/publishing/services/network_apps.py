"""The networks' OAuth applications (client id, secret, scopes, API version): saved and
removed here, for the administrators' page and any other surface. Superusers only;
every change is in the audit log (never the secret itself).

The rules of each value are the ``clean_*`` functions: the page's form calls them on
each field, :func:`save_network_app` calls them all again, so that every surface
refuses the same input with the same message.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction
from mostra.publishing.models import OAuthClient
from mostra.publishing.services.oauth import PROVIDER_LABELS

VERSION_FORMATS = {"linkedin": r"20\d{4}", "meta": r"v\d{1,3}\.\d"}
SCOPES = re.compile(r"[A-Za-z0-9_.:\-, ]*")


def _require(user: Any, provider: str) -> None:
    if not getattr(user, "is_superuser", False):
        raise DomainError(_("Only the instance's administrators can change its applications."))
    if provider not in PROVIDER_LABELS:
        raise DomainError(
            _("Unknown provider %(provider)s: choose one of %(list)s.")
            % {"provider": provider, "list": ", ".join(PROVIDER_LABELS)},
            field="provider",
        )


def clean_client_id(value: str) -> str:
    value = value.strip()
    if not value or any(c.isspace() for c in value):
        raise DomainError(_("Paste the client id alone, without spaces."), field="client_id")
    return value


def clean_client_secret(value: str, *, has_secret: bool) -> str:
    value = value.strip()
    if not value and not has_secret:
        raise DomainError(
            _("Enter the client secret: the network shows it next to the client id."),
            field="client_secret",
        )
    return value


def clean_scopes(value: str) -> str:
    value = " ".join(value.replace(",", " ").split())
    if not SCOPES.fullmatch(value):
        raise DomainError(
            _("Scopes are words separated by spaces, such as tweet.read users.read."),
            field="scopes",
        )
    return value


def clean_api_version(provider: str, value: str) -> str:
    value = value.strip()
    pattern = VERSION_FORMATS.get(provider)
    if value and pattern and not re.fullmatch(pattern, value):
        example = "202611" if provider == "linkedin" else "v25.0"
        raise DomainError(
            _("Write the version as the network does, for example %(example)s.")
            % {"example": example},
            field="api_version",
        )
    return value if pattern else ""


@transaction.atomic
def save_network_app(
    user: Any,
    provider: str,
    *,
    client_id: str,
    client_secret: str = "",
    scopes: str = "",
    api_version: str = "",
) -> OAuthClient:
    """Create or change the ``provider``'s application; an empty secret keeps the one
    saved. Audited: the client id's change, and whether the secret was replaced."""
    _require(user, provider)
    app = OAuthClient.objects.select_for_update().filter(network=provider).first()
    has_secret = bool(app and app.has_secret)
    client_id = clean_client_id(client_id)
    client_secret = clean_client_secret(client_secret, has_secret=has_secret)
    values = {
        "scopes": clean_scopes(scopes),
        "api_version": clean_api_version(provider, api_version),
    }
    before = {"client id": app.client_id if app else "", "secret": has_secret}
    app = app or OAuthClient(network=provider)
    app.client_id = client_id
    if client_secret:
        app.client_secret = client_secret
    extra = {k: v for k, v in (app.extra or {}).items() if k not in values}
    extra.update({k: v for k, v in values.items() if v})
    app.extra = extra
    app.save()
    changes = audit.diff(before, {"client id": app.client_id, "secret": True})
    if client_secret:
        changes["secret"] = [_("set") if before["secret"] else _("not set"), _("replaced")]
    audit.record(AuditAction.UPDATE, actor=user, obj=app, changes=changes)
    return app


@transaction.atomic
def remove_network_app(user: Any, provider: str) -> bool:
    """Remove the ``provider``'s application (audited); whether there was one."""
    _require(user, provider)
    app = OAuthClient.objects.filter(network=provider).first()
    if app is None:
        return False
    audit.record(AuditAction.DELETE, actor=user, obj=app)
    app.delete()
    return True
