"""The network kinds of source: a Mastodon hashtag, a Mastodon instance's public
timeline, a Bluesky search. Registered in :mod:`mostra.listening.kinds` when the app
starts (:data:`mostra.listening.apps.SOURCE_MODULES`).

A network source keeps its cursor where a feed keeps its ETag (:attr:`Source.etag`, what
to send back next time): the newest Mastodon status id read, or the newest Bluesky
post's time. A Bluesky search goes through the workspace's connected Bluesky account
when there is one (:func:`account_search`). A failure is the listening's
:class:`~mostra.listening.errors.SourceError` with the code the reader gave (a 429's
wait included), so that the Sources page words it and the poller backs off.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.core.errors import DomainError
from mostra.core.http import web_address
from mostra.listening import kinds
from mostra.listening.errors import SourceError
from mostra.listening.kinds import Built, Fetched, FetchRequest
from mostra.listening.networks import bluesky, mastodon
from mostra.listening.networks.calls import Fetched as Read
from mostra.listening.networks.calls import SourceUnavailable

#: The longest Bluesky search kept (the AppView's own limit is larger; a query is short).
MAX_QUERY = 300
YES = {"1", "true", "yes", "oui", "on", "local"}


def _instance(value: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(_("Type the Mastodon instance, e.g. mastodon.social."), field="instance")
    try:
        return mastodon.Timeline(text).base_url
    except ValueError:
        raise DomainError(
            _("%(value)s is not an instance's address: type its name, e.g. mastodon.social.")
            % {"value": text},
            field="instance",
        ) from None


def build_hashtag(values: dict[str, str]) -> Built:
    base = _instance(values.get("instance", ""))
    try:
        tag = mastodon.normalise_hashtag(values.get("hashtag", ""))
    except ValueError:
        raise DomainError(
            _("Type one hashtag, with or without #, without spaces: #vélo."), field="hashtag"
        ) from None
    # Mastodon's hashtags ignore case: #Vélo and #vélo are one source (one address).
    timeline = mastodon.Timeline(base, hashtag=tag.lower())
    return Built(
        url=timeline.base_url + timeline.path,
        name=f"#{tag} ({urlsplit(base).netloc})",
        parameters={"instance": base, "hashtag": tag},
    )


def build_timeline(values: dict[str, str]) -> Built:
    base = _instance(values.get("instance", ""))
    local = (values.get("local") or "").strip().lower() in YES
    host = urlsplit(base).netloc
    return Built(
        url=base + "/api/v1/timelines/public" + ("?local=true" if local else ""),
        name=(_("Local timeline of %(host)s") if local else _("Public timeline of %(host)s"))
        % {"host": host},
        parameters={"instance": base, "local": "true" if local else ""},
    )


def build_search(values: dict[str, str]) -> Built:
    words = " ".join((values.get("q") or "").split())
    if not words:
        raise DomainError(_("Type the words to search for on Bluesky."), field="q")
    if len(words) > MAX_QUERY:
        raise DomainError(
            _("Keep the search to %(max)s characters at most.") % {"max": MAX_QUERY}, field="q"
        )
    lang = (values.get("lang") or "").strip().lower()
    if lang and not (len(lang) == 2 and lang.isalpha()):
        raise DomainError(_("Type the language as two letters: fr, en."), field="lang")
    appview = (values.get("appview") or "").strip()
    if appview:
        try:
            url = web_address(appview)
        except ValueError:
            raise DomainError(
                _("%(value)s is not an AppView's address: type one like https://api.example.org.")
                % {"value": appview},
                field="appview",
            ) from None
        appview = f"{url.scheme}://{url.netloc.decode('ascii')}"
    search = bluesky.Search(words, lang=lang or None, appview=appview or None)
    query = {"q": words, **({"lang": lang} if lang else {})}
    return Built(
        url=f"{search.base_url}/xrpc/app.bsky.feed.searchPosts?{urlencode(query)}",
        name=_("Bluesky: %(words)s") % {"words": words},
        parameters={"q": words, "lang": lang, "appview": appview},
    )


def _reading(read: Callable[[], Read]) -> Fetched:
    try:
        fetched = read()
    except SourceUnavailable as exc:
        raise SourceError(exc.code, retry_after=exc.retry_after, **exc.params) from exc
    return Fetched(items=fetched.items, etag=fetched.cursor or "")


def fetch_hashtag(request: FetchRequest) -> Fetched:
    given = request.source.parameters
    timeline = mastodon.Timeline(given["instance"], hashtag=given["hashtag"])
    return _reading(
        lambda: mastodon.fetch_timeline(
            timeline, request.source.etag or None, client=request.client
        )
    )


def fetch_timeline(request: FetchRequest) -> Fetched:
    given = request.source.parameters
    timeline = mastodon.Timeline(given["instance"], local=given.get("local") == "true")
    return _reading(
        lambda: mastodon.fetch_timeline(
            timeline, request.source.etag or None, client=request.client
        )
    )


def fetch_search(request: FetchRequest) -> Fetched:
    """Through the workspace's connected Bluesky account when it has one and the source
    names no AppView (Bluesky's own AppView refuses most anonymous searches), else
    anonymously from the AppView."""
    given = request.source.parameters
    search = bluesky.Search(
        given["q"], lang=given.get("lang") or None, appview=given.get("appview") or None
    )
    query = None if search.appview else account_search(request)
    return _reading(
        lambda: bluesky.search_posts(
            search, request.source.etag or None, client=request.client, query=query
        )
    )


def account_search(request: FetchRequest) -> Callable[[dict[str, Any]], Any] | None:
    """``searchPosts`` through the workspace's first connected Bluesky account (its PDS
    passes the call to its AppView, as for the Bluesky app), or None when it has none."""
    from mostra.integrations.base import TransportError, integration_for
    from mostra.publishing.models import AccountStatus, SocialAccount

    account = (
        SocialAccount.objects.filter(
            workspace_id=request.source.workspace_id,
            network="bluesky",
            status=AccountStatus.CONNECTED,
            by_hand=False,
        )
        .order_by("pk")
        .first()
    )
    if account is None:
        return None
    integration: Any = integration_for(account, request.client)

    def query(params: dict[str, Any]) -> Any:
        try:
            return integration.session.query("app.bsky.feed.searchPosts", **params)
        except TransportError as exc:
            status = exc.http_status or 0
            code = {"rate_limited": "rate_limited", "server_error": "server_error"}.get(
                exc.code, "refused" if status in (401, 403) or exc.permanent else "unreachable"
            )
            details = {"status": status} if code != "unreachable" else {"detail": exc.message}
            raise SourceUnavailable(
                _("Searching through @%(handle)s: %(problem)s")
                % {"handle": account.handle, "problem": exc.message},
                code=code,
                retry_after=round(exc.retry_after) if exc.retry_after is not None else None,
                **details,
            ) from exc

    return query


INSTANCE = kinds.Field(
    "instance", gettext_lazy("Instance"), gettext_lazy("The Mastodon server, e.g. mastodon.social.")
)

kinds.register(
    kinds.SourceKind(
        code="mastodon_hashtag",
        label=gettext_lazy("Mastodon hashtag"),
        help=gettext_lazy("Public posts with a hashtag, as one Mastodon instance knows them."),
        fields=(INSTANCE, kinds.Field("hashtag", gettext_lazy("Hashtag"), "#vélo")),
        build=build_hashtag,
        fetch=fetch_hashtag,
        network="mastodon",
    )
)
kinds.register(
    kinds.SourceKind(
        code="mastodon_timeline",
        label=gettext_lazy("Mastodon public timeline"),
        help=gettext_lazy(
            "Every public post one Mastodon instance knows, or only its own members' (local)."
        ),
        fields=(
            INSTANCE,
            kinds.Field(
                "local",
                gettext_lazy("Local only"),
                gettext_lazy("yes: only the posts of the instance's own members."),
                required=False,
            ),
        ),
        build=build_timeline,
        fetch=fetch_timeline,
        network="mastodon",
    )
)
kinds.register(
    kinds.SourceKind(
        code="bluesky_search",
        label=gettext_lazy("Bluesky search"),
        help=gettext_lazy(
            "Bluesky posts with these words, searched through the workspace's connected "
            "Bluesky account (or an AppView's public search)."
        ),
        fields=(
            kinds.Field("q", gettext_lazy("Search words"), gettext_lazy('e.g. "atelier vélo"')),
            kinds.Field(
                "lang", gettext_lazy("Language"), gettext_lazy("fr, en… (optional)"), required=False
            ),
            kinds.Field(
                "appview",
                gettext_lazy("AppView"),
                gettext_lazy("Another AppView than mostra's (optional)."),
                required=False,
            ),
        ),
        build=build_search,
        fetch=fetch_search,
        network="bluesky",
    )
)
