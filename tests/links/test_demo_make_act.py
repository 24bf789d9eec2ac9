"""A fresh demo shows the third axis measured: tracked links with clicks (a flyer among
them), a paid campaign with its days, and the objective's funnel down to registrations,
on the dashboard, in last month's report and on the paid and links pages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from mostra.analytics.demo_make_act import CAMPAIGN_NAME, CAMPAIGN_TAG, DAYS, GOAL
from mostra.analytics.models import GoalMapping, TrafficRow
from mostra.core.demo import build_demo
from mostra.links.models import ClickDay, TrackedLink
from mostra.paid.models import Campaign, CampaignDay
from mostra.reports import services
from mostra.reports.report.period import last_month

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'")
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " "))


def _figure(n: int) -> str:
    """A count as French pages write it (a space between thousands: see _text)."""
    return f"{n:,}".replace(",", " ")


@pytest.fixture
def demo(owner):
    return build_demo(owner)


def test_a_fresh_demo_has_links_clicks_a_campaign_and_conversions(demo):
    today = timezone.localdate()
    links = TrackedLink.objects.filter(workspace=demo)
    flyer = links.get(support="flyer")
    assert flyer.utm_medium == "offline" and flyer.parent is not None
    shared = links.get(post__isnull=False)
    assert shared.post.tactic.strategy.objective.kpi == "registrations"
    assert {link.utm_campaign for link in links} == {CAMPAIGN_TAG}
    days = ClickDay.objects.filter(link__workspace=demo)
    assert days.filter(link=flyer).aggregate(n=Sum("clicks"))["n"] > 0
    assert min(d.day for d in days) >= today - dt.timedelta(days=DAYS)
    assert max(d.day for d in days) < today

    campaign = Campaign.objects.get(workspace=demo, name=CAMPAIGN_NAME)
    assert campaign.objective.key == "o-inscriptions-ateliers"
    assert CampaignDay.objects.filter(campaign=campaign).count() == DAYS
    assert GoalMapping.objects.get(workspace=demo, goal=GOAL).kpi == "registrations"
    assert TrafficRow.objects.filter(workspace=demo, utm_campaign=CAMPAIGN_TAG).exists()


def test_last_months_report_shows_the_funnel_paid_figures_and_the_flyer(demo):
    period = last_month(timezone.localdate())
    html = services.render(services.gather(demo, period, "fr"), "html").content
    funnel = _text(html.split('<section id="r-funnel">')[1].split("</section>")[0])
    assert "Faire agir : remplir les ateliers d'autoréparation" in funnel
    in_period = {"day__gte": period.start, "day__lte": period.end}
    link_clicks = ClickDay.objects.filter(link__workspace=demo, **in_period).aggregate(
        n=Sum("clicks")
    )["n"]
    ad_days = CampaignDay.objects.filter(campaign__workspace=demo, **in_period)
    ads = ad_days.aggregate(clicks=Sum("clicks"), spend=Sum("spend"), reach=Sum("reach"))
    assert f"Clics (liens suivis et publicités) {_figure(link_clicks + ads['clicks'])}" in funnel
    assert f"Portée (campagnes payantes) {_figure(ads['reach'])}" in funnel
    assert "Coût par conversion" in funnel and "EUR" in funnel
    text = _text(html)
    spend = f"{ads['spend']:,.2f}".replace(",", " ").replace(".", ",")
    assert f"{spend} EUR" in text  # paid vs organic: the month's spend
    flyer = ClickDay.objects.filter(link__workspace=demo, link__support="flyer", **in_period)
    flyer_clicks = flyer.aggregate(n=Sum("clicks"))["n"]
    assert re.search(rf"flyer {flyer_clicks} \d+", text)  # the printed support's clicks


def test_the_dashboard_and_the_paid_and_links_pages_show_the_figures(demo, owner, client):
    client.force_login(owner)
    today = timezone.localdate()
    dashboard = client.get("/w/demo/reports/dashboard/", HTTP_ACCEPT_LANGUAGE="fr")
    assert dashboard.status_code == 200
    text = _text(dashboard.content.decode())
    # Paid beside organic (the campaign's clicks and cost), the tracked links' clicks,
    # and the flyer's among them: real figures, none zero.
    paid_row = re.search(r"Clics (\d[\d ]*) \d[\d ]* Résultats \(payant\) (\d+)", text)
    assert paid_row and int(paid_row[1].replace(" ", "")) > 0 and int(paid_row[2]) > 0
    cost = re.search(r"Coût (\d[\d ]*,\d\d) EUR", text)
    assert cost and cost[1] != "0,00"
    tracked = re.search(
        r"(\d[\d ]*) clics · \d[\d ]* visiteurs uniques par jour · sur 2 liens", text
    )
    flyer = re.search(r"Support imprimé flyer : (\d+) clics", text)
    assert tracked and flyer and 0 < int(flyer[1]) < int(tracked[1].replace(" ", ""))
    paid = _text(client.get("/w/demo/paid/", HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    spent = CampaignDay.objects.filter(campaign__workspace=demo, day__lte=today).aggregate(
        n=Sum("spend")
    )["n"]
    assert CAMPAIGN_NAME in paid
    assert f"{Decimal(spent):,.2f}".replace(",", " ").replace(".", ",") + " EUR" in paid
    links = client.get("/w/demo/links/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    last_30 = ClickDay.objects.filter(
        link__workspace=demo, day__gte=today - dt.timedelta(days=29)
    ).aggregate(n=Sum("clicks"))["n"]
    assert f"{last_30} clics" in _text(links)
