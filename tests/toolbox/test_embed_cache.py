"""The latest-posts embed is cached per version of the workspace's data: a second view
reads no publication, and a post published since shows at the next view.

These tests commit (``transactional_db``): the data versions move after a commit."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mostra.publishing.models import PublicationState
from mostra.toolbox.services import embed
from tests.toolbox.test_embed import _post

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.FIGURES_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_a_new_publication_shows_at_the_next_view(client, workspace, owner):
    _post(workspace, owner, "First", state=PublicationState.PUBLISHED, minutes_ago=60)
    url = reverse("embed:latest_json", args=[embed.key_for(workspace).token])
    assert [p["text"] for p in json.loads(client.get(url).content)["posts"]] == ["First"]
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert not [q for q in again.captured_queries if "publishing_publication" in q["sql"]]
    _post(workspace, owner, "Second", state=PublicationState.PUBLISHED, minutes_ago=1)
    texts = [p["text"] for p in json.loads(client.get(url).content)["posts"]]
    assert texts == ["Second", "First"]
