"""Is this address a Mastodon-API server, and what does it accept?

Steps of :func:`probe`:

1. the address is brought to its origin (``mastodon.example`` → ``https://mastodon.example``);
2. ``GET /api/v2/instance``; when it does not describe a Mastodon server (an older
   version answers 404), ``GET /api/v1/instance``;
3. a server that answers neither as Mastodon does is refused in words that say what it
   answered (a web page, some other JSON, an error);
4. the instance's own limits are read: ``configuration.statuses.max_characters``
   (Pleroma's ``max_toot_chars`` on v1), the attachments per post, the image and video
   sizes and the media types it accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.http import origin, web_address
from mostra.integrations.base import TransportError
from mostra.integrations.mastodon.api import MastodonApi


class NotMastodon(DomainError):
    """The address is not (or does not answer as) a Mastodon-API server."""


@dataclass(frozen=True)
class InstanceInfo:
    """What an instance says of itself; None where it does not say."""

    url: str
    domain: str
    version: str = ""
    text_limit: int | None = None
    max_media: int | None = None
    url_length: int | None = None
    image_max_bytes: int | None = None
    video_max_bytes: int | None = None
    mime_types: tuple[str, ...] = ()
    raw_limits: dict[str, Any] = field(default_factory=dict, compare=False)

    def limits(self) -> dict[str, Any]:
        """The limits as stored with the instance (JSON)."""
        return {
            "max_media": self.max_media,
            "url_length": self.url_length,
            "image_max_bytes": self.image_max_bytes,
            "video_max_bytes": self.video_max_bytes,
            "mime_types": list(self.mime_types),
        }


def instance_origin(raw: str) -> str:
    """``https://host[:port]`` for what a person typed as an instance's address."""
    text = (raw or "").strip()
    if "@" in text and "://" not in text and "/" not in text:
        text = text.rsplit("@", 1)[-1]  # "@user@mastodon.example" → the instance
    if "://" not in text:
        text = f"https://{text}"
    try:
        return origin(web_address(text))
    except ValueError:
        raise NotMastodon(
            _("“%(address)s” is not an instance's address: give it as https://mastodon.example.")
            % {"address": raw},
            field="instance",
        ) from None


def _number(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _dig(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _is_mastodon(body: Any, version: int) -> bool:
    if not isinstance(body, dict):
        return False
    if version == 2:
        return isinstance(body.get("domain"), str) and isinstance(body.get("configuration"), dict)
    return isinstance(body.get("uri"), str) and isinstance(body.get("version"), str)


def read_info(origin: str, body: dict[str, Any], version: int) -> InstanceInfo:
    """The instance's limits from its ``/api/v{version}/instance`` answer."""
    statuses = _dig(body, "configuration", "statuses") or {}
    media = _dig(body, "configuration", "media_attachments") or {}
    domain = body.get("domain") if version == 2 else body.get("uri")
    domain = str(domain or httpx.URL(origin).host)
    domain = domain.split("://", 1)[-1].strip("/")
    mime_types = media.get("supported_mime_types") if isinstance(media, dict) else None
    return InstanceInfo(
        url=origin,
        domain=domain,
        version=str(body.get("version") or ""),
        text_limit=_number(statuses.get("max_characters")) or _number(body.get("max_toot_chars")),
        max_media=_number(statuses.get("max_media_attachments")),
        url_length=_number(statuses.get("characters_reserved_per_url")),
        image_max_bytes=_number(media.get("image_size_limit")),
        video_max_bytes=_number(media.get("video_size_limit")),
        mime_types=tuple(str(m) for m in mime_types) if isinstance(mime_types, list) else (),
        raw_limits={"statuses": statuses, "media_attachments": media},
    )


def probe(client: httpx.Client, address: str, token: str = "") -> InstanceInfo:
    """What the instance at ``address`` accepts; :class:`NotMastodon` when it is not
    a Mastodon-API server, :class:`TransportError` when it cannot be reached."""
    origin = instance_origin(address)
    api = MastodonApi(origin, token, client)
    seen: list[str] = []
    for version in (2, 1):
        response = api.send("GET", f"/api/v{version}/instance")
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        if response.status_code >= 500:
            raise TransportError(
                _("The server %(host)s had a problem (HTTP %(status)d); try again later.")
                % {"host": api.host, "status": response.status_code},
                http_status=response.status_code,
            )
        body: Any = None
        if response.status_code < 400 and "json" in content_type:
            try:
                body = response.json()
            except ValueError:
                body = None
        if response.status_code < 400 and _is_mastodon(body, version):
            return read_info(origin, body, version)
        if "html" in content_type:
            seen.append("html")
        elif response.status_code < 400 and body is not None:
            seen.append("json")
        else:
            seen.append(str(response.status_code))
    if "html" in seen:
        message = _(
            "%(host)s answers with a web page, not with the Mastodon API: check that it is "
            "the address of a Mastodon instance (the one in your profile's address)."
        )
    elif "json" in seen:
        message = _(
            "%(host)s answers, but not as a Mastodon server does (its /api/v2/instance does "
            "not describe an instance): mostra publishes only to Mastodon-API servers."
        )
    else:
        message = _(
            "%(host)s is not a Mastodon instance: it has no Mastodon API (/api/v2/instance "
            "and /api/v1/instance answer HTTP %(status)s)."
        )
    raise NotMastodon(message % {"host": api.host, "status": "/".join(seen)}, field="instance")
