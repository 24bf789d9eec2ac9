"""Uploading an image or video to an instance, and waiting until it is processed.

Steps of :func:`upload`:

1. ``POST /api/v2/media`` with the file and its alternative text as ``description``;
2. a ``200`` answer with a ``url`` is ready; a ``202`` (or a ``url`` still null) is
   being processed: ``GET /api/v1/media/:id`` every :data:`POLL_INTERVAL` seconds
   (``206`` while processing) until it has a ``url``;
3. past :data:`DEADLINE` seconds, a retryable error: the next attempt uploads again
   (the instance removes the unused copy itself).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from mostra.integrations.base import OutgoingMedia, TransportError
from mostra.integrations.mastodon.api import MastodonApi
from mostra.integrations.mastodon.errors import error_for

#: How long an upload may stay "processing" before the attempt gives up (seconds).
DEADLINE = 120.0
#: How often a processing upload is asked about (seconds).
POLL_INTERVAL = 1.0


def _ready(body: Any) -> bool:
    return isinstance(body, dict) and bool(body.get("url"))


def upload(
    api: MastodonApi,
    media: OutgoingMedia,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    deadline: float = DEADLINE,
    interval: float = POLL_INTERVAL,
) -> str:
    """The instance's id of the uploaded ``media``, once processed."""
    data = {"description": media.alt_text} if media.alt_text else {}
    with media.path.open("rb") as handle:
        files = {"file": (media.path.name, handle, media.mime_type)}
        response = api.send("POST", "/api/v2/media", files=files, data=data)
    if response.status_code >= 400:
        raise error_for(response)
    body = response.json()
    media_id = str(body["id"])
    if response.status_code == 200 and _ready(body):
        return media_id
    give_up = clock() + deadline
    while clock() < give_up:
        sleep(interval)
        response = api.send("GET", f"/api/v1/media/{media_id}")
        if response.status_code == 200 and _ready(response.json()):
            return media_id
        if response.status_code not in (200, 206):
            raise error_for(response)
    raise TransportError(
        _(
            "The instance was still processing %(file)s after %(seconds)d seconds; mostra "
            "will try again."
        )
        % {"file": media.path.name, "seconds": deadline},
        code="media_processing",
    )
