"""Bluesky against a real PDS on 127.0.0.1: connect, publish, read back, delete.

Each test reads what the PDS holds (getRecord, listRecords, getBlob), as a user who
opened the post would see it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from django.db import connection

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent
from mostra.integrations.base import CredentialsRejected, Outgoing, RemoteRef, TransportError
from mostra.integrations.bluesky import BlueskyIntegration, records
from mostra.publishing.connect.bluesky import connect_bluesky
from mostra.publishing.models import AccountStatus, SocialAccount
from tests.publishing.conftest_bluesky import *  # noqa: F403
from tests.publishing.conftest_bluesky import image_file

pytestmark = [pytest.mark.django_db, pytest.mark.peer]


def facet_texts(record: dict) -> dict[str, str]:
    """Each facet's feature → the text it covers, cut from the UTF-8 bytes."""
    raw = record["text"].encode("utf-8")
    found = {}
    for facet in record.get("facets", []):
        feature = facet["features"][0]
        piece = raw[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode("utf-8")
        kind = feature["$type"].rsplit("#", 1)[1]
        value = feature.get("uri") or feature.get("did") or feature.get("tag")
        found[f"{kind}:{value}"] = piece
    return found


# --- Connecting ------------------------------------------------------------------------


def test_connect_with_an_app_password_stores_the_session_encrypted(
    bluesky_pds, bsky_user, owner_membership
):
    account = connect_bluesky(
        owner_membership, bsky_user.handle, bsky_user.app_password, bluesky_pds.url
    )
    assert account.network == "bluesky"
    assert account.handle == bsky_user.handle
    assert account.external_id == bsky_user.did
    assert account.service_url == bluesky_pds.url
    assert account.status == AccountStatus.CONNECTED
    stored = SocialAccount.objects.get(pk=account.pk).credentials
    assert stored["did"] == bsky_user.did and stored["access_jwt"]
    # A database dump and the audit log show no token and no password.
    with connection.cursor() as cursor:
        cursor.execute(
            "select credentials from publishing_socialaccount where id = %s", [account.pk]
        )
        raw = cursor.fetchone()[0]
    assert raw.startswith("fernet:")
    for secret in (stored["access_jwt"], stored["refresh_jwt"], bsky_user.app_password):
        assert secret not in raw
    event = AuditEvent.objects.get(
        workspace=owner_membership.workspace, object_type="socialaccount"
    )
    dumped = str(event.changes) + event.object_label
    assert bsky_user.handle in dumped
    for secret in (stored["access_jwt"], stored["refresh_jwt"], bsky_user.app_password):
        assert secret not in dumped


def test_connecting_again_renews_the_same_account(bluesky_pds, bsky_user, owner_membership):
    first = connect_bluesky(
        owner_membership, bsky_user.handle, bsky_user.app_password, bluesky_pds.url
    )
    SocialAccount.objects.filter(pk=first.pk).update(status=AccountStatus.NEEDS_RECONNECT)
    again = connect_bluesky(
        owner_membership, bsky_user.handle, bsky_user.app_password, bluesky_pds.url
    )
    assert again.pk == first.pk
    assert again.status == AccountStatus.CONNECTED
    assert SocialAccount.objects.count() == 1


def test_a_wrong_app_password_is_refused_in_plain_words(bluesky_pds, bsky_user, owner_membership):
    with pytest.raises(CredentialsRejected) as refused:
        connect_bluesky(owner_membership, bsky_user.handle, "abcd-efgh-ijkl-mnop", bluesky_pds.url)
    assert "app password" in refused.value.message
    assert "Invalid identifier or password" in refused.value.message  # the PDS's words
    assert not SocialAccount.objects.exists()
    assert not AuditEvent.objects.filter(object_type="socialaccount").exists()


def test_an_editor_cannot_connect_an_account(bluesky_pds, bsky_user, teammate_membership):
    with pytest.raises(DomainError, match="owners and managers"):
        connect_bluesky(
            teammate_membership, bsky_user.handle, bsky_user.app_password, bluesky_pds.url
        )
    assert not SocialAccount.objects.exists()


def test_a_server_that_does_not_answer_is_a_retryable_error(owner_membership):
    from tests.peers.bluesky import free_port

    with pytest.raises(TransportError) as failed:
        connect_bluesky(owner_membership, "x.test", "pw", f"http://127.0.0.1:{free_port()}")
    assert failed.value.code == "unreachable" and not failed.value.permanent
    assert not SocialAccount.objects.exists()


# --- Publishing ------------------------------------------------------------------------


def test_text_with_a_link_a_mention_and_a_hashtag_gets_facets_over_utf8_bytes(
    bluesky_pds, integration
):
    friend = bluesky_pds.new_account("laiterie")
    text = (
        f"Été 🧀 : le comté de 24 mois est arrivé ! https://fromagerie.example/comté?x=1. "
        f"Merci @{friend.handle} #Fromage #24 #été"
    )
    ref = integration.publish(Outgoing(key="variant-1", text=text, language="fr"))

    record = bluesky_pds.record(ref.uri)["value"]
    assert record["text"] == text
    assert record["langs"] == ["fr"]
    assert facet_texts(record) == {
        "link:https://fromagerie.example/comté?x=1": "https://fromagerie.example/comté?x=1",
        f"mention:{friend.did}": f"@{friend.handle}",
        "tag:Fromage": "#Fromage",
        "tag:été": "#été",
    }  # "#24" is a number, not a hashtag; the link's final "." is not part of it
    assert ref.remote_id == records.split_uri(ref.uri)[2]
    assert ref.url == f"https://bsky.app/profile/{integration.account.handle}/post/{ref.remote_id}"


def test_a_mention_of_an_unknown_handle_stays_plain_text(bluesky_pds, integration):
    ref = integration.publish(Outgoing(key="v-unknown", text="Bonjour @personne.test !"))
    assert "facets" not in bluesky_pds.record(ref.uri)["value"]


@pytest.fixture
def salon_page() -> Iterator[str]:
    """A web page on 127.0.0.1 with its Open Graph tags."""
    page = (
        "<html><head><title>Salon 2027</title>"
        '<meta property="og:title" content="Salon du fromage &amp; des vins 2027">'
        '<meta property="og:description" content="Trois jours, 120 affineurs.">'
        "</head><body>…</body></html>"
    ).encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/salon"
    server.shutdown()
    server.server_close()


def test_a_link_outside_the_text_becomes_a_card_with_the_pages_title(
    bluesky_pds, integration, salon_page
):
    ref = integration.publish(Outgoing(key="v-card", text="Le programme du salon", link=salon_page))
    embed = bluesky_pds.record(ref.uri)["value"]["embed"]
    assert embed == {
        "$type": "app.bsky.embed.external",
        "external": {
            "uri": salon_page,
            "title": "Salon du fromage & des vins 2027",
            "description": "Trois jours, 120 affineurs.",
        },
    }


def test_a_page_that_cannot_be_read_gives_a_card_titled_with_its_address(bluesky_pds, integration):
    from tests.peers.bluesky import free_port

    link = f"http://127.0.0.1:{free_port()}/programme"
    ref = integration.publish(Outgoing(key="v-card2", text="Programme", link=link))
    external = bluesky_pds.record(ref.uri)["value"]["embed"]["external"]
    assert external["uri"] == link
    assert external["title"] == link.removeprefix("http://")
    assert external["description"] == ""


def test_images_go_out_with_their_alt_text(bluesky_pds, integration, tmp_path):
    first = image_file(tmp_path, "meule.png", (64, 48))
    second = image_file(tmp_path, "cave.png", (30, 40))
    ref = integration.publish(
        Outgoing(key="v-images", text="La cave d'affinage", media=(first, second))
    )
    embed = bluesky_pds.record(ref.uri)["value"]["embed"]
    assert embed["$type"] == "app.bsky.embed.images"
    assert [i["alt"] for i in embed["images"]] == [first.alt_text, second.alt_text]
    assert embed["images"][0]["aspectRatio"] == {"width": 64, "height": 48}
    blob = embed["images"][0]["image"]
    assert blob["mimeType"] == "image/png" and blob["size"] == first.size
    stored = httpx.get(
        bluesky_pds.xrpc("com.atproto.sync.getBlob"),
        params={"did": integration.did, "cid": blob["ref"]["$link"]},
    )
    assert stored.content == first.path.read_bytes()


def test_an_image_over_the_limit_is_refused_before_anything_is_sent(
    bluesky_pds, integration, tmp_path
):
    big = image_file(tmp_path, "enorme.png", (600, 600), noise=1)
    assert big.size > 1_000_000
    with pytest.raises(TransportError) as refused:
        integration.publish(Outgoing(key="v-big", text="Trop grande", media=(big,)))
    assert refused.value.permanent and refused.value.code == "media_refused"
    assert "enorme.png" in refused.value.message and "1000000" in refused.value.message
    assert bluesky_pds.records(integration.did) == []


def test_five_images_are_refused(integration, tmp_path):
    images = tuple(image_file(tmp_path, f"{i}.png") for i in range(5))
    with pytest.raises(TransportError, match="at most 4 images") as refused:
        integration.publish(Outgoing(key="v-five", text="Cinq", media=images))
    assert refused.value.permanent


def test_a_thread_is_a_chain_of_replies(bluesky_pds, integration):
    ref = integration.publish(
        Outgoing(
            key="v-thread",
            text="1/3 L'histoire du comté",
            thread=("2/3 Le lait cru des Montbéliardes", "3/3 Dix-huit mois en cave #patience"),
            language="fr",
        )
    )
    posts = {r["uri"]: r for r in bluesky_pds.records(integration.did)}
    assert len(posts) == 3
    root = posts[ref.uri]
    second = next(r for r in posts.values() if r["value"]["text"].startswith("2/3"))
    third = next(r for r in posts.values() if r["value"]["text"].startswith("3/3"))
    assert "reply" not in root["value"]
    assert second["value"]["reply"] == {
        "root": {"uri": ref.uri, "cid": root["cid"]},
        "parent": {"uri": ref.uri, "cid": root["cid"]},
    }
    assert third["value"]["reply"] == {
        "root": {"uri": ref.uri, "cid": root["cid"]},
        "parent": {"uri": second["uri"], "cid": second["cid"]},
    }
    assert facet_texts(third["value"]) == {"tag:patience": "#patience"}


def test_the_first_comment_is_a_reply_to_the_post(bluesky_pds, integration):
    ref = integration.publish(
        Outgoing(key="v-comment", text="Nouveau !", first_comment="Horaires : 9 h – 19 h")
    )
    posts = bluesky_pds.records(integration.did)
    comment = next(r for r in posts if r["uri"] != ref.uri)
    assert comment["value"]["text"] == "Horaires : 9 h – 19 h"
    assert comment["value"]["reply"]["parent"]["uri"] == ref.uri


def test_a_text_over_300_graphemes_is_refused_with_the_servers_words(bluesky_pds, integration):
    with pytest.raises(TransportError) as refused:
        integration.publish(Outgoing(key="v-long", text="é" * 301))
    assert refused.value.permanent and refused.value.http_status == 400
    assert "grapheme too big (maximum 300, got 301)" in refused.value.message
    assert bluesky_pds.records(integration.did) == []


# --- Exactly once ----------------------------------------------------------------------


def test_publishing_the_same_variant_twice_writes_one_record(bluesky_pds, integration, tmp_path):
    outgoing = Outgoing(key="variant-42", text="Une seule fois", media=(image_file(tmp_path),))
    first = integration.publish(outgoing)
    # A retry by another worker, with a fresh integration and its own session.
    again = BlueskyIntegration(SocialAccount.objects.get(pk=integration.account.pk))
    second = again.publish(outgoing)
    assert second == first
    assert len(bluesky_pds.records(integration.did)) == 1


def test_a_thread_cut_in_the_middle_is_completed_once(bluesky_pds, integration):
    outgoing = Outgoing(key="variant-43", text="Un", thread=("Deux", "Trois"))
    integration.publish(Outgoing(key="variant-43", text="Un", thread=("Deux",)))
    assert len(bluesky_pds.records(integration.did)) == 2
    integration.publish(outgoing)
    integration.publish(outgoing)
    texts = sorted(r["value"]["text"] for r in bluesky_pds.records(integration.did))
    assert texts == ["Deux", "Trois", "Un"]


def test_the_record_key_is_a_tid_derived_from_the_variant_only():
    key = records.record_key("variant-7")
    assert key == records.record_key("variant-7")
    assert key != records.record_key("variant-8")
    assert key != records.record_key("variant-7", "thread-1")
    assert len(key) == 13 and key[0] in "234567abcdefghij"
    assert set(key) <= set(records.TID_ALPHABET)


def test_find_existing_reconciles(bluesky_pds, integration):
    outgoing = Outgoing(key="v-find", text="Déjà là ?")
    assert integration.find_existing(outgoing) is None
    ref = integration.publish(outgoing)
    assert integration.find_existing(outgoing) == ref


# --- Deleting --------------------------------------------------------------------------


def test_delete_removes_the_post_and_its_thread(bluesky_pds, integration):
    ref = integration.publish(
        Outgoing(key="v-del", text="À effacer", thread=("suite",), first_comment="commentaire")
    )
    kept = integration.publish(Outgoing(key="v-keep", text="À garder"))
    assert len(bluesky_pds.records(integration.did)) == 4
    integration.delete(ref)
    assert [r["uri"] for r in bluesky_pds.records(integration.did)] == [kept.uri]
    assert bluesky_pds.record(ref.uri) is None


def test_delete_by_record_key_only(bluesky_pds, integration):
    ref = integration.publish(Outgoing(key="v-del2", text="x"))
    integration.delete(RemoteRef(remote_id=ref.remote_id))
    assert bluesky_pds.records(integration.did) == []


# --- Metrics without an AppView --------------------------------------------------------


def test_a_pds_without_appview_gives_no_figures_rather_than_zeros(bluesky_pds, integration):
    ref = integration.publish(Outgoing(key="v-metrics", text="Combien ?"))
    with pytest.raises(TransportError) as no_figures:
        integration.fetch_metrics([ref])
    assert no_figures.value.code == "no_appview" and no_figures.value.permanent
    assert "no AppView" in no_figures.value.message
    with pytest.raises(TransportError, match="no AppView"):
        integration.fetch_account()


def test_a_video_goes_out_with_its_alt_text(bluesky_pds, integration, tmp_path):
    from mostra.integrations.base import OutgoingMedia

    path = tmp_path / "affinage.mp4"
    # The start of an MP4 file (its "ftyp" box), as the PDS sniffs the type from it.
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 2000)
    video = OutgoingMedia(
        path, "video/mp4", "Le retournement des meules", path.stat().st_size, 1280, 720
    )
    ref = integration.publish(Outgoing(key="v-video", text="En cave", media=(video,)))
    embed = bluesky_pds.record(ref.uri)["value"]["embed"]
    assert embed["$type"] == "app.bsky.embed.video"
    assert embed["alt"] == "Le retournement des meules"
    assert embed["aspectRatio"] == {"width": 1280, "height": 720}
    assert embed["video"]["mimeType"] == "video/mp4"


def test_a_file_over_the_servers_own_limit_is_refused_with_its_words(
    bluesky_pds, integration, tmp_path
):
    """The PDS takes blobs of 5 MB by default: a 6 MB video (under Bluesky's 100 MB)."""
    from mostra.integrations.base import OutgoingMedia

    path = tmp_path / "long.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 6_000_000)
    video = OutgoingMedia(path, "video/mp4", "", path.stat().st_size)
    with pytest.raises(TransportError) as refused:
        integration.publish(Outgoing(key="v-huge", text="Trop long", media=(video,)))
    assert refused.value.permanent
    assert refused.value.http_status in (400, 413)
    assert "too large" in refused.value.message.lower()
    assert bluesky_pds.records(integration.did) == []


def test_deleting_a_post_already_gone_is_not_an_error(bluesky_pds, integration):
    ref = integration.publish(Outgoing(key="v-twice", text="x", thread=("y",)))
    integration.delete(ref)
    integration.delete(ref)
    assert bluesky_pds.records(integration.did) == []
