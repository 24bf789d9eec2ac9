"""The X (Twitter) archive: ``data/tweets.js`` and its parts, or older archives' ``tweet.js``.

What the archive holds (see docs/imports.md): every tweet of the account as
``window.YTD.tweets.part0 = [ {"tweet": {...}}, … ]`` (older archives: ``tweet.js``,
objects not wrapped), large archives continuing in ``tweets-part1.js``…; the counts as
strings; the account in ``data/account.js``. What it does not hold, and mostra therefore
leaves empty (None, never 0): replies received, quotes, impressions.

* A retweet has no flag of its own: its text starts with ``RT @user:``. Its counts are
  the original tweet's, not the account's: stored as None.
* A reply has ``in_reply_to_status_id``; replies in the account's own threads count too.
* An edited tweet appears once per version: only the last version is kept.
* ``follower.js`` lists followers today, with no date: it is not a dated follower count
  and is not imported.

The tweets are read as a stream (:class:`mostra.core.json_files.StreamedArray`), one at
a time, as the store asks for them: an archive of gigabytes takes a few tens of
megabytes of memory (docs/performance.md, bench/import_memory.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from mostra.analytics.importers.base import ImportRefused, ParsedImport, ParsedPost, parse_iso
from mostra.analytics.importers.base import not_an_archive as _not_an_archive
from mostra.analytics.importers.files import Archive, open_archive
from mostra.analytics.importers.formats import x_format
from mostra.core.json_files import NoArray, StreamedArray, UnreadableJSON, read_json

#: tweets.js, tweets-part1.js…, and older archives' tweet.js, tweet-part1.js…
TWEETS_FILE = re.compile(r"(?:^|/)tweets?(?:-part(\d+))?\.js$")
ACCOUNT_FILE = re.compile(r"(?:^|/)account\.js$")
MANIFEST_FILE = re.compile(r"(?:^|/)manifest\.js$")

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    )
}


def _wanted(name: str) -> bool:
    return bool(TWEETS_FILE.search(name) or ACCOUNT_FILE.search(name) or MANIFEST_FILE.search(name))


def not_an_archive(what: str) -> ImportRefused:
    return _not_an_archive(_("an X archive"), what)


def parse_created_at(value: str) -> datetime:
    """``Wed Aug 29 20:21:02 +0000 2018`` as an aware UTC datetime (fast path, then strptime)."""
    parts = value.split(" ")
    if len(parts) == 6 and parts[4] == "+0000" and parts[1] in MONTHS:
        hour, minute, second = parts[3].split(":")
        return datetime(
            int(parts[5]),
            MONTHS[parts[1]],
            int(parts[2]),
            int(hour),
            int(minute),
            int(second),
            tzinfo=UTC,
        )
    try:
        return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y").astimezone(UTC)
    except ValueError:
        return parse_iso(value)


def _js_payload(data: bytes, name: str, opener: str = "[") -> Any:
    """The JSON after ``window.YTD.… = `` (everything up to the first ``[`` dropped):
    the small files (account.js, manifest.js), read whole."""
    text = data.decode("utf-8-sig", errors="strict")
    start = text.find(opener)
    if start < 0:
        raise not_an_archive(_("%(name)s holds no list of tweets") % {"name": name})
    try:
        return read_json(text[start:].rstrip().rstrip(";"), name)
    except UnreadableJSON as exc:
        raise not_an_archive(exc.message) from exc


def _part_order(name: str) -> tuple[int, str]:
    match = TWEETS_FILE.search(name)
    return (int(match.group(1) or 0) if match else 0, name)


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _earlier_versions(tweet: dict[str, Any]) -> list[str]:
    """Ids of the earlier versions of an edited tweet, as the tweet lists them (each
    version lists them all; the last version is kept)."""
    info = tweet.get("edit_info")
    if not isinstance(info, dict):
        return []
    block = info.get("initial") or (info.get("edit") or {}).get("editControlInitial") or {}
    ids = block.get("editTweetIds") if isinstance(block, dict) else None
    if isinstance(ids, list) and len(ids) > 1:
        return [str(i) for i in ids[:-1]]
    return []


def parse_tweet(tweet: dict[str, Any], handle: str) -> ParsedPost:
    """One tweet object as a post; KeyError/ValueError when it is not a tweet."""
    tweet_id = str(tweet.get("id_str") or tweet["id"])
    text = tweet.get("full_text") or tweet.get("text") or ""
    published = parse_created_at(tweet["created_at"])
    language = tweet.get("lang") or ""
    post = ParsedPost(
        network_id=tweet_id,
        kind="original",
        published_at=published,
        text=text,
        url=f"https://x.com/{handle}/status/{tweet_id}" if handle else "",
        language="" if language == "und" else language,
    )
    if text.startswith("RT @"):
        post.kind = "repost"
        post.target_id = tweet.get("retweeted_status_id_str") or ""
        return post
    reply_to = tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id")
    if reply_to:
        post.kind = "reply"
        post.target_id = str(reply_to)
    post.format = x_format(tweet)
    post.likes = _int(tweet.get("favorite_count"))
    post.reposts = _int(tweet.get("retweet_count"))
    return post


def _section(document: Any, key: str) -> dict[str, Any]:
    """``document[key]`` when both are objects, else {} (a file of another shape)."""
    value = document.get(key) if isinstance(document, dict) else None
    return value if isinstance(value, dict) else {}


def _account(archive: Archive, names: list[str]) -> dict[str, str]:
    """username, accountId and accountDisplayName from account.js, else manifest.js."""
    for name in names:
        if ACCOUNT_FILE.search(name):
            payload = _js_payload(archive.read(name), name)
            if isinstance(payload, list) and payload and isinstance(payload[0], dict):
                account = payload[0].get("account", payload[0])
                username = account.get("username") if isinstance(account, dict) else None
                if username and isinstance(username, str):
                    return account
    for name in names:
        if MANIFEST_FILE.search(name):
            info = _section(_js_payload(archive.read(name), name, "{"), "userInfo")
            if info.get("userName") and isinstance(info["userName"], str):
                return {
                    "username": info["userName"],
                    "accountId": str(info.get("accountId") or ""),
                    "accountDisplayName": str(info.get("displayName") or ""),
                }
    return {}


def _archive_date(archive: Archive, names: list[str]) -> datetime | None:
    for name in names:
        if MANIFEST_FILE.search(name):
            manifest = _js_payload(archive.read(name), name, "{")
            generated = _section(manifest, "archiveInfo").get("generationDate")
            if isinstance(generated, str) and generated:
                try:
                    return parse_iso(generated)
                except ValueError:
                    return None
    return None


def _tweets(archive: Archive, tweet_files: list[str], username: str) -> Iterator[ParsedPost]:
    """The posts of the tweet files, in order, read one tweet at a time.

    Steps, per tweet: unwrap ``{"tweet": …}``; note the earlier versions it names (an
    edited tweet); read it as a post; skip it when it is an earlier version.
    """
    earlier: set[str] = set()
    index = 0
    for name in tweet_files:
        with archive.open(name) as stream:
            try:
                for item in StreamedArray(stream, name):
                    index += 1
                    tweet = item.get("tweet", item) if isinstance(item, dict) else None
                    if not isinstance(tweet, dict):
                        raise not_an_archive(
                            _("%(name)s holds something else than tweets") % {"name": name}
                        )
                    earlier.update(_earlier_versions(tweet))
                    try:
                        post = parse_tweet(tweet, username)
                    except (KeyError, ValueError, TypeError) as exc:
                        raise not_an_archive(
                            _("item %(n)s is not a tweet (no id or date it can read)")
                            % {"n": index}
                        ) from exc
                    if post.network_id not in earlier:
                        yield post
            except NoArray as exc:
                raise not_an_archive(
                    _("%(name)s holds no list of tweets") % {"name": name}
                ) from exc
            except UnreadableJSON as exc:
                raise not_an_archive(exc.message) from exc


def parse(path: Path, *, handle: str | None = None, filename: str | None = None) -> ParsedImport:
    """Open an X archive (folder, zip, or a tweets.js file) as a :class:`ParsedImport`
    whose posts are read as they are stored.

    Steps:
    1. list the archive; find tweets*.js / tweet*.js (parts in order), account.js and
       manifest.js;
    2. the account: account.js (or manifest.js); else ``handle`` is required;
    3. the posts, as a stream (:func:`_tweets`): each tweet unwrapped, retweets and
       replies told apart, only the last version of an edited tweet kept.
    """
    archive = open_archive(path, keep=_wanted, filename=filename)
    parsed = ParsedImport(network="x", handle="")
    parsed.resources.callback(archive.close)
    try:
        names = archive.names
        tweet_files = sorted((n for n in names if TWEETS_FILE.search(n)), key=_part_order)
        if not tweet_files and archive.container == "file":
            tweet_files = list(names)  # a tweets.js given under another name
        if not tweet_files:
            raise not_an_archive(
                _(
                    "it has no data/tweets.js (nor tweet.js). Give the archive's folder, its "
                    "zip, or its tweets.js file"
                )
            )
        others = [n for n in names if n not in tweet_files]
        account = _account(archive, others)
        username = account.get("username") or (handle or "").strip().lstrip("@")
        if not username:
            raise ImportRefused(
                _(
                    "This archive does not say whose it is (no data/account.js): give the "
                    "account's handle (the --handle option, or the handle field)."
                )
            )
        parsed.handle = username
        parsed.display_name = str(account.get("accountDisplayName") or "")
        parsed.external_id = str(account.get("accountId") or "")
        parsed.profile_url = f"https://x.com/{username}"
        parsed.metrics_at = _archive_date(archive, others)
    except BaseException:
        parsed.close()
        raise
    parsed.posts = _tweets(archive, tweet_files, username)
    parsed.notices.append(
        _(
            "An X archive gives likes and reposts for each post, but no replies received "
            "and no impressions: the KPIs that need them say so."
        )
    )
    return parsed
