"""A Bluesky session: log in with a handle and an app password, keep the tokens fresh.

``com.atproto.server.createSession`` gives an access token (minutes to hours) and a
refresh token (weeks). The account's credentials (encrypted) keep both, the DID, the
PDS that holds the repository, and the app password, so that a session lost for any
reason (refresh token expired or already used by another worker) is opened again
without the user; only a refused app password needs them.

Before each call the access token is refreshed when it expires within
:data:`REFRESH_MARGIN`; a call answered ``ExpiredToken``/``InvalidToken`` refreshes (or
logs in again) and is sent once more.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import httpx
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.integrations.base import CredentialsRejected
from mostra.integrations.bluesky.xrpc import SessionExpired, call

DEFAULT_SERVICE = "https://bsky.social"
#: Refresh the access token when it expires within this.
REFRESH_MARGIN = dt.timedelta(minutes=5)


def jwt_expiry(token: str) -> dt.datetime | None:
    """The ``exp`` of a JWT, read without checking it (mostra only needs the date)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return dt.datetime.fromtimestamp(int(claims["exp"]), tz=dt.UTC)
    except (IndexError, ValueError, KeyError, TypeError):
        return None


def pds_endpoint(did_doc: Any) -> str:
    """The PDS that holds the repository, from the DID document (empty if none)."""
    if not isinstance(did_doc, dict):
        return ""
    for service in did_doc.get("service") or []:
        if isinstance(service, dict) and str(service.get("id", "")).endswith("#atproto_pds"):
            return str(service.get("serviceEndpoint") or "").rstrip("/")
    return ""


def normalize_service(url: str) -> str:
    url = (url or DEFAULT_SERVICE).strip().rstrip("/")
    return url if "://" in url else f"https://{url}"


def _credentials(
    body: dict[str, Any], service_url: str, app_password: str, pds_url: str = ""
) -> dict[str, Any]:
    access = str(body["accessJwt"])
    expires = jwt_expiry(access)
    return {
        "did": str(body["did"]),
        "handle": str(body.get("handle") or ""),
        "access_jwt": access,
        "refresh_jwt": str(body["refreshJwt"]),
        "access_expires_at": expires.isoformat() if expires else None,
        "pds_url": pds_endpoint(body.get("didDoc")) or pds_url or service_url,
        "app_password": app_password,
    }


def create_session(
    client: httpx.Client, service_url: str, handle: str, app_password: str
) -> dict[str, Any]:
    """Log in; the credentials to keep. A refused password is CredentialsRejected."""
    service_url = normalize_service(service_url)
    body = call(
        client,
        "POST",
        f"{service_url}/xrpc/com.atproto.server.createSession",
        json={"identifier": handle.strip().lstrip("@"), "password": app_password},
        write=False,
        login=True,
        secrets=(app_password,),
    )
    if "accessJwt" not in body or "did" not in body:
        raise CredentialsRejected(_("The Bluesky server did not open a session."))
    return _credentials(body, service_url, app_password)


class Session:
    """The account's tokens, refreshed as needed; ``save`` stores renewed credentials."""

    def __init__(
        self,
        client: httpx.Client,
        service_url: str,
        credentials: dict[str, Any] | None,
        save: Callable[[dict[str, Any]], None],
    ) -> None:
        if not credentials or "access_jwt" not in credentials:
            raise CredentialsRejected(
                _("This Bluesky account has no session: connect it again with an app password.")
            )
        self.client = client
        self.service_url = normalize_service(service_url)
        self.credentials = dict(credentials)
        self._save = save

    @property
    def did(self) -> str:
        return str(self.credentials["did"])

    @property
    def pds(self) -> str:
        return str(self.credentials.get("pds_url") or self.service_url).rstrip("/")

    @property
    def _secrets(self) -> tuple[str, ...]:
        keys = ("access_jwt", "refresh_jwt", "app_password")
        return tuple(str(self.credentials.get(k) or "") for k in keys)

    def _expiring(self, now: dt.datetime) -> bool:
        raw = self.credentials.get("access_expires_at")
        if not raw:
            return False
        return dt.datetime.fromisoformat(raw) - now <= REFRESH_MARGIN

    def _store(self, credentials: dict[str, Any]) -> None:
        self.credentials = credentials
        self._save(credentials)

    def renew(self) -> None:
        """Refresh the tokens; when the refresh token is refused, log in again."""
        password = str(self.credentials.get("app_password") or "")
        try:
            body = call(
                self.client,
                "POST",
                f"{self.pds}/xrpc/com.atproto.server.refreshSession",
                headers={"Authorization": f"Bearer {self.credentials['refresh_jwt']}"},
                write=False,
                secrets=self._secrets,
            )
            renewed = _credentials(body, self.service_url, password, self.pds)
        except (SessionExpired, CredentialsRejected):
            if not password:
                raise
            renewed = create_session(
                self.client, self.service_url, self.credentials.get("did") or "", password
            )
        self._store(renewed)

    def request(self, method: str, nsid: str, *, write: bool, **options: Any) -> dict[str, Any]:
        """An authenticated XRPC call to the account's PDS."""
        if self._expiring(timezone.now()):
            self.renew()
        for attempt in (1, 2):
            headers = {
                **options.pop("headers", {}),
                "Authorization": f"Bearer {self.credentials['access_jwt']}",
            }
            try:
                return call(
                    self.client,
                    method,
                    f"{self.pds}/xrpc/{nsid}",
                    write=write,
                    headers=headers,
                    secrets=self._secrets,
                    **options,
                )
            except SessionExpired:
                if attempt == 2:
                    raise CredentialsRejected(
                        _("Bluesky keeps refusing the account's session: reconnect the account.")
                    ) from None
                self.renew()
                options["headers"] = {k: v for k, v in headers.items() if k != "Authorization"}
        raise AssertionError("unreachable")

    def query(self, nsid: str, **params: Any) -> dict[str, Any]:
        return self.request("GET", nsid, write=False, params=params)

    def procedure(self, nsid: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.request("POST", nsid, write=True, json=body)
