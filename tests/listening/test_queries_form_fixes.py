"""The Queries form's outcome, once and where it belongs: a syntax error at the field
with its column, and "try it" dated by when each mention was published."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from mostra.listening.models import Mention
from mostra.listening.services import matching

pytestmark = pytest.mark.django_db

BASE = "/w/fromagerie/listening/queries"


@pytest.fixture(autouse=True)
def _fresh_matchers():
    matching.forget()
    yield
    matching.forget()


def test_a_syntax_error_is_shown_once_at_the_field_with_its_column(workspace, owner_client):
    page = owner_client.post(
        f"{BASE}/add/", {"name": "Bad", "group": "brand", "text": "acme AND (bug", "action": "save"}
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert html.count("Line 1, column 10") == 1 and html.count('role="alert"') == 1
    # Under the field's label, before the text box: the line, the caret, the problem.
    label, error, box = (
        html.index('for="id_text"'),
        html.index('id="query-error"'),
        html.index('name="text"'),
    )
    assert label < error < box
    assert "acme AND (bug\n" in html and "Missing closing parenthesis" in html


def test_try_it_dates_each_match_by_its_publication(workspace, owner_client):
    fetched = timezone.now()
    published = (fetched - dt.timedelta(days=3)).replace(hour=9, minute=15)
    dated = Mention.objects.create(
        workspace=workspace,
        guid="dated",
        text="Atelier vélo ouvert",
        published_at=published,
        fetched_at=fetched,
    )
    undated = Mention.objects.create(
        workspace=workspace, guid="undated", text="Atelier vélo fermé", fetched_at=fetched
    )
    html = owner_client.post(
        f"{BASE}/add/", {"name": "Vélo", "group": "topic", "text": "vélo", "action": "try"}
    ).content.decode()
    zone = workspace.timezone
    with timezone.override(zone):
        local_published = timezone.localtime(published)
        local_fetched = timezone.localtime(fetched)
    shown_published = date_format(local_published, "SHORT_DATETIME_FORMAT")
    shown_fetched = date_format(local_fetched, "SHORT_DATETIME_FORMAT")
    row = html.split(f'id="trial-{dated.pk}"')[1].split("</li>")[0]
    assert shown_published in row
    assert shown_fetched not in row and "fetched" not in row
    row = html.split(f'id="trial-{undated.pk}"')[1].split("</li>")[0]
    assert f"{shown_fetched} (fetched, no date given)" in row
