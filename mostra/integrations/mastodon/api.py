"""The few calls of the Mastodon REST API that mostra makes, on one instance.

Every call goes through :meth:`MastodonApi.call`: the instance's address, the bearer
token (never logged, never in an error), ``Accept: application/json``, and the
instance's refusals turned into :class:`~mostra.integrations.base.TransportError`.
"""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
from django.utils.translation import gettext as _

from mostra.integrations.base import TransportError
from mostra.integrations.mastodon.errors import error_for, error_for_exception, scrub

#: Calls whose request, once sent, may have changed something on the instance.
WRITES = frozenset({"POST", "PUT", "DELETE", "PATCH"})


def idempotency_key(key: str, part: int | str = 0) -> str:
    """The ``Idempotency-Key`` of one status of a publication: the same for every try
    of the same variant (so that a retry meets the first status), different for each
    status of a thread and for the first comment."""
    digest = hashlib.sha256(f"mostra:{key}:{part}".encode()).hexdigest()
    return f"mostra-{digest[:40]}"


class MastodonApi:
    """One instance, one token. ``token`` may be empty (the instance's public calls)."""

    def __init__(self, base_url: str, token: str, client: httpx.Client) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.client = client

    def __repr__(self) -> str:
        return f"MastodonApi({self.base_url!r})"

    @property
    def host(self) -> str:
        return httpx.URL(self.base_url).netloc.decode("ascii", "replace")

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        return {**headers, **(extra or {})}

    def send(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, **options: Any
    ) -> httpx.Response:
        """The instance's answer, whatever its status; an error when there is none."""
        try:
            return self.client.request(
                method, self.base_url + path, headers=self.headers(headers), **options
            )
        except httpx.HTTPError as exc:
            sent = method in WRITES and not isinstance(exc, httpx.ConnectError)
            error = error_for_exception(exc, self.host, sent=sent)
            error.message = scrub(error.message, self._token)
            error.args = (error.message,)
            raise error from None

    def call(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, **options: Any
    ) -> Any:
        """The decoded JSON of a successful answer; :class:`TransportError` otherwise."""
        response = self.send(method, path, headers=headers, **options)
        if response.status_code >= 400:
            raise error_for(response, token=self._token)
        if response.status_code == 204 or not response.content:
            return {}
        try:
            return response.json()
        except ValueError:
            raise TransportError(
                _(
                    "%(host)s answered %(path)s with something that is not JSON "
                    "(HTTP %(status)d); mostra will try again."
                )
                % {"host": self.host, "path": path, "status": response.status_code},
                http_status=response.status_code,
            ) from None

    # The calls mostra makes ------------------------------------------------------

    def verify_credentials(self) -> dict[str, Any]:
        return self.call("GET", "/api/v1/accounts/verify_credentials")

    def status(self, status_id: str) -> dict[str, Any]:
        return self.call("GET", f"/api/v1/statuses/{status_id}")

    def context(self, status_id: str) -> dict[str, Any]:
        return self.call("GET", f"/api/v1/statuses/{status_id}/context")

    def post_status(self, body: dict[str, Any], key: str) -> dict[str, Any]:
        return self.call("POST", "/api/v1/statuses", json=body, headers={"Idempotency-Key": key})

    def delete_status(self, status_id: str) -> None:
        self.call("DELETE", f"/api/v1/statuses/{status_id}")
