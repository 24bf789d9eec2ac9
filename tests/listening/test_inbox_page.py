"""The inbox page: Alice (owner) and Bob (editor) triage from it, Charlie (outsider)
gets 404 on every route, and its queries do not grow with the mentions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.core.models import Workspace
from mostra.listening.models import (
    ListeningQuery,
    Mention,
    MentionNote,
    MentionTag,
    SavedFilter,
    Source,
)

pytestmark = pytest.mark.django_db

BASE = "/w/fromagerie/listening/mentions"


def _mention(workspace, guid: str, **fields) -> Mention:
    values = {"text": f"text {guid}", "published_at": timezone.now()}
    values.update(fields)
    return Mention.objects.create(workspace=workspace, guid=guid, **values)


def test_the_inbox_shows_sentiment_reach_queries_and_overdue(workspace, teammate_client):
    query = ListeningQuery.objects.create(workspace=workspace, name="Marque", text="vélo")
    late = _mention(
        workspace,
        "late",
        text="Service <i>nul</i>",
        lang="fr",
        sentiment=-0.7,
        author="@zoe@masto.example",
        author_followers=1234,
        published_at=timezone.now() - dt.timedelta(hours=30),
    )
    late.matched_queries.add(query)
    fresh = _mention(workspace, "fresh", lang="en", sentiment=0.8, text="Lovely bikes")
    html = teammate_client.get(f"{BASE}/").content.decode()
    assert "Service &lt;i&gt;nul&lt;/i&gt;" in html
    assert "1234 followers" in html and "Marque" in html
    assert 'class="badge sentiment-negative err">Negative' in html
    assert 'class="badge sentiment-positive ok">Positive' in html
    row_late = html.split(f'id="mention-{late.pk}"')[1].split("</tr>")[0]
    row_fresh = html.split(f'id="mention-{fresh.pk}"')[1].split("</tr>")[0]
    assert "over 24 h" in row_late and "over 24 h" not in row_fresh
    assert 'title="Language">FR</abbr>' in row_late and ">EN</abbr>" in row_fresh
    assert "Response-time target: 24 h." in html


def test_the_median_response_time_reads_in_minutes_under_an_hour(workspace, teammate_client):
    from django.utils import translation

    from mostra.listening.services.response import duration_words

    now = timezone.now()
    for guid, minutes in (("a", 6), ("b", 12), ("c", 300)):
        published = now - dt.timedelta(hours=6)
        _mention(
            workspace,
            guid,
            published_at=published,
            state="handled",
            responded_at=published + dt.timedelta(minutes=minutes),
        )
    assert "Median response time: 12 min." in teammate_client.get(f"{BASE}/").content.decode()
    assert duration_words(0.2) == "12 min"
    assert duration_words(5.5) == "5.5 h"
    with translation.override("fr"):
        assert duration_words(5.5) == "5,5 h"


def test_triage_from_the_page_and_notes_escaped(workspace, teammate, teammate_client):
    one, two = _mention(workspace, "1"), _mention(workspace, "2")
    back = "state=new"
    answer = teammate_client.post(
        f"{BASE}/bulk/",
        {"ids": [one.pk, two.pk], "action": "state", "value": "to_handle", "back": back},
    )
    assert answer.status_code == 302 and answer["Location"].endswith("?state=new")
    assert set(Mention.objects.values_list("state", flat=True)) == {"to_handle"}
    teammate_client.post(
        f"{BASE}/bulk/", {"ids": [one.pk], "action": "assign", "value": str(teammate.pk)}
    )
    teammate_client.post(f"{BASE}/bulk/", {"ids": [one.pk], "action": "tag", "value": "SAV"})
    teammate_client.post(f"{BASE}/{one.pk}/notes/", {"text": "<script>x</script> rappeler"})
    one.refresh_from_db()
    assert one.assignee == teammate and list(one.tags.values_list("name", flat=True)) == ["SAV"]
    html = teammate_client.get(f"{BASE}/?assigned=me").content.decode()
    assert f'id="mention-{one.pk}"' in html and f'id="mention-{two.pk}"' not in html
    assert "&lt;script&gt;x&lt;/script&gt; rappeler" in html and "<script>x" not in html
    assert "assigned to bob@example.org" in html


def test_a_bulk_action_naming_another_workspaces_mention_is_refused(
    workspace, owner_client, outsider_client
):
    mine = _mention(workspace, "mine")
    theirs = _mention(Workspace.objects.get(slug="other-brand"), "theirs")
    answer = owner_client.post(
        f"{BASE}/bulk/", {"ids": [mine.pk, theirs.pk], "action": "state", "value": "handled"}
    )
    assert answer.status_code == 404
    assert Mention.objects.get(pk=mine.pk).state == "new"
    assert owner_client.post(f"{BASE}/{theirs.pk}/notes/", {"text": "x"}).status_code == 404
    assert not MentionNote.objects.exists()
    # Charlie: nothing of Alice's workspace.
    assert outsider_client.get(f"{BASE}/").status_code == 404
    assert (
        outsider_client.post(
            f"{BASE}/bulk/", {"ids": [mine.pk], "action": "state", "value": "handled"}
        ).status_code
        == 404
    )


def test_saved_filters_are_personal(workspace, owner, teammate_client, owner_client):
    teammate_client.post(f"{BASE}/filters/", {"name": "Négatifs", "back": "sentiment=negative"})
    saved = SavedFilter.objects.get()
    assert saved.query == "sentiment=negative"
    assert 'href="?sentiment=negative">Négatifs' in teammate_client.get(f"{BASE}/").content.decode()
    assert "Négatifs" not in owner_client.get(f"{BASE}/").content.decode()
    owner_client.post(f"{BASE}/filters/delete/", {"filter": saved.pk})
    assert SavedFilter.objects.exists()  # Alice cannot remove Bob's
    teammate_client.post(f"{BASE}/filters/delete/", {"filter": saved.pk})
    assert not SavedFilter.objects.exists()


def test_only_owners_and_managers_change_the_target(workspace, owner_client, teammate_client):
    assert teammate_client.post(f"{BASE}/target/", {"response_hours": "4"}).status_code in (
        403,
        404,
    )
    owner_client.post(f"{BASE}/target/", {"response_hours": "4"})
    assert "Response-time target: 4 h." in owner_client.get(f"{BASE}/").content.decode()


def test_the_inbox_queries_do_not_grow_with_the_mentions(
    workspace, owner_membership, teammate_client, django_assert_max_num_queries
):
    sources = [
        Source.objects.create(
            workspace=workspace, kind="feed", name=f"F{i}", url=f"https://f{i}.x/"
        )
        for i in range(3)
    ]
    query = ListeningQuery.objects.create(workspace=workspace, name="Q", text="x")
    tag = MentionTag.objects.create(workspace=workspace, name="T")

    def fill(n: int, start: int) -> None:
        for i in range(start, start + n):
            m = _mention(workspace, f"g{i}", source=sources[i % 3])
            m.matched_queries.add(query)
            m.tags.add(tag)
            MentionNote.objects.create(mention=m, author=owner_membership.user, text=f"n{i}")

    fill(3, 0)
    with django_assert_max_num_queries(24) as few:
        teammate_client.get(f"{BASE}/")
    fill(40, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = teammate_client.get(f"{BASE}/").content.decode()
    assert html.count('id="mention-') == 43 and html.count(">n4<") == 0 and "n42" in html


def test_the_inbox_in_french(workspace, owner, owner_client):
    from django.utils import translation

    from tests.core.pending_french import pending

    _mention(workspace, "fr", published_at=timezone.now() - dt.timedelta(hours=30))
    owner.language = "fr"
    owner.save()
    with pending("INBOX"), translation.override("fr"):
        html = owner_client.get(f"{BASE}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Boîte de réception" in html and "plus de 24 h" in html
    assert "Délai de réponse visé : 24 h." in html
