"""Moving a post from the calendar: by drag and drop (htmx) or the list's Move form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.core.models import AuditEvent, Membership, Role, User
from mostra.editorial.models import PostStatus
from tests.conftest import client_for
from tests.editorial.calendar_helpers import day_cell, days_with

HTMX = {"HTTP_HX_REQUEST": "true"}
PARIS = dt.timezone(dt.timedelta(hours=1))  # winter time, enough for these dates


def next_year() -> int:
    return timezone.now().year + 1


def move_url(post) -> str:
    return f"/w/{post.workspace.slug}/calendar/posts/{post.pk}/move/"


@pytest.fixture
def post(make_post):
    # 10:15 in Paris on 3 February next year.
    return make_post(
        when=dt.datetime(next_year(), 2, 3, 9, 15, tzinfo=dt.UTC), title="Tomme hivernale"
    )


def test_a_drop_on_another_day_answers_with_the_grid_where_the_post_now_is(owner, post):
    year = next_year()
    response = client_for(owner).post(
        move_url(post),
        {"date": f"{year}-02-12", "view": "month", "period": f"{year}-02"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section id="calendar-grid"')
    assert days_with(html, "Tomme hivernale") == [f"{year}-02-12"]
    assert ">10:15</time>" in day_cell(html, f"{year}-02-12")  # the time of day is kept
    assert 'hx-swap-oob="innerHTML"' in html and "moved to" in html
    post.refresh_from_db()
    assert post.scheduled_at == dt.datetime(year, 2, 12, 9, 15, tzinfo=dt.UTC)
    assert AuditEvent.objects.filter(object_type="post", object_id=str(post.pk)).count() == 1


def test_a_drop_on_an_hour_of_the_week_view(teammate, post):
    year = next_year()
    week = dt.date(year, 2, 3).isocalendar()[1]
    response = client_for(teammate).post(
        move_url(post),
        {"date": f"{year}-02-05", "time": "18:15", "view": "week", "period": f"{year}-W{week:02d}"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tomme hivernale" in day_cell(html, f"{year}-02-05", "18:00")
    post.refresh_from_db()
    assert post.scheduled_at.astimezone(PARIS).strftime("%d %H:%M") == "05 18:15"


def test_the_filters_of_the_page_are_kept_in_the_new_grid(owner, post):
    year = next_year()
    response = client_for(owner).post(
        move_url(post),
        {
            "date": f"{year}-02-12",
            "view": "month",
            "period": f"{year}-02",
            "network": "facebook",
        },
        **HTMX,
    )
    html = response.content.decode()
    assert 'data-filters="network=facebook"' in html
    assert "Tomme hivernale" not in html.split("hx-swap-oob")[0]  # an Instagram post


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2020-01-01"}, "already past"),
        ({"date": "0001-01-01", "time": "00:30"}, "already past"),
        ({"date": "9999-12-31", "time": "23:59"}, "at most 10 years ahead"),
        ({}, "Give the new date."),
        ({"date": "12/02/2027"}, "Give the date as YYYY-MM-DD."),
        ({"date": "2027-02-30"}, "Give the date as YYYY-MM-DD."),
        ({"date": "2027-02-12", "time": "25:00"}, "Give the time as HH:MM"),
    ],
)
def test_a_refused_move_says_why_and_changes_nothing(owner, post, data, message):
    before = post.scheduled_at
    response = client_for(owner).post(
        move_url(post), {**data, "view": "month", "period": "2027-02"}, **HTMX
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#calendar-status"
    assert response["HX-Reswap"] == "innerHTML"
    assert message in response.content.decode()
    assert 'class="msg error"' in response.content.decode()
    post.refresh_from_db()
    assert post.scheduled_at == before
    assert not AuditEvent.objects.filter(object_type="post").exists()


def test_a_published_post_does_not_move(owner, make_post):
    when = timezone.now() + dt.timedelta(days=2)
    published = make_post(when=when, status=PostStatus.PUBLISHED)
    target = (when + dt.timedelta(days=3)).date().isoformat()
    response = client_for(owner).post(move_url(published), {"date": target}, **HTMX)
    assert response.status_code == 422
    assert "already published" in response.content.decode()
    published.refresh_from_db()
    assert published.scheduled_at == when


def test_a_time_the_clocks_skip_is_refused_from_the_calendar(owner, post):
    year = next_year()
    march_end = dt.date(year, 3, 31)
    last_sunday = march_end - dt.timedelta(days=(march_end.weekday() + 1) % 7)
    response = client_for(owner).post(
        move_url(post), {"date": last_sunday.isoformat(), "time": "02:30"}, **HTMX
    )
    assert response.status_code == 422
    assert "clocks jump forward" in response.content.decode()
    assert "03:30" in response.content.decode()


def test_without_javascript_the_list_form_redirects_back_with_a_message(owner, post):
    year = next_year()
    client = client_for(owner)
    back = f"/w/{post.workspace.slug}/calendar/list/?network=instagram"
    response = client.post(
        move_url(post), {"date": f"{year}-02-20", "time": "08:00", "next": back}, follow=True
    )
    assert response.redirect_chain[-1][0] == back
    assert "moved to" in response.content.decode()
    post.refresh_from_db()
    assert post.scheduled_at == dt.datetime(year, 2, 20, 7, 0, tzinfo=dt.UTC)
    refused = client.post(move_url(post), {"date": "2020-01-01", "next": back}, follow=True)
    assert "already past" in refused.content.decode()


def test_an_outside_next_address_is_not_followed(owner, post):
    response = client_for(owner).post(
        move_url(post), {"date": f"{next_year()}-02-20", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/w/{post.workspace.slug}/calendar/list/"


def test_outsiders_and_viewers_get_404_and_nothing_moves(workspace, outsider, post):
    viewer = User.objects.create_user("val@example.org", "x")
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    before = post.scheduled_at
    for user in (outsider, viewer):
        response = client_for(user).post(move_url(post), {"date": f"{next_year()}-02-20"}, **HTMX)
        assert response.status_code == 404
    post.refresh_from_db()
    assert post.scheduled_at == before


def test_a_post_of_another_workspace_is_404(outsider, owner, post):
    other = Membership.objects.get(user=outsider).workspace
    response = client_for(owner).post(
        f"/w/{other.slug}/calendar/posts/{post.pk}/move/", {"date": "2030-01-01"}
    )
    assert response.status_code == 404
    response = client_for(outsider).post(
        f"/w/{other.slug}/calendar/posts/{post.pk}/move/", {"date": "2030-01-01"}
    )
    assert response.status_code == 404


def test_a_contributor_is_told_to_ask_an_editor(workspace, post):
    dora = User.objects.create_user("dora@example.org", "x")
    Membership.objects.create(workspace=workspace, user=dora, role=Role.CONTRIBUTOR)
    response = client_for(dora).post(move_url(post), {"date": f"{next_year()}-02-20"}, **HTMX)
    assert response.status_code == 422
    assert "ask an editor" in response.content.decode()


def test_only_post_is_allowed(owner, post):
    assert client_for(owner).get(move_url(post)).status_code == 405


def test_chips_that_cannot_move_are_not_draggable(workspace, owner, make_post):
    year = next_year()
    make_post(when=dt.datetime(year, 2, 3, 9, 0, tzinfo=dt.UTC), title="Parti")
    make_post(
        when=dt.datetime(year, 2, 4, 9, 0, tzinfo=dt.UTC),
        title="Publié",
        status=PostStatus.PUBLISHED,
    )
    viewer = User.objects.create_user("val@example.org", "x")
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    page = f"/w/{workspace.slug}/calendar/{year}/2/"
    html = client_for(owner).get(page).content.decode()
    assert 'draggable="true"' in day_cell(html, f"{year}-02-03")
    assert 'draggable="true"' not in day_cell(html, f"{year}-02-04")
    seen_by_viewer = client_for(viewer).get(page).content.decode()
    assert "Parti" in seen_by_viewer
    assert 'draggable="true"' not in seen_by_viewer
    assert "data-move-url" not in seen_by_viewer
