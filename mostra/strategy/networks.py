"""The networks mostra knows, each declared once: the one place to add or change one.

Every other module reads its network facts from here (a test, ``tests/strategy/
test_networks_registry.py``, fails when another module holds a literal list of network
codes). A network is a frozen :class:`Network`: its code (what strategy files, posts and
accounts store), its name, its short mark and colour, how mostra publishes to it (through
its API, or by hand), its feed's "see more" fold, its composer and post addresses, and
what mostra can read from it. Its per-post limits (text, counting, media) are versioned
data with their sources, ``mostra/charter/data/network_limits.yaml``, read through
:func:`mostra.charter.limits.limits_for` (the charter's layer), keyed by these codes.

The order of :data:`NETWORKS` is the one pages show. Adding a network is backwards
compatible; renaming a code is not (files travel between installs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: How an account of a network is connected for publishing through its API: a form
#: (handle and app password, or an instance's address) or an OAuth provider's consent.
Connect = Literal["", "form", "oauth"]


@dataclass(frozen=True)
class PostUrlShape:
    """The addresses of one network's posts: a regular expression whose ``id`` group is
    the post's id on the network (what its analytics exports name it), and an example
    for the message that refuses another address."""

    pattern: str
    example: str


@dataclass(frozen=True)
class ApiCalls:
    """What one publication asks of the network's API, at most (see its integration's
    ``publish``): the publication's lease is computed from it
    (:mod:`mostra.publishing.services.leases`)."""

    #: Requests made once: a token refreshed, the account read back before a retry.
    once: int = 2
    #: Requests per post sent (the post, each further post of a thread, the first comment).
    per_part: int = 1
    #: Seconds the network may keep each part waiting (polling a container).
    part_wait: float = 0.0
    #: Requests per image or video (the upload, its alternative text).
    per_medium: int = 2
    #: Seconds the network may keep each medium processing.
    medium_wait: float = 0.0
    #: Seconds of waiting of the publication as a whole (a link's preview fetched).
    extra_wait: float = 0.0
    #: Whether each @mention of the text costs a request (resolving the handle).
    mentions: bool = False


@dataclass(frozen=True)
class Network:
    """One network and what mostra knows of it."""

    code: str
    #: The network's name (a brand: not translated).
    label: str
    #: The short mark on calendar chips (the full name is in their title).
    mark: str
    #: A colour close to its brand, readable with white text (charts, chips).
    colour: str
    #: Other names it goes by in data (survey files, utm_source values).
    aliases: tuple[str, ...] = ()
    #: How an account is connected to publish through the API ("": by hand only).
    connect: Connect = ""
    #: The OAuth provider that connects it (``connect == "oauth"``): one provider may
    #: serve several networks (Meta: Facebook and Instagram).
    oauth_provider: str = ""
    #: What to say when the provider's consent gave access to no account.
    no_account: Promise | None = None
    #: What one publication asks of its API (None: the default, :class:`ApiCalls`).
    api_calls: ApiCalls | None = None
    #: Whether mostra publishes a long text as a thread of posts.
    threads: bool = False
    #: Whether the text limit is the account's server's own (Mastodon instances).
    text_limit_per_instance: bool = False
    #: Where its feed folds a long text behind "see more" (graphemes; None: never).
    see_more: int | None = None
    #: Whether a post with media carries no link card (the link is only in the text).
    link_dropped_with_media: bool = False
    #: Where a person publishes by hand: its composer, or its app's site.
    composer_url: str = ""
    #: Its posts' addresses (None: any https:// address is accepted).
    post_url: PostUrlShape | None = None
    #: Whether a public profile's posts and counts can be read without an account.
    public_profile: bool = False
    #: The hosts of its post links when its page analytics export can be imported
    #: (empty: no such export is read).
    export_hosts: tuple[str, ...] = field(default=())

    @property
    def publishes_by_api(self) -> bool:
        """Whether mostra can publish to it itself (else it is published by hand)."""
        return bool(self.connect)


_WWW = r"https://(?:[a-z0-9-]+\.)?"

_ALL = (
    Network(
        "facebook",
        "Facebook",
        mark="f",
        colour="#1877f2",
        aliases=("fb",),
        connect="oauth",
        oauth_provider="meta",
        no_account=_(
            "Your Facebook account manages no Page that mostra may publish to: choose at "
            "least one Page when Facebook asks."
        ),
        # Read back (1) and the post's permalink (1); each post or comment (1); each photo (1).
        api_calls=ApiCalls(once=2, per_part=1, per_medium=1),
        see_more=480,
        composer_url="https://www.facebook.com/",
        post_url=PostUrlShape(
            _WWW + r"(?:facebook\.com|fb\.com|fb\.watch)/(?P<path>[^?#\s]+)",
            "https://www.facebook.com/fromagerie/posts/pfbid02Xy…",
        ),
        export_hosts=("facebook.com", "fb.com", "fb.watch"),
    ),
    Network(
        "instagram",
        "Instagram",
        mark="IG",
        colour="#c13584",
        connect="oauth",
        oauth_provider="meta",
        no_account=_(
            "No Instagram professional account was found: Instagram publishing needs a "
            "business or creator account linked to a Facebook Page you manage."
        ),
        # Read back, the daily quota, the container, 20 polls 3 s apart and media_publish
        # (24, 57 s); the permalink and the first comment (1 per part); a carousel's child
        # container per image (1).
        api_calls=ApiCalls(once=24, per_part=1, per_medium=1, extra_wait=57.0),
        see_more=125,
        composer_url="https://www.instagram.com/",
        post_url=PostUrlShape(
            _WWW + r"instagram\.com/(?:[A-Za-z0-9_.]+/)?(?:p|reel|reels|tv)/"
            r"(?P<id>[A-Za-z0-9_-]+)/?",
            "https://www.instagram.com/p/C8xYz12AbCd/",
        ),
        export_hosts=("instagram.com",),
    ),
    Network(
        "linkedin",
        "LinkedIn",
        mark="in",
        colour="#0a66c2",
        connect="oauth",
        oauth_provider="linkedin",
        no_account=_("LinkedIn gave access to no member or page."),
        api_calls=ApiCalls(once=2, per_part=1, per_medium=2),
        see_more=210,
        composer_url="https://www.linkedin.com/feed/?shareActive=true",
        post_url=PostUrlShape(
            _WWW + r"linkedin\.com/(?:feed/update/(?P<id>urn:li:[A-Za-z]+:\d+)/?"
            r"|posts/(?P<slug>[A-Za-z0-9_%.-]+)/?)",
            "https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/",
        ),
        export_hosts=("linkedin.com", "lnkd.in"),
    ),
    Network(
        "x",
        "X (Twitter)",
        mark="X",
        colour="#14171a",
        aliases=("twitter",),
        connect="oauth",
        oauth_provider="x",
        # A token refreshed and the account read back (2); each post (1); an image and its
        # alternative text (2).
        api_calls=ApiCalls(once=2, per_part=1, per_medium=2),
        threads=True,
        composer_url="https://x.com/compose/post",
        post_url=PostUrlShape(
            r"https://(?:www\.|mobile\.)?(?:x|twitter)\.com/[A-Za-z0-9_]{1,15}/status/(?P<id>\d+)/?",
            "https://x.com/fromagerie/status/1801234567890123456",
        ),
    ),
    Network(
        "youtube",
        "YouTube",
        mark="YT",
        colour="#d60000",
        composer_url="https://studio.youtube.com/",
        post_url=PostUrlShape(
            r"https://(?:(?:www\.|m\.)?youtube\.com/(?:watch\?v=|shorts/|live/)|youtu\.be/)"
            r"(?P<id>[A-Za-z0-9_-]{6,})/?",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
    ),
    Network(
        "tiktok",
        "TikTok",
        mark="TT",
        colour="#00a5a8",
        composer_url="https://www.tiktok.com/upload",
        post_url=PostUrlShape(
            _WWW + r"tiktok\.com/@[A-Za-z0-9_.]+/(?:video|photo)/(?P<id>\d+)/?",
            "https://www.tiktok.com/@fromagerie/video/7381234567890123456",
        ),
    ),
    Network(
        "snapchat",
        "Snapchat",
        mark="SC",
        colour="#b8a800",
        composer_url="https://www.snapchat.com/",
    ),
    Network(
        "pinterest",
        "Pinterest",
        mark="P",
        colour="#e60023",
        composer_url="https://www.pinterest.com/pin-builder/",
        post_url=PostUrlShape(
            _WWW + r"pinterest\.[a-z.]+/pin/(?P<id>[A-Za-z0-9_-]+)/?",
            "https://www.pinterest.com/pin/123456789012345678/",
        ),
    ),
    Network(
        "threads",
        "Threads",
        mark="@",
        colour="#3d3d3d",
        connect="oauth",
        oauth_provider="threads",
        # Read back (1); each post is a container, 20 polls 3 s apart and a publish (22, 57 s).
        api_calls=ApiCalls(once=1, per_part=22, part_wait=57.0, per_medium=1),
        threads=True,
        composer_url="https://www.threads.net/",
        post_url=PostUrlShape(
            _WWW + r"threads\.(?:net|com)/@[A-Za-z0-9_.]+/post/(?P<id>[A-Za-z0-9_-]+)/?",
            "https://www.threads.net/@fromagerie/post/C8xYz12AbCd",
        ),
    ),
    Network(
        "bluesky",
        "Bluesky",
        mark="BS",
        colour="#0085ff",
        connect="form",
        # Session refreshed or opened again (2), the record read back (1); each part
        # written, and read back on a conflict (2); each image or video uploaded (1); the
        # link card's page read within its own 3 + 5 s; each @handle resolved.
        api_calls=ApiCalls(once=3, per_part=2, per_medium=1, extra_wait=8.0, mentions=True),
        threads=True,
        # Bluesky embeds either the images or the link card
        # (:mod:`mostra.integrations.bluesky.integration`).
        link_dropped_with_media=True,
        composer_url="https://bsky.app/",
        post_url=PostUrlShape(
            r"https://bsky\.app/profile/[A-Za-z0-9_.:-]+/post/(?P<id>[a-z0-9]+)/?",
            "https://bsky.app/profile/fromagerie.bsky.social/post/3kxyz2abcde2f",
        ),
        public_profile=True,
    ),
    Network(
        "mastodon",
        "Mastodon",
        mark="M",
        colour="#6364ff",
        connect="form",
        # The statuses read back when the idempotency key may be forgotten (1); each status
        # (1); each medium uploaded (1), then polled for at most 120 s, one more poll and 1 s.
        api_calls=ApiCalls(once=1, per_part=1, per_medium=2, medium_wait=121.0),
        threads=True,
        text_limit_per_instance=True,
        post_url=PostUrlShape(
            r"https://[A-Za-z0-9.-]+/@[A-Za-z0-9_]+(?:@[A-Za-z0-9.-]+)?/(?P<id>\d+)/?",
            "https://mastodon.social/@fromagerie/112233445566778899",
        ),
        public_profile=True,
    ),
    Network(
        "reddit",
        "Reddit",
        mark="R",
        colour="#ff4500",
        composer_url="https://www.reddit.com/submit",
        post_url=PostUrlShape(
            _WWW + r"reddit\.com/r/[A-Za-z0-9_]+/comments/(?P<id>[a-z0-9]+)(?:/[^?#\s]*)?",
            "https://www.reddit.com/r/cheese/comments/1abcde/our_new_tomme/",
        ),
    ),
    Network(
        "whatsapp",
        "WhatsApp",
        mark="WA",
        colour="#1da851",
        composer_url="https://web.whatsapp.com/",
    ),
    Network(
        "dailymotion",
        "Dailymotion",
        mark="DM",
        colour="#0066dc",
        composer_url="https://www.dailymotion.com/partner/",
    ),
    Network(
        "viadeo",
        "Viadeo",
        mark="V",
        colour="#e0602b",
    ),
)

#: Every network, by code, in the order pages show.
NETWORKS: dict[str, Network] = {n.code: n for n in _ALL}
#: The classic either-or choices the method asks a team to settle with data, in the
#: order the affinity page weighs them.
ALTERNATIVES: tuple[tuple[str, str], ...] = (
    ("dailymotion", "youtube"),
    ("viadeo", "linkedin"),
    ("instagram", "snapchat"),
)
#: The colour of a network mostra does not know (a test's, an old file's).
DEFAULT_COLOUR = "#5b6476"
#: The mark of a network mostra does not know.
DEFAULT_MARK = "·"
#: What a publication asks of an API whose network declares nothing.
DEFAULT_API_CALLS = ApiCalls()


#: Each network's public profile address from a handle (without its leading @). A
#: Mastodon profile is on its account's instance (``profile_address`` in publishing).
PROFILE_URLS: dict[str, str] = {
    "bluesky": "https://bsky.app/profile/{handle}",
    "x": "https://x.com/{handle}",
    "instagram": "https://www.instagram.com/{handle}/",
    "threads": "https://www.threads.net/@{handle}",
    "tiktok": "https://www.tiktok.com/@{handle}",
    "youtube": "https://www.youtube.com/@{handle}",
    "facebook": "https://www.facebook.com/{handle}",
    "pinterest": "https://www.pinterest.com/{handle}/",
    "linkedin": "https://www.linkedin.com/company/{handle}/",
    "reddit": "https://www.reddit.com/user/{handle}",
}
#: The networks whose handles are written with a leading @ (on print, in snippets).
AT_HANDLES = frozenset({"bluesky", "mastodon", "x", "instagram", "threads", "tiktok"})
#: The networks mostra answers conversations on (replies from the inbox).
REPLIES = ("bluesky", "mastodon")


def get(code: str) -> Network | None:
    """The network of ``code``, or None when mostra does not know it."""
    return NETWORKS.get(code)


def label(code: str) -> str:
    """The network's name; an unknown code is shown as it is."""
    network = NETWORKS.get(code)
    return network.label if network else code


def colour(code: str) -> str:
    network = NETWORKS.get(code)
    return network.colour if network else DEFAULT_COLOUR


def mark(code: str) -> str:
    network = NETWORKS.get(code)
    return network.mark if network else DEFAULT_MARK


def where(**facts: object) -> tuple[str, ...]:
    """The codes of the networks whose attributes have these values, in order:
    ``where(connect="oauth")``, ``where(public_profile=True)``."""
    return tuple(
        n.code for n in _ALL if all(getattr(n, name) == value for name, value in facts.items())
    )


def having(attribute: str) -> tuple[str, ...]:
    """The codes of the networks whose ``attribute`` is set (true, non-empty), in order."""
    return tuple(n.code for n in _ALL if getattr(n, attribute))


def all_networks() -> Iterator[Network]:
    """Every network, in the order pages show."""
    return iter(_ALL)
