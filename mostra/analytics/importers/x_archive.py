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
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from mostra.analytics.importers.base import ImportRefused, ParsedImport, ParsedPost, parse_iso
from mostra.analytics.importers.base import not_an_archive as _not_an_archive
from mostra.analytics.importers.files import read_members
from mostra.core.json_files import UnreadableJSON, read_json

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
    """The JSON after ``window.YTD.… = `` (everything up to the first ``[`` dropped)."""
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


def _superseded(tweets: list[dict[str, Any]]) -> set[str]:
    """Ids of the earlier versions of edited tweets (the last version is kept)."""
    old: set[str] = set()
    for tweet in tweets:
        info = tweet.get("edit_info")
        if not isinstance(info, dict):
            continue
        block = info.get("initial") or (info.get("edit") or {}).get("editControlInitial") or {}
        ids = block.get("editTweetIds") if isinstance(block, dict) else None
        if isinstance(ids, list) and len(ids) > 1:
            old.update(str(i) for i in ids[:-1])
    return old


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
    post.likes = _int(tweet.get("favorite_count"))
    post.reposts = _int(tweet.get("retweet_count"))
    return post


def _section(document: Any, key: str) -> dict[str, Any]:
    """``document[key]`` when both are objects, else {} (a file of another shape)."""
    value = document.get(key) if isinstance(document, dict) else None
    return value if isinstance(value, dict) else {}


def _account(members: dict[str, bytes]) -> dict[str, str]:
    """username, accountId and accountDisplayName from account.js, else manifest.js."""
    for name, data in members.items():
        if ACCOUNT_FILE.search(name):
            payload = _js_payload(data, name)
            if isinstance(payload, list) and payload and isinstance(payload[0], dict):
                account = payload[0].get("account", payload[0])
                username = account.get("username") if isinstance(account, dict) else None
                if username and isinstance(username, str):
                    return account
    for name, data in members.items():
        if MANIFEST_FILE.search(name):
            info = _section(_js_payload(data, name, "{"), "userInfo")
            if info.get("userName") and isinstance(info["userName"], str):
                return {
                    "username": info["userName"],
                    "accountId": str(info.get("accountId") or ""),
                    "accountDisplayName": str(info.get("displayName") or ""),
                }
    return {}


def _archive_date(members: dict[str, bytes]) -> datetime | None:
    for name, data in members.items():
        if MANIFEST_FILE.search(name):
            generated = _section(_js_payload(data, name, "{"), "archiveInfo").get("generationDate")
            if isinstance(generated, str) and generated:
                try:
                    return parse_iso(generated)
                except ValueError:
                    return None
    return None


def parse(path: Path, *, handle: str | None = None, filename: str | None = None) -> ParsedImport:
    """Read an X archive (folder, zip, or a tweets.js file) into a :class:`ParsedImport`.

    Steps:
    1. read tweets*.js / tweet*.js (parts in order), account.js and manifest.js;
    2. the account: account.js (or manifest.js); else ``handle`` is required;
    3. each tweet: unwrap ``{"tweet": …}``, detect retweets and replies, keep the last
       version of an edited tweet.
    """
    found = read_members(path, _wanted, filename=filename)
    members = found.data
    tweet_files = sorted((n for n in members if TWEETS_FILE.search(n)), key=_part_order)
    if not tweet_files and found.container == "file":
        tweet_files = list(members)  # a tweets.js given under another name
    if not tweet_files:
        raise not_an_archive(
            _(
                "it has no data/tweets.js (nor tweet.js). Give the archive's folder, its "
                "zip, or its tweets.js file"
            )
        )
    account = _account(members)
    username = account.get("username") or (handle or "").strip().lstrip("@")
    if not username:
        raise ImportRefused(
            _(
                "This archive does not say whose it is (no data/account.js): give the "
                "account's handle (the --handle option, or the handle field)."
            )
        )
    tweets: list[dict[str, Any]] = []
    for name in tweet_files:
        payload = _js_payload(members.pop(name), name)
        if not isinstance(payload, list):
            raise not_an_archive(_("%(name)s holds no list of tweets") % {"name": name})
        for item in payload:
            tweet = item.get("tweet", item) if isinstance(item, dict) else None
            if not isinstance(tweet, dict):
                raise not_an_archive(
                    _("%(name)s holds something else than tweets") % {"name": name}
                )
            tweets.append(tweet)
    superseded = _superseded(tweets)
    parsed = ParsedImport(
        network="x",
        handle=username,
        display_name=str(account.get("accountDisplayName") or ""),
        external_id=str(account.get("accountId") or ""),
        profile_url=f"https://x.com/{username}",
        metrics_at=_archive_date(members),
    )
    for index, tweet in enumerate(tweets, start=1):
        try:
            post = parse_tweet(tweet, username)
        except (KeyError, ValueError, TypeError) as exc:
            raise not_an_archive(
                _("item %(n)s is not a tweet (no id or date it can read)") % {"n": index}
            ) from exc
        if post.network_id not in superseded:
            parsed.posts.append(post)
    parsed.notices.append(
        _(
            "An X archive gives likes and reposts for each post, but no replies received "
            "and no impressions: the KPIs that need them say so."
        )
    )
    return parsed
