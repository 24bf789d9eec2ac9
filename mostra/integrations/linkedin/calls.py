"""LinkedIn's versioned REST API: headers, addresses and errors.

Every call carries ``LinkedIn-Version`` (YYYYMM, from :mod:`api_versions`, or the
administrator's override) and ``X-Restli-Protocol-Version: 2.0.0``. A ``426`` with
``NONEXISTENT_VERSION`` means that version was retired: a permanent error saying so.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
from django.utils.translation import gettext as _

from mostra.integrations.api_versions import LINKEDIN, version_for
from mostra.integrations.base import TransportError
from mostra.integrations.calls import json_of, plain_error, retry_after_seconds

LABEL = "LinkedIn"


def rest_url(path: str) -> str:
    return f"{LINKEDIN.base_url}/{path.lstrip('/')}"


def urn_path(urn: str) -> str:
    """A URN inside a path (``urn%3Ali%3Ashare%3A123``), as Rest.li 2.0 wants it."""
    return quote(urn, safe="")


def rest_headers(token: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "LinkedIn-Version": version_for("linkedin"),
        "X-Restli-Protocol-Version": "2.0.0",
    }


def linkedin_error(response: httpx.Response) -> TransportError:
    body = json_of(response)
    detail = str(body.get("message") or body.get("error_description") or "")[:400]
    if response.status_code == 426 or body.get("code") == "NONEXISTENT_VERSION":
        version = version_for("linkedin")
        return TransportError(
            _(
                "LinkedIn no longer accepts API version %(version)s (%(detail)s): the API "
                "version must be updated: upgrade mostra, or an administrator sets a recent "
                "version (YYYYMM) on the Networks administration page."
            )
            % {"version": version, "detail": detail or "NONEXISTENT_VERSION"},
            permanent=True,
            code="api_version_retired",
            http_status=response.status_code,
        )
    return plain_error(response, LABEL, detail, retry_after=retry_after_seconds(response))


def check(response: httpx.Response) -> dict[str, Any]:
    if response.status_code >= 400:
        raise linkedin_error(response)
    return json_of(response)
