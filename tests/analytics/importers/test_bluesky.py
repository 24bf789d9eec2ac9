"""The Bluesky repository (CAR): posts, replies, reposts, likes given; no counts received."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mostra.analytics.importers import ImportRefused, bluesky, run_import
from mostra.analytics.models import AccountPost
from tests.analytics.fixtures.builders import build_car
from tests.analytics.importers.conftest import rows

DID = "did:plc:fromagerie123"
POST = "app.bsky.feed.post"
OTHER = "at://did:plc:voisin/app.bsky.feed.post/3kvoisin"


def records():
    like = {"subject": {"uri": OTHER}, "createdAt": "2026-02-03T11:00:00Z"}
    follow = {"subject": "did:plc:voisin", "createdAt": "2026-01-01T00:00:00Z"}
    reply = {"root": {"uri": OTHER, "cid": "x"}, "parent": {"uri": OTHER, "cid": "x"}}
    return [
        (POST, "3kaaa1", {"$type": POST, "text": "Le comté 24 mois est de retour !",
                          "createdAt": "2026-02-01T09:00:00.000Z", "langs": ["fr"]}),
        (POST, "3kaaa2", {"$type": POST, "text": "Thanks, see you Sunday!",
                          "createdAt": "2026-02-02T10:00:00Z", "langs": ["en"], "reply": reply}),
        ("app.bsky.feed.repost", "3kaab1", {"$type": "app.bsky.feed.repost",
                                            "subject": {"uri": OTHER, "cid": "x"},
                                            "createdAt": "2026-02-03T11:00:00Z"}),
        ("app.bsky.feed.like", "3kaac1", like),
        ("app.bsky.feed.like", "3kaac2", like),
        ("app.bsky.graph.follow", "3kaad1", follow),
        ("app.bsky.actor.profile", "self", {"displayName": "Fromagerie du Lac"}),
    ]  # fmt: skip


@pytest.fixture
def car(tmp_path):
    path = tmp_path / "repo.car"
    path.write_bytes(build_car(DID, records()))
    return path


def test_posts_replies_reposts_from_the_tree_and_no_counts(workspace, car):
    result = run_import(workspace, "bluesky-car", car, handle="@Fromagerie.bsky.social")
    account = result.account
    assert (account.handle, account.external_id, account.display_name) == (
        "fromagerie.bsky.social", DID, "Fromagerie du Lac",
    )  # fmt: skip
    posts = {p.network_id: p for p in AccountPost.objects.filter(account=account)}
    assert sorted(posts) == [
        f"at://{DID}/app.bsky.feed.post/3kaaa1",
        f"at://{DID}/app.bsky.feed.post/3kaaa2",
        f"at://{DID}/app.bsky.feed.repost/3kaab1",
    ]
    first = posts[f"at://{DID}/app.bsky.feed.post/3kaaa1"]
    assert first.kind == "original" and first.language == "fr"
    assert first.published_at == datetime(2026, 2, 1, 9, tzinfo=UTC)
    assert first.url == "https://bsky.app/profile/fromagerie.bsky.social/post/3kaaa1"
    reply = posts[f"at://{DID}/app.bsky.feed.post/3kaaa2"]
    assert (reply.kind, reply.target_id) == ("reply", OTHER)
    assert posts[f"at://{DID}/app.bsky.feed.repost/3kaab1"].kind == "repost"
    for post in posts.values():
        assert (post.likes, post.reposts, post.replies) == (None, None, None)
    assert result.counts["likes_given"] == 2
    assert bluesky.no_counts_notice() in result.notices


def test_keys_rebuilt_from_prefix_compression(car):
    import libipld

    header, blocks = libipld.decode_car(car.read_bytes())
    commit = blocks[header["roots"][0]]
    node = blocks[commit["data"]]
    assert any(entry["p"] > 0 for entry in node["e"])  # the test exercises the prefixes
    keys = [key for key, _cid in bluesky.walk(blocks, commit["data"])]
    assert keys == sorted(f"{c}/{r}" for c, r, _rec in records())


def test_idempotent_and_found_again_by_did(workspace, car):
    run_import(workspace, "bluesky-car", car, handle="fromagerie.bsky.social")
    again = run_import(workspace, "bluesky-car", car, handle="fromagerie.bsky.social")
    assert (again.counts["new"], again.counts["unchanged"]) == (0, 3)
    assert AccountPost.objects.count() == 3


def test_handle_required_and_other_files_refused(workspace, car, tmp_path):
    before = rows()
    with pytest.raises(ImportRefused, match=DID):
        run_import(workspace, "bluesky-car", car)
    junk = tmp_path / "repo.car"
    junk.write_bytes(b"\x0a" + b"not a car file at all")
    with pytest.raises(ImportRefused, match="not a Bluesky repository"):
        run_import(workspace, "bluesky-car", junk, handle="x.bsky.social")
    truncated = tmp_path / "cut.car"
    truncated.write_bytes(car.read_bytes()[:-40])
    with pytest.raises(ImportRefused, match="Bluesky"):
        run_import(workspace, "bluesky-car", truncated, handle="x.bsky.social")
    assert rows() == before


def test_a_tree_of_several_levels_is_walked_in_key_order(workspace, tmp_path):
    """A real repository's tree has levels: left subtrees (``l``) and right ones (``t``)."""
    import libipld

    from tests.analytics.fixtures.builders import car_bytes, cid_of

    blocks: list[tuple[bytes, bytes]] = []

    def block(value) -> bytes:
        data = libipld.encode_dag_cbor(value)
        blocks.append((cid_of(data), data))
        return cid_of(data)

    def post(rkey: str, day: int) -> bytes:
        return block({"$type": POST, "text": rkey, "createdAt": f"2026-03-0{day}T08:00:00Z"})

    prefix = f"{POST}/".encode()
    left = block({"l": None, "e": [{"p": 0, "k": prefix + b"3ka", "v": post("3ka", 1), "t": None}]})
    right = block({"l": None, "e": [
        {"p": 0, "k": prefix + b"3kc", "v": post("3kc", 3), "t": None},
        {"p": len(prefix) + 2, "k": b"d", "v": post("3kd", 4), "t": None},
    ]})  # fmt: skip
    root = block(
        {"l": left, "e": [{"p": 0, "k": prefix + b"3kb", "v": post("3kb", 2), "t": right}]}
    )
    commit = block({"did": DID, "version": 3, "data": root, "rev": "r", "prev": None, "sig": b"s"})
    path = tmp_path / "repo.car"
    path.write_bytes(car_bytes(commit, blocks))
    header, decoded = libipld.decode_car(path.read_bytes())
    assert [key for key, _cid in bluesky.walk(decoded, root)] == [
        f"{POST}/3ka", f"{POST}/3kb", f"{POST}/3kc", f"{POST}/3kd",
    ]  # fmt: skip
    result = run_import(workspace, "bluesky-car", path, handle="fromagerie.bsky.social")
    texts = list(AccountPost.objects.order_by("published_at").values_list("text", flat=True))
    assert texts == ["3ka", "3kb", "3kc", "3kd"] and result.counts["posts"] == 4


def test_a_tree_that_loops_is_refused(workspace, tmp_path):
    import libipld

    from tests.analytics.fixtures.builders import car_bytes, cid_of

    # A node whose right subtree is a node pointing back at it cannot be built by
    # content addressing; a missing node can: the commit names a tree that is absent.
    absent = cid_of(b"nothing")
    commit = libipld.encode_dag_cbor(
        {"did": DID, "version": 3, "data": absent, "rev": "r", "prev": None, "sig": b"s"}
    )
    path = tmp_path / "repo.car"
    path.write_bytes(car_bytes(cid_of(commit), [(cid_of(commit), commit)]))
    before = rows()
    with pytest.raises(ImportRefused, match="missing"):
        run_import(workspace, "bluesky-car", path, handle="x.bsky.social")
    assert rows() == before
