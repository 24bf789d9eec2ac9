"""The Queries page: Alice (owner) adds, tries, changes and removes queries; Bob (editor
on her team) reads them; Charlie (outsider) gets 404."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from mostra.core.models import AuditEvent
from mostra.listening.items import FetchedItem
from mostra.listening.models import ListeningQuery, Mention
from mostra.listening.services import matching
from mostra.listening.services.store import store
from tests.core.pending_french import pending

pytestmark = pytest.mark.django_db

BASE = "/w/fromagerie/listening/queries"


@pytest.fixture(autouse=True)
def _fresh_matchers():
    matching.forget()
    yield
    matching.forget()


def _mentions(workspace, n: int = 25) -> None:
    items = [FetchedItem(guid=f"v{i}", text=f"Atelier vélo numéro {i} à Lyon") for i in range(n)]
    items.append(FetchedItem(guid="other", text="Une fromagerie à Annecy"))
    store(items, workspace=workspace, source=None, fetched_at=timezone.now())


def test_the_owner_adds_a_query_and_sees_it_grouped_with_its_matches(workspace, owner_client):
    _mentions(workspace, 3)
    page = owner_client.get(f"{BASE}/")
    assert page.status_code == 200 and 'id="no-query"' in page.content.decode()
    added = owner_client.post(
        f"{BASE}/add/",
        {"name": "Vélo <b>", "group": "topic", "text": "vélo AND lyon", "action": "save"},
        follow=True,
    )
    html = added.content.decode()
    assert "Vélo &lt;b&gt; saved: it matches 3 mentions of the last 30 days." in html
    query = ListeningQuery.objects.get()
    assert f'id="query-{query.pk}"' in html and 'data-matched="3"' in html
    assert "<h2>Topics</h2>" in html
    assert AuditEvent.objects.filter(object_type="listeningquery", action="create").count() == 1
    assert 'aria-current="page">Queries</a>' in html


def test_try_it_shows_the_count_and_the_newest_20_without_saving(workspace, owner_client):
    _mentions(workspace, 25)
    page = owner_client.post(
        f"{BASE}/add/", {"name": "Vélo", "group": "brand", "text": "velo", "action": "try"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "25 mentions of the last 30 days match" in html
    assert html.count('<li id="trial-') == 20
    assert "The newest 20 are shown." in html
    assert "Annecy" not in html
    assert ListeningQuery.objects.count() == 0


def test_a_query_that_does_not_read_is_shown_with_a_caret_at_its_column(workspace, owner_client):
    page = owner_client.post(
        f"{BASE}/add/", {"name": "Bad", "group": "brand", "text": "acme AND (bug", "action": "save"}
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="query-error"' in html and "acme AND (bug\n" in html
    assert "Line 1, column" in html
    assert ListeningQuery.objects.count() == 0


def test_lint_warnings_are_shown_but_do_not_stop_the_query(workspace, owner_client):
    page = owner_client.post(
        f"{BASE}/add/",
        {"name": "W", "group": "brand", "text": "acme and ve*", "action": "save"},
        follow=True,
    )
    assert "Warning at line 1, column 6" in page.content.decode()
    assert ListeningQuery.objects.filter(name="W").exists()


def test_the_owner_changes_a_query_and_its_matches_follow(workspace, owner_client):
    _mentions(workspace, 2)
    owner_client.post(
        f"{BASE}/add/", {"name": "Q", "group": "brand", "text": "lyon", "action": "save"}
    )
    query = ListeningQuery.objects.get()
    form = owner_client.get(f"{BASE}/{query.pk}/edit/")
    assert form.status_code == 200 and "Change the query Q" in form.content.decode()
    owner_client.post(
        f"{BASE}/{query.pk}/edit/",
        {"name": "Q", "group": "competitor", "text": "annecy", "action": "save"},
    )
    query.refresh_from_db()
    assert query.group == "competitor"
    assert list(query.mentions.values_list("guid", flat=True)) == ["other"]
    taken = owner_client.post(
        f"{BASE}/add/", {"name": "q", "group": "brand", "text": "x", "action": "save"}
    )
    assert taken.status_code == 400
    assert "already has a query named q" in taken.content.decode()


def test_removing_keeps_the_mentions(workspace, owner_client):
    _mentions(workspace, 2)
    owner_client.post(f"{BASE}/add/", {"name": "Q", "group": "brand", "text": "lyon"})
    query = ListeningQuery.objects.get()
    page = owner_client.get(f"{BASE}/")
    assert "data-confirm=" in page.content.decode()
    owner_client.post(f"{BASE}/{query.pk}/delete/")
    assert ListeningQuery.objects.count() == 0 and Mention.objects.count() == 3


def test_a_teammate_reads_and_an_outsider_gets_404(
    workspace, owner_membership, teammate_client, outsider_client
):
    from mostra.listening.services import queries

    query = queries.add_query(owner_membership, name="Acme", text="acme").query
    page = teammate_client.get(f"{BASE}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Acme" in html and "Add a query" not in html and "/delete/" not in html
    assert teammate_client.post(f"{BASE}/add/", {"name": "x", "text": "x"}).status_code == 404
    assert teammate_client.post(f"{BASE}/{query.pk}/delete/").status_code == 404
    assert outsider_client.get(f"{BASE}/").status_code == 404
    assert outsider_client.get(f"{BASE}/{query.pk}/edit/").status_code == 404
    assert outsider_client.post(f"{BASE}/{query.pk}/delete/").status_code == 404
    assert ListeningQuery.objects.count() == 1


def test_the_queries_page_in_french(workspace, owner, owner_client):
    owner.language = "fr"
    owner.save()
    with pending("MATCHING"), translation.override("fr"):
        html = owner_client.get(f"{BASE}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Requêtes d’écoute" in html and "Ajouter la requête" in html
