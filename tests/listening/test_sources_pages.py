"""The Sources and Mentions pages: Alice (owner) manages the sources, Bob (editor on her
team) reads them, Charlie (outsider) gets 404 everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from mostra.core.models import AuditAction, AuditEvent
from mostra.listening.models import Mention, Source
from tests.core.pending_french import pending
from tests.listening import hostile_feeds

feed_server = hostile_feeds.feed_server

pytestmark = pytest.mark.django_db

BASE = "/w/fromagerie/listening"


def _source(workspace, **fields) -> Source:
    values = {"kind": "feed", "name": "Le Progrès", "url": "https://www.leprogres.fr/rss"}
    values.update(fields)
    return Source.objects.create(workspace=workspace, **values)


def test_the_sources_page_shows_each_sources_health(workspace, owner_client):
    now = timezone.now()
    failing = _source(
        workspace,
        name="Broken <b>feed</b>",
        last_fetch_at=now,
        last_error="too_big",
        last_error_params={"max_mb": 5},
        consecutive_failures=3,
    )
    fine = _source(workspace, name="Blog", url="https://blog.example/feed", last_success_at=now)
    for i in range(14):
        Mention.objects.create(
            workspace=workspace, source=fine, guid=f"g{i}", text="t", fetched_at=now
        )
    page = owner_client.get(f"{BASE}/sources/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Broken &lt;b&gt;feed&lt;/b&gt;" in html  # escaped
    assert "The feed is larger than 5 MB" in html
    assert "3 failures in a row" in html
    assert f'id="source-{fine.pk}"' in html and 'data-per-day="2.0"' in html
    assert "Add a source" in html and "Import feeds from an OPML file" in html
    assert f"/listening/sources/{failing.pk}/poll/" in html


def test_the_sources_page_in_french(workspace, owner, owner_client):
    _source(workspace, last_error="not_found", last_error_params={"status": 404})
    owner.language = "fr"
    owner.save()
    with pending("SOURCES"), translation.override("fr"):
        html = owner_client.get(f"{BASE}/sources/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Sources d’écoute" in html
    assert "n’existe pas (404)" in html


def test_the_sources_page_queries_do_not_grow_with_the_sources(
    workspace, owner_client, django_assert_max_num_queries
):
    for i in range(30):
        source = _source(workspace, name=f"Feed {i}", url=f"https://f{i}.example/rss")
        Mention.objects.create(workspace=workspace, source=source, guid="a", text="t")
    with django_assert_max_num_queries(12):
        assert owner_client.get(f"{BASE}/sources/").status_code == 200


def test_a_teammate_reads_but_cannot_change(workspace, teammate_client):
    source = _source(workspace)
    page = teammate_client.get(f"{BASE}/sources/").content.decode()
    assert "Le Progrès" in page and "Add a source" not in page and "/poll/" not in page
    for path in ("add/", f"{source.pk}/poll/", f"{source.pk}/delete/", f"{source.pk}/enable/"):
        assert teammate_client.post(f"{BASE}/sources/{path}").status_code == 404
    assert teammate_client.post(f"{BASE}/sources/opml/import/").status_code == 404
    assert Source.objects.filter(pk=source.pk, enabled=True).exists()


def test_an_outsider_gets_404_everywhere(workspace, outsider_client):
    source = _source(workspace)
    for path in ("sources/", "mentions/", "sources/opml/export/"):
        assert outsider_client.get(f"{BASE}/{path}").status_code == 404
    for path in ("add/", f"{source.pk}/poll/", f"{source.pk}/delete/", f"{source.pk}/enable/"):
        assert outsider_client.post(f"{BASE}/sources/{path}").status_code == 404
    assert Source.objects.filter(pk=source.pk).exists()


def test_the_owner_adds_a_google_news_search(workspace, owner_client):
    response = owner_client.post(
        f"{BASE}/sources/add/",
        {"kind": "google_news", "words": '"atelier vélo" Lyon', "interval_minutes": "30"},
    )
    assert response.status_code == 302
    source = Source.objects.get(workspace=workspace)
    assert source.url == (
        "https://news.google.com/rss/search?q=%22atelier+v%C3%A9lo%22+Lyon&hl=fr&gl=FR&ceid=FR%3Afr"
    )
    assert source.name == 'Google News: "atelier vélo" Lyon'
    assert source.interval_minutes == 30
    assert AuditEvent.objects.filter(
        workspace=workspace, action=AuditAction.CREATE, object_type="source"
    ).exists()
    page = owner_client.get(f"{BASE}/sources/").content.decode()
    assert "added: mostra reads it within a minute" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "feed", "url": "ftp://x.example/feed"}, "This is not a web address"),
        ({"kind": "reddit", "subreddit": "a b"}, "Give a subreddit"),
        ({"kind": "youtube", "channel_id": "nope"}, "starting with UC"),
        ({"kind": "feed", "url": "https://a.example/rss", "interval_minutes": "2"}, "5"),
    ],
)
def test_a_bad_value_is_refused_with_what_to_do(workspace, owner_client, data, message):
    data.setdefault("interval_minutes", "15")
    response = owner_client.post(f"{BASE}/sources/add/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Source.objects.exists()


def test_the_same_address_twice_is_refused(workspace, owner_client):
    _source(workspace, url="https://a.example/rss")
    response = owner_client.post(
        f"{BASE}/sources/add/",
        {"kind": "feed", "url": "https://a.example/rss", "interval_minutes": "15"},
    )
    assert response.status_code == 400
    assert "already reads https://a.example/rss" in response.content.decode()


def test_pause_resume_and_delete(workspace, owner_client):
    source = _source(workspace, next_poll_at=timezone.now() + dt.timedelta(hours=1))
    Mention.objects.create(workspace=workspace, source=source, guid="x", text="t")
    owner_client.post(f"{BASE}/sources/{source.pk}/enable/", {"enabled": "0"})
    source.refresh_from_db()
    assert not source.enabled
    owner_client.post(f"{BASE}/sources/{source.pk}/enable/", {"enabled": "1"})
    source.refresh_from_db()
    assert source.enabled and source.next_poll_at is None  # read at the next round
    owner_client.post(f"{BASE}/sources/{source.pk}/delete/")
    assert not Source.objects.exists() and not Mention.objects.exists()
    actions = list(AuditEvent.objects.filter(object_type="source").values_list("action", flat=True))
    assert actions.count(AuditAction.UPDATE) == 2 and AuditAction.DELETE in actions


def test_another_workspaces_source_is_not_found(workspace, owner_client, outsider):
    other = Source.objects.create(
        workspace=outsider.memberships.get().workspace,
        kind="feed",
        name="x",
        url="https://x.example/",
    )
    for path in (f"{other.pk}/poll/", f"{other.pk}/delete/", f"{other.pk}/enable/"):
        assert owner_client.post(f"{BASE}/sources/{path}").status_code == 404
    assert Source.objects.filter(pk=other.pk).exists()


def test_read_now_stores_the_items_and_says_so(workspace, owner_client, feed_server):
    source = _source(workspace, url=feed_server.url("/feed.xml"))
    response = owner_client.post(f"{BASE}/sources/{source.pk}/poll/", follow=True)
    assert "Read: 2 new items." in response.content.decode()
    response = owner_client.post(f"{BASE}/sources/{source.pk}/poll/", follow=True)
    assert "nothing new since the last reading" in response.content.decode()
    mentions = owner_client.get(f"{BASE}/mentions/").content.decode()
    assert "Réparer son vélo" in mentions and "Un atelier de réparation" in mentions
    assert 'href="https://atelier.example/1"' in mentions


def test_read_now_shows_a_failure_in_words(workspace, owner_client, feed_server):
    source = _source(workspace, url=feed_server.url("/bomb.xml"))
    response = owner_client.post(f"{BASE}/sources/{source.pk}/poll/", follow=True)
    assert "declares XML entities" in response.content.decode()


def test_the_mentions_page_escapes_and_links_only_web_addresses(
    workspace, teammate_client, outsider_client
):
    Mention.objects.create(
        workspace=workspace,
        guid="1",
        url="javascript:alert(1)",
        title="<script>alert(1)</script>",
        text="Bonjour",
        author="Zoé",
    )
    html = teammate_client.get(f"{BASE}/mentions/").content.decode()
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert "javascript:" not in html
    assert "fetched (no date given)" in html
    assert outsider_client.get(f"{BASE}/mentions/").status_code == 404


def test_the_workspace_navigation_links_to_listening(workspace, teammate_client):
    html = teammate_client.get("/w/fromagerie/").content.decode()
    assert f'href="{BASE}/sources/"' in html


def test_the_mentions_page_queries_do_not_grow_with_the_mentions(
    workspace, teammate_client, django_assert_max_num_queries
):
    sources = [_source(workspace, name=f"Feed {i}", url=f"https://f{i}.example/") for i in range(5)]
    for i in range(60):
        Mention.objects.create(
            workspace=workspace, source=sources[i % 5], guid=f"g{i}", text=f"Texte {i}"
        )
    with django_assert_max_num_queries(24):
        html = teammate_client.get(f"{BASE}/mentions/").content.decode()
    assert html.count('id="mention-') == 50 and "Feed 4" in html  # the inbox's first page


def test_a_source_address_is_linked_only_when_it_is_a_web_address(workspace, teammate_client):
    _source(workspace, name="Odd", url="javascript:alert(1)")
    _source(workspace, name="Web", url="https://w.example/rss")
    html = teammate_client.get(f"{BASE}/sources/").content.decode()
    assert 'href="javascript:' not in html
    assert 'href="https://w.example/rss"' in html


def test_the_owner_renames_a_source_and_changes_its_interval(workspace, owner_client):
    read_at = timezone.now() - dt.timedelta(minutes=10)
    source = _source(
        workspace, last_fetch_at=read_at, next_poll_at=read_at + dt.timedelta(minutes=15)
    )
    Mention.objects.create(workspace=workspace, source=source, guid="x", text="t")
    response = owner_client.post(
        f"{BASE}/sources/{source.pk}/edit/",
        {"name": "  Le   Progrès Lyon ", "interval_minutes": "60"},
        follow=True,
    )
    assert "Le Progrès Lyon saved." in response.content.decode()
    source.refresh_from_db()
    assert source.name == "Le Progrès Lyon" and source.interval_minutes == 60
    assert source.next_poll_at == read_at + dt.timedelta(minutes=60)
    assert Mention.objects.filter(source=source).count() == 1  # its mentions stay
    event = AuditEvent.objects.get(object_type="source", action=AuditAction.UPDATE)
    assert event.changes == {
        "name": ["Le Progrès", "Le Progrès Lyon"],
        "interval_minutes": [15, 60],
    }
    refused = owner_client.post(
        f"{BASE}/sources/{source.pk}/edit/", {"name": "x", "interval_minutes": "1"}, follow=True
    )
    assert "every 5 to 1440 minutes" in refused.content.decode()
    source.refresh_from_db()
    assert source.interval_minutes == 60 and source.name == "Le Progrès Lyon"


def test_only_owners_and_managers_change_a_source(workspace, teammate_client, outsider_client):
    source = _source(workspace)
    for client in (teammate_client, outsider_client):
        response = client.post(
            f"{BASE}/sources/{source.pk}/edit/", {"name": "Mine", "interval_minutes": "5"}
        )
        assert response.status_code == 404
    source.refresh_from_db()
    assert source.name == "Le Progrès" and source.interval_minutes == 15
