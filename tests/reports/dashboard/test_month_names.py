"""Dates with a month's short name read in the page's language: "6 nov. 2026" and
"juil." in French (the pages wrote "6 Nov 2026" and "Jul", Django's three letters)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from mostra.core.charts.lines import line_chart

pytestmark = pytest.mark.django_db
NOVEMBER = {"period": "custom", "from": "2026-11-06", "to": "2026-12-05"}


def test_the_dashboard_s_period_in_french_and_in_english(workspace, owner_client):
    url = f"/w/{workspace.slug}/reports/dashboard/"
    french = owner_client.get(url, NOVEMBER, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "6 nov. 2026" in french and "5 déc. 2026" in french
    assert "6 Nov 2026" not in french and "5 Déc 2026" not in french
    english = owner_client.get(url, NOVEMBER, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "6 Nov. 2026" in english


def test_a_chart_s_days_in_french():
    days = [dt.date(2026, 7, 1) + dt.timedelta(days=n) for n in range(31)]
    with translation.override("fr"):
        svg = line_chart(
            [("Abonnés", [(day, 100 + n) for n, day in enumerate(days)])], title="Abonnés"
        )
    assert ">1 juil.<" in svg and ">31 juil.<" in svg
    assert "Jul" not in svg
