"""The ``bluesky_firehose`` kind of source: a workspace reads the network's live stream.

The source is the workspace's opting in: the stream itself is read once for the whole
instance per service (:mod:`mostra.listening.firehose`), and the posts matching the
workspace's queries are stored in it. It is never polled (the kind is ``streamed``):
its health is the stream's (last event, events per day, lag), written by the consumer.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.core.errors import DomainError
from mostra.listening import kinds
from mostra.listening.firehose.ingest import KIND
from mostra.listening.firehose.stream import service_address
from mostra.listening.kinds import Built, Fetched, FetchRequest

#: Bluesky's relay: the whole network's firehose.
DEFAULT_SERVICE = "wss://bsky.network"


def default_service() -> str:
    return str(getattr(settings, "MOSTRA_BLUESKY_FIREHOSE_URL", "") or DEFAULT_SERVICE)


def build_firehose(values: dict[str, str]) -> Built:
    given = (values.get("service") or "").strip() or default_service()
    try:
        url = service_address(given)
    except ValueError:
        raise DomainError(
            _(
                "%(value)s is not a firehose's address: type a relay or a PDS, "
                "e.g. wss://bsky.network."
            )
            % {"value": given},
            field="service",
        ) from None
    return Built(
        url=url,
        name=_("Bluesky firehose (%(service)s)") % {"service": url.split("://", 1)[1]},
        parameters={"service": url},
    )


def fetch_firehose(request: FetchRequest) -> Fetched:
    """Nothing to fetch: the consumer stores the stream's posts as they come."""
    return Fetched(items=[])


kinds.register(
    kinds.SourceKind(
        code=KIND,
        label=gettext_lazy("Bluesky firehose"),
        help=gettext_lazy(
            "Every new Bluesky post, live: those matching the workspace's queries are kept."
        ),
        fields=(
            kinds.Field(
                "service",
                gettext_lazy("Service"),
                gettext_lazy("A relay or a PDS (optional: wss://bsky.network)."),
                required=False,
            ),
        ),
        build=build_firehose,
        fetch=fetch_firehose,
        network="bluesky",
        min_interval=5,
        streamed=True,
    )
)
