"""A Bluesky repository exported by the real PDS (``com.atproto.sync.getRepo``, what
"Export my data" downloads) imports as the account's posts, replies and reposts: the
importer walks a CAR and a Merkle search tree the server built, not only hand-made ones.
Needs the local PDS of tests/peers/bluesky (skipped without it, failing in CI)."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from mostra.analytics.importers import run_import
from mostra.analytics.models import AccountPost, PostKind
from tests.peers.bluesky import bluesky_pds  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")


def test_a_repository_exported_by_the_pds_imports_its_posts(bluesky_pds, workspace, tmp_path):  # noqa: F811
    author = bluesky_pds.new_account("atelier")
    other = bluesky_pds.new_account("voisin")
    post = {"$type": "app.bsky.feed.post", "createdAt": now(), "langs": ["fr"]}
    first = bluesky_pds.write(author, "app.bsky.feed.post", {**post, "text": "Atelier ouvert !"})
    theirs = bluesky_pds.write(other, "app.bsky.feed.post", {**post, "text": "Bourse aux vélos"})
    ref = {"uri": first["uri"], "cid": first["cid"]}
    bluesky_pds.write(
        author,
        "app.bsky.feed.post",
        {**post, "text": "Et samedi aussi.", "reply": {"root": ref, "parent": ref}},
    )
    subject = {"uri": theirs["uri"], "cid": theirs["cid"]}
    bluesky_pds.write(author, "app.bsky.feed.repost", {"subject": subject, "createdAt": now()})
    bluesky_pds.write(author, "app.bsky.feed.like", {"subject": subject, "createdAt": now()})

    response = httpx.get(
        bluesky_pds.xrpc("com.atproto.sync.getRepo"), params={"did": author.did}, timeout=30
    )
    assert response.status_code == 200
    car = tmp_path / "repo.car"
    car.write_bytes(response.content)

    result = run_import(workspace, "bluesky-car", car, handle=author.handle)
    assert (result.counts["originals"], result.counts["replies"], result.counts["reposts"]) == (
        1,
        1,
        1,
    )
    rows = {p.kind: p for p in AccountPost.objects.filter(account__workspace=workspace)}
    assert rows[PostKind.ORIGINAL].text == "Atelier ouvert !"
    assert rows[PostKind.ORIGINAL].network_id == first["uri"]
    assert rows[PostKind.REPOST].target_id == theirs["uri"]
    # a repository holds no counts received: unknown, never 0
    assert rows[PostKind.ORIGINAL].likes is None
    # importing the same export again changes nothing
    again = run_import(workspace, "bluesky-car", car, handle=author.handle)
    assert again.counts["new"] == 0 and AccountPost.objects.count() == 3
