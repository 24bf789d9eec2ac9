"""The demo's listening: queries, paused sources and six weeks of French mentions, so
that the inbox, the listening KPIs and the report have figures at the first login."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from mostra.analytics.kpis.values import Period
from mostra.analytics.listening_kpis.measure import measure
from mostra.core import demo
from mostra.core.models import User
from mostra.listening import demo as listening_demo
from mostra.listening.models import ListeningQuery, Mention, MentionState, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db) -> User:
    return User.objects.create_superuser("admin@mostra.local", "admin password 42")


def test_the_demo_listens_to_the_brand_and_its_competitor(admin):
    workspace = demo.build_demo(admin)
    groups = dict(ListeningQuery.objects.filter(workspace=workspace).values_list("name", "group"))
    assert groups == {
        "Atelier Vélo Solidaire": "brand",
        "CycloRécup Lyon": "competitor",
        "Réparation de vélos": "topic",
    }
    # Paused: the demo fetches nothing until the team resumes a source.
    assert not Source.objects.filter(workspace=workspace, enabled=True).exists()
    mentions = Mention.objects.filter(workspace=workspace)
    assert mentions.count() == len(listening_demo.SAID)
    assert set(mentions.values_list("lang", flat=True)) == {"fr"}
    assert (
        mentions.filter(sentiment__lt=-0.05).exists()
        and mentions.filter(sentiment__gt=0.05).exists()
    )
    brand = ListeningQuery.objects.get(workspace=workspace, group="brand")
    competitor = ListeningQuery.objects.get(workspace=workspace, group="competitor")
    assert brand.mentions.count() > competitor.mentions.count() > 0
    # The older ones handled within hours; the newest wait in the inbox.
    assert mentions.filter(state=MentionState.NEW).count() >= 3
    assert mentions.filter(state=MentionState.HANDLED, responded_at__isnull=False).exists()


def test_the_demo_s_listening_kpis_have_values(admin):
    workspace = demo.build_demo(admin)
    today = timezone.localdate()
    period = Period(today - dt.timedelta(days=30), today)
    figures = measure(workspace, period).values
    values = {kpi: figures[kpi].value for kpi in ("share_of_voice", "net_sentiment", "mentions")}
    assert all(value is not None for value in values.values()), values
    assert 0.5 < values["share_of_voice"] < 1  # the brand is talked about more (a share)


def test_the_demo_s_inbox_shows_the_mentions_in_french(admin):
    demo.build_demo(admin)
    client = Client()
    client.force_login(admin)
    admin.language = "fr"
    admin.save()
    html = client.get("/w/demo/listening/mentions/").content.decode()
    assert "mon vélo repart comme neuf" in html
    assert "Délai de réponse médian" in html
