"""The stored queries in the API: every member lists them, owners and managers add,
change and remove them, outsiders get 404; a query that does not read answers 422 with
its line and column."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mostra.core.models import AuditEvent
from mostra.listening.items import FetchedItem
from mostra.listening.models import ListeningQuery
from mostra.listening.services import matching
from mostra.listening.services.store import store
from tests.api.conftest import Api, token_client

pytestmark = pytest.mark.django_db

PATH = "/workspaces/fromagerie/listening/queries"


@pytest.fixture(autouse=True)
def _fresh_matchers():
    matching.forget()
    yield
    matching.forget()


@pytest.fixture
def as_(workspace, owner, teammate, outsider):
    from mostra.core.models import ApiToken

    def make(user) -> Api:
        return Api(token_client(ApiToken.issue(user, "script")[1]))

    return make


def test_owner_adds_lists_changes_and_removes(workspace, owner, as_):
    store(
        [FetchedItem(guid="a", text="Atelier vélo à Lyon"), FetchedItem(guid="b", text="Acme")],
        workspace=workspace,
        source=None,
        fetched_at=timezone.now(),
    )
    alice = as_(owner)
    created = alice.post(PATH, {"name": "Vélo", "group": "topic", "text": "velo and lyon"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["matched_recent"] == 0  # "and" is a word here, as the warning says
    assert [w["code"] for w in body["warnings"]] == ["lower-case-operator"]
    changed = alice.patch(f"{PATH}/{body['id']}", {"text": "velo AND lyon"})
    assert changed.status_code == 200 and changed.json()["matched_recent"] == 1
    listed = alice.get(PATH).json()
    assert [(q["name"], q["group"], q["mentions"]) for q in listed] == [("Vélo", "topic", 1)]
    assert alice.delete(f"{PATH}/{body['id']}").status_code == 204
    assert ListeningQuery.objects.count() == 0
    actions = set(
        AuditEvent.objects.filter(object_type="listeningquery").values_list("action", flat=True)
    )
    assert actions == {"create", "update", "delete"}


def test_a_query_that_does_not_read_is_422_with_its_column(workspace, owner, as_):
    answer = as_(owner).post(PATH, {"name": "Bad", "text": 'acme AND "open'})
    assert answer.status_code == 422
    detail = answer.json()["detail"][0]
    assert detail["loc"] == ["body", "text"] and detail["msg"].startswith("Line 1, column 10:")
    assert ListeningQuery.objects.count() == 0


def test_teammate_reads_outsider_gets_404(workspace, owner_membership, teammate, outsider, as_):
    from mostra.listening.services import queries

    query = queries.add_query(owner_membership, name="Acme", text="acme").query
    bob, charlie = as_(teammate), as_(outsider)
    assert [q["name"] for q in bob.get(PATH).json()] == ["Acme"]
    assert bob.post(PATH, {"name": "X", "text": "x"}).status_code == 404
    assert bob.patch(f"{PATH}/{query.pk}", {"name": "Y"}).status_code == 404
    assert bob.delete(f"{PATH}/{query.pk}").status_code == 404
    assert charlie.get(PATH).status_code == 404
    assert charlie.delete(f"{PATH}/{query.pk}").status_code == 404
    other = "/workspaces/other-brand/listening/queries"
    assert as_(outsider).patch(f"{other}/{query.pk}", {"name": "Z"}).status_code == 404
    assert ListeningQuery.objects.get().name == "Acme"
