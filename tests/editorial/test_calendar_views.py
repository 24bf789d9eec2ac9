"""The calendar by month, week and list: who sees it, where posts land, filters, marks."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mostra.core.models import Membership, Role, User
from mostra.editorial.models import CalendarEvent, ContentPillar, PostStatus
from mostra.strategy.models import Objective, Tactic
from tests.conftest import client_for
from tests.editorial.calendar_helpers import day_cell, days_with

UTC = dt.UTC


def url(workspace, suffix: str = "") -> str:
    return f"/w/{workspace.slug}/calendar/{suffix}"


PAGES = [
    "",
    "2026/12/",
    "2027/1/",
    "week/2026/50/",
    "week/2026/53/",
    "list/",
    "list/?when=past",
    "list/?when=unplanned",
    "list/?page=99&network=nope&pillar=abc",
    "events/",
]


@pytest.mark.parametrize("suffix", PAGES)
def test_every_page_for_the_cast(workspace, owner, teammate, outsider, make_post, suffix):
    make_post(when=dt.datetime(2026, 12, 3, 9, 0, tzinfo=UTC), title="Tomme de décembre")
    assert client_for(owner).get(url(workspace, suffix)).status_code == 200
    assert client_for(teammate).get(url(workspace, suffix)).status_code == 200
    response = client_for(outsider).get(url(workspace, suffix))
    assert response.status_code == 404
    assert b"Fromagerie" not in response.content
    assert b"Tomme" not in response.content


@pytest.mark.parametrize("suffix", ["2026/13/", "2026/0/", "week/2026/54/", "week/2027/53/"])
def test_a_period_that_does_not_exist_is_404(workspace, owner, suffix):
    assert client_for(owner).get(url(workspace, suffix)).status_code == 404


def test_anonymous_is_sent_to_login(workspace):
    response = client_for(None).get(url(workspace))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_calendar_opens_on_the_current_month(workspace, owner):
    today = timezone.now().astimezone(dt.timezone(dt.timedelta(hours=1))).date()
    html = client_for(owner).get(url(workspace)).content.decode()
    assert f'data-period="{today:%Y-%m}"' in html
    assert 'class="day today' in html or "day today" in html


def test_a_post_late_in_the_utc_evening_shows_on_the_next_day_in_paris(workspace, owner, make_post):
    make_post(when=dt.datetime(2026, 12, 9, 23, 30, tzinfo=UTC), title="Raclette de minuit")
    html = client_for(owner).get(url(workspace, "2026/12/")).content.decode()
    assert days_with(html, "Raclette de minuit") == ["2026-12-10"]
    assert ">00:30</time>" in day_cell(html, "2026-12-10")
    week = client_for(owner).get(url(workspace, "week/2026/50/")).content.decode()
    assert "Raclette de minuit" in day_cell(week, "2026-12-10", "00:00")


def test_another_workspace_time_zone(workspace, owner, make_post):
    workspace.timezone = "America/New_York"
    workspace.save()
    make_post(when=dt.datetime(2026, 12, 10, 3, 0, tzinfo=UTC), title="Fondue du soir")
    html = client_for(owner).get(url(workspace, "2026/12/")).content.decode()
    assert days_with(html, "Fondue du soir") == ["2026-12-09"]
    assert ">22:00</time>" in day_cell(html, "2026-12-09")
    assert "America/New_York" in html


def test_a_chip_shows_time_networks_status_title_and_pillar(workspace, owner, make_post):
    pillar = ContentPillar.objects.create(workspace=workspace, name="Coulisses", color="#aa3300")
    post = make_post(
        when=dt.datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
        networks=("instagram", "facebook"),
        text="Nouvelle tomme en cave, affinée douze mois par notre maître affineur 🧀",
        status=PostStatus.IN_REVIEW,
        pillar=pillar,
    )
    cell = day_cell(
        client_for(owner).get(url(workspace, "2026/12/")).content.decode(), "2026-12-03"
    )
    assert ">10:00</time>" in cell
    assert 'title="Instagram">IG<' in cell and 'title="Facebook">f<' in cell
    assert 'class="chip-status">In review<' in cell  # a word, not only a colour
    assert "status-in_review" in cell
    assert "Nouvelle tomme en cave, affinée douze mois par notre" in cell  # text start
    assert "--pillar: #aa3300" in cell
    assert f'href="{reverse("editorial:post", args=[workspace.slug, post.pk])}"' in cell


def test_user_content_is_escaped_and_a_bad_pillar_colour_is_not_used(workspace, owner, make_post):
    pillar = ContentPillar.objects.create(
        workspace=workspace,
        name="<b>x</b>",
        color="red;a:b",  # 7 characters, as the column
    )
    make_post(
        when=dt.datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
        title="<script>alert(1)</script>",
        pillar=pillar,
    )
    html = client_for(owner).get(url(workspace, "2026/12/")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "red;a:b" not in html


def test_french_holidays_are_on_their_days(workspace, owner):
    owner.language = "fr"
    owner.save()
    client = client_for(owner)
    july = client.get(url(workspace, "2026/7/")).content.decode()
    assert "Fête nationale" in day_cell(july, "2026-07-14")
    assert days_with(july, 'class="holiday"') == ["2026-07-14"]
    may = client.get(url(workspace, "2026/5/")).content.decode()
    assert "Fête du Travail" in day_cell(may, "2026-05-01")
    assert "Fête de la Victoire" in day_cell(may, "2026-05-08")


def test_holiday_names_follow_the_language_and_the_country(workspace, owner):
    owner.language = "en"
    owner.save()
    client = client_for(owner)
    may = client.get(url(workspace, "2026/5/")).content.decode()
    assert "Labor Day" in day_cell(may, "2026-05-01")
    workspace.country = "DE"
    workspace.save()
    may = client.get(url(workspace, "2026/5/")).content.decode()
    assert "Victory Day" not in may  # 8 May is French
    assert "2026-05-01" in days_with(may, 'class="holiday"')


def test_a_multi_day_event_is_on_every_day_it_spans(workspace, owner):
    CalendarEvent.objects.create(
        workspace=workspace,
        title="Salon du fromage",
        kind="trade_fair",
        starts_on=dt.date(2026, 11, 29),
        ends_on=dt.date(2026, 12, 2),
    )
    CalendarEvent.objects.create(
        workspace=workspace, title="Journée du lait", starts_on=dt.date(2026, 12, 15)
    )
    html = client_for(owner).get(url(workspace, "2026/12/")).content.decode()
    # The grid starts on Monday 30 November.
    assert days_with(html, "Salon du fromage") == ["2026-11-30", "2026-12-01", "2026-12-02"]
    assert days_with(html, "Journée du lait") == ["2026-12-15"]
    week = client_for(owner).get(url(workspace, "week/2026/49/")).content.decode()
    assert week.count("Salon du fromage") == 3


@pytest.fixture
def varied_posts(workspace, strategy, make_post, teammate_membership):
    """Posts on different networks, pillars, tactics, statuses and authors in December."""
    pillar = ContentPillar.objects.create(workspace=workspace, name="Savoir-faire")
    tactics = list(Tactic.objects.filter(workspace=workspace).order_by("position", "id"))
    day = dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    return {
        "ig": make_post(when=day, networks=("instagram",), title="P-ig", tactic=tactics[0]),
        "fb": make_post(
            when=day + dt.timedelta(days=1),
            networks=("facebook",),
            title="P-fb",
            tactic=tactics[1],
            pillar=pillar,
        ),
        "li": make_post(
            when=day + dt.timedelta(days=2),
            networks=("linkedin",),
            title="P-li",
            status=PostStatus.APPROVED,
            author=teammate_membership,
            tactic=tactics[2],
        ),
        "pillar": pillar,
        "tactics": tactics,
    }


def titles(html: str) -> set[str]:
    return set(re.findall(r'class="chip-title">(P-\w+)<', html))


def test_filters(workspace, owner, teammate, varied_posts):
    client = client_for(owner)
    month = url(workspace, "2026/12/")
    assert titles(client.get(month).content.decode()) == {"P-ig", "P-fb", "P-li"}
    assert titles(client.get(month, {"network": "facebook"}).content.decode()) == {"P-fb"}
    pillar = varied_posts["pillar"].pk
    assert titles(client.get(month, {"pillar": pillar}).content.decode()) == {"P-fb"}
    tactic = varied_posts["tactics"][2].pk
    assert titles(client.get(month, {"tactic": tactic}).content.decode()) == {"P-li"}
    objective = Objective.objects.get(workspace=workspace, key="o-leads-linkedin").pk
    assert titles(client.get(month, {"objective": objective}).content.decode()) == {"P-li"}
    assert titles(client.get(month, {"status": "approved"}).content.decode()) == {"P-li"}
    assert titles(client.get(month, {"author": teammate.pk}).content.decode()) == {"P-li"}
    both = client.get(month, {"network": "instagram", "author": teammate.pk}).content.decode()
    assert titles(both) == set()
    # Unknown values are ignored rather than refused.
    assert len(titles(client.get(month, {"status": "nope", "pillar": "x"}).content.decode())) == 3


def test_filters_are_kept_across_views_and_periods(workspace, owner, varied_posts):
    html = client_for(owner).get(url(workspace, "2026/12/"), {"network": "facebook"}).content
    html = html.decode()
    assert f'href="/w/{workspace.slug}/calendar/2027/1/?network=facebook"' in html
    assert f'href="/w/{workspace.slug}/calendar/2026/11/?network=facebook"' in html
    assert f'href="/w/{workspace.slug}/calendar/list/?network=facebook"' in html
    assert re.search(r'href="/w/fromagerie/calendar/week/\d+/\d+/\?network=facebook"', html)
    assert '<option value="facebook" selected>' in html
    week = client_for(owner).get(url(workspace, "week/2026/49/"), {"network": "facebook"})
    assert titles(week.content.decode()) == {"P-fb"}
    listed = client_for(owner).get(url(workspace, "list/"), {"network": "facebook", "when": "past"})
    assert 'name="when" value="past"' in listed.content.decode()


def test_the_filter_bar_offers_the_workspace_s_own_choices(workspace, owner, varied_posts):
    html = client_for(owner).get(url(workspace, "2026/12/")).content.decode()
    assert ">Savoir-faire</option>" in html
    assert ">Bob Durand</option>" in html
    assert ">Charlie Roux</option>" not in html
    assert ">In review</option>" in html


def test_a_new_post_link_on_each_coming_day_for_those_who_write(workspace, owner, make_post):
    new = reverse("editorial:post_new", args=[workspace.slug])
    next_year = timezone.now().year + 1
    html = client_for(owner).get(url(workspace, f"{next_year}/3/")).content.decode()
    assert f'href="{new}?at={next_year}-03-17T10:00"' in day_cell(html, f"{next_year}-03-17")
    viewer = User.objects.create_user("val@example.org", "x")
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    html = client_for(viewer).get(url(workspace, f"{next_year}/3/")).content.decode()
    assert "?at=" not in html
    # Nor on days already past.
    html = client_for(owner).get(url(workspace, f"{next_year - 2}/3/")).content.decode()
    assert "?at=" not in html


def test_the_week_view_puts_posts_in_their_hour(workspace, owner, make_post):
    make_post(when=dt.datetime(2026, 12, 8, 17, 45, tzinfo=UTC), title="Apéro")
    make_post(when=dt.datetime(2026, 12, 9, 4, 0, tzinfo=UTC), title="Aube")
    html = client_for(owner).get(url(workspace, "week/2026/50/")).content.decode()
    assert "Apéro" in day_cell(html, "2026-12-08", "18:00")
    assert ">18:45</time>" in day_cell(html, "2026-12-08", "18:00")
    # An early post widens the hours shown.
    assert "Aube" in day_cell(html, "2026-12-09", "05:00")
    assert "Week 50" in html


def test_the_list_shows_upcoming_past_and_undated_posts(workspace, owner, make_post):
    now = timezone.now()
    make_post(when=now + dt.timedelta(days=3), title="Bientôt")
    make_post(when=now - dt.timedelta(days=3), title="Hier", status=PostStatus.PUBLISHED)
    make_post(when=None, title="Un jour")
    client = client_for(owner)
    upcoming = client.get(url(workspace, "list/")).content.decode()
    assert "Bientôt" in upcoming and "Hier" not in upcoming and "Un jour" not in upcoming
    assert 'action="/w/fromagerie/calendar/posts/' in upcoming  # a Move form
    past = client.get(url(workspace, "list/"), {"when": "past"}).content.decode()
    assert "Hier" in past and "Bientôt" not in past
    assert "Published" in past
    assert "<summary>Move</summary>" not in past  # a published post cannot move
    undated = client.get(url(workspace, "list/"), {"when": "unplanned"}).content.decode()
    assert "Un jour" in undated and "Not planned yet" in undated


def test_the_list_is_paginated(workspace, owner, make_post):
    now = timezone.now()
    for i in range(55):
        make_post(when=now + dt.timedelta(hours=i + 1), title=f"Post {i:02d}")
    client = client_for(owner)
    first = client.get(url(workspace, "list/")).content.decode()
    assert "Post 00" in first and "Post 49" in first and "Post 50" not in first
    assert "Page 1 of 2" in first
    second = client.get(url(workspace, "list/"), {"page": 2}).content.decode()
    assert "Post 50" in second and "Post 54" in second and "Post 00" not in second
