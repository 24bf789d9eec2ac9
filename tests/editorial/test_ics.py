"""The calendar as iCalendar, parsed back with the icalendar package."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mostra.editorial.models import CalendarEvent, ContentPillar, EventKind, PostStatus
from mostra.editorial.services import feeds

NOW = dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC)
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _frozen_time():
    cache.clear()  # built feeds are cached; each test starts without
    with time_machine.travel(NOW, tick=False):
        yield


def feed(membership) -> icalendar.Calendar:
    response = Client().get(feeds.feed_path("fromagerie", feeds.feed_of(membership)))
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_a_post_at_ten_in_paris_in_winter_is_nine_utc(owner_membership, tactic, make_post):
    pillar = ContentPillar.objects.create(workspace=owner_membership.workspace, name="Coulisses")
    post = make_post(
        networks=("instagram", "facebook"),
        when=dt.datetime(2026, 1, 20, 10, 0, tzinfo=PARIS),
        title="Tomme de printemps",
        status=PostStatus.SCHEDULED,
        tactic=tactic,
        pillar=pillar,
        version=3,
    )
    calendar = feed(owner_membership)
    assert str(calendar["X-WR-CALNAME"]).startswith("Fromagerie du Lac")
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"
    event = events_by_uid(calendar)[f"post-{post.pk}@testserver"]
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2026, 1, 20, 9, 0, tzinfo=dt.UTC)
    assert "DTSTART:20260120T090000Z" in calendar.to_ical().decode()
    assert event.decoded("DURATION") == dt.timedelta(minutes=15)
    assert str(event["SUMMARY"]) == "[Instagram, Facebook] Tomme de printemps"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == "http://testserver" + reverse(
        "editorial:post", args=["fromagerie", post.pk]
    )
    assert int(event["SEQUENCE"]) == 3
    assert event.decoded("LAST-MODIFIED") is not None
    description = str(event["DESCRIPTION"])
    assert "Scheduled" in description
    assert str(tactic) in description and "Coulisses" in description
    assert "— Instagram —" in description and "Nouvelle tomme en cave 🧀" in description


def test_a_post_in_summer_keeps_its_local_hour(owner_membership, make_post):
    post = make_post(when=dt.datetime(2026, 7, 14, 10, 0, tzinfo=PARIS))
    event = events_by_uid(feed(owner_membership))[f"post-{post.pk}@testserver"]
    assert event.decoded("DTSTART") == dt.datetime(2026, 7, 14, 8, 0, tzinfo=dt.UTC)


def test_summary_falls_back_on_the_start_of_the_text(owner_membership, make_post):
    long_text = "Samedi au marché de la Croix-Rousse : dégustation de nos tommes, " * 3
    post = make_post(when=NOW + dt.timedelta(days=2), text=long_text)
    event = events_by_uid(feed(owner_membership))[f"post-{post.pk}@testserver"]
    summary = str(event["SUMMARY"])
    assert summary.startswith("[Instagram] Samedi au marché de la Croix-Rousse")
    assert summary.endswith("…") and len(summary) <= len("[Instagram] ") + 60
    assert str(event["STATUS"]) == "TENTATIVE"  # a draft


def test_what_the_feed_leaves_out(owner_membership, make_post):
    kept = make_post(when=NOW + dt.timedelta(days=1))
    make_post(when=NOW + dt.timedelta(days=2), status=PostStatus.CANCELLED)
    make_post(when=None)  # not planned yet
    make_post(when=NOW - dt.timedelta(days=91))  # too old
    make_post(when=NOW + dt.timedelta(days=366))  # too far
    old_enough = make_post(when=NOW - dt.timedelta(days=89), status=PostStatus.PUBLISHED)
    uids = set(events_by_uid(feed(owner_membership)))
    assert uids == {f"post-{kept.pk}@testserver", f"post-{old_enough.pk}@testserver"}


def test_custom_events_are_all_day(owner_membership):
    ws = owner_membership.workspace
    fair = CalendarEvent.objects.create(
        workspace=ws,
        title="Salon du fromage",
        kind=EventKind.TRADE_FAIR,
        starts_on=dt.date(2026, 2, 22),
        ends_on=dt.date(2026, 2, 25),
        note="Stand B12",
    )
    day = CalendarEvent.objects.create(
        workspace=ws,
        title="Journée du fromage",
        kind=EventKind.WORLD_DAY,
        starts_on=dt.date(2026, 3, 27),
    )
    CalendarEvent.objects.create(workspace=ws, title="Ancien", starts_on=dt.date(2025, 1, 1))
    events = events_by_uid(feed(owner_membership))
    assert set(events) == {f"event-{fair.pk}@testserver", f"event-{day.pk}@testserver"}
    salon = events[f"event-{fair.pk}@testserver"]
    assert salon.decoded("DTSTART") == dt.date(2026, 2, 22)
    assert salon.decoded("DTEND") == dt.date(2026, 2, 26)  # the day after the last, per RFC 5545
    assert str(salon["SUMMARY"]) == "Salon du fromage" and str(salon["DESCRIPTION"]) == "Stand B12"
    assert events[f"event-{day.pk}@testserver"].decoded("DTEND") == dt.date(2026, 3, 28)


def test_another_workspaces_posts_never_show(owner_membership, outsider, make_post):
    from mostra.core.models import Membership
    from mostra.editorial.models import Post

    other = Membership.objects.get(workspace__slug="other-brand")
    Post.objects.create(workspace=other.workspace, author=outsider, scheduled_at=NOW)
    mine = make_post(when=NOW + dt.timedelta(hours=1))
    assert set(events_by_uid(feed(owner_membership))) == {f"post-{mine.pk}@testserver"}


def test_text_with_commas_semicolons_and_newlines_round_trips(owner_membership, make_post):
    text = "Fromage, pain; vin\net « amis » — 🧀🍷"
    post = make_post(when=NOW + dt.timedelta(days=1), text=text)
    event = events_by_uid(feed(owner_membership))[f"post-{post.pk}@testserver"]
    assert text in str(event["DESCRIPTION"])


def count_feed_queries(membership, *, cached: bool) -> int:
    url = feeds.feed_path("fromagerie", feeds.feed_of(membership))
    Client().get(url)  # marks the feed as read: the next polls do not write
    if not cached:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200
    return len(queries)


def test_the_feed_query_count_does_not_grow_with_posts(owner_membership, tactic, make_post):
    pillar = ContentPillar.objects.create(workspace=owner_membership.workspace, name="Coulisses")
    for i in range(3):
        make_post(
            when=NOW + dt.timedelta(days=i), networks=("instagram", "facebook"), tactic=tactic
        )
    few = count_feed_queries(owner_membership, cached=False)
    for i in range(47):
        make_post(
            when=NOW + dt.timedelta(days=i, hours=1),
            networks=("instagram", "linkedin"),
            tactic=tactic,
            pillar=pillar,
        )
    CalendarEvent.objects.create(
        workspace=owner_membership.workspace, title="X", starts_on=NOW.date()
    )
    # The feed, what changed (posts, events), then the posts, their variants, the events.
    assert count_feed_queries(owner_membership, cached=False) == few == 6
    # While nothing changes, the built text is reused: the feed and what changed.
    assert count_feed_queries(owner_membership, cached=True) == 3


def test_a_change_shows_at_the_next_poll(owner_membership, teammate_membership, make_post):
    first = make_post(when=NOW + dt.timedelta(days=1))
    assert set(events_by_uid(feed(owner_membership))) == {f"post-{first.pk}@testserver"}
    second = make_post(when=NOW + dt.timedelta(days=2))
    expected = {f"post-{first.pk}@testserver", f"post-{second.pk}@testserver"}
    assert set(events_by_uid(feed(teammate_membership))) == expected
    second.delete()
    assert set(events_by_uid(feed(owner_membership))) == {f"post-{first.pk}@testserver"}


# --- the downloaded file, for the cast


def test_download_is_an_attachment_with_the_same_events(owner_client, owner_membership, make_post):
    post = make_post(when=NOW + dt.timedelta(days=1))
    response = owner_client.get(reverse("editorial:calendar_ics", args=["fromagerie"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="fromagerie-calendar-2026-01-10.ics"' in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert set(events_by_uid(calendar)) == {f"post-{post.pk}@testserver"}


def test_download_follows_the_calendars_filters(owner_client, make_post):
    insta = make_post(when=NOW + dt.timedelta(days=1), networks=("instagram",))
    make_post(when=NOW + dt.timedelta(days=2), networks=("linkedin",))
    url = reverse("editorial:calendar_ics", args=["fromagerie"])
    calendar = icalendar.Calendar.from_ical(owner_client.get(url + "?network=instagram").content)
    assert set(events_by_uid(calendar)) == {f"post-{insta.pk}@testserver"}
    calendar = icalendar.Calendar.from_ical(owner_client.get(url + "?status=scheduled").content)
    assert events_by_uid(calendar) == {}


def test_download_for_teammate_and_outsider(workspace, teammate_client, outsider_client):
    url = reverse("editorial:calendar_ics", args=["fromagerie"])
    assert teammate_client.get(url).status_code == 200
    assert outsider_client.get(url).status_code == 404
    assert Client().get(url).status_code == 302


@pytest.mark.parametrize("name", ["calendar_ics", "calendar_csv"])
def test_downloads_make_as_many_queries_for_3_and_50_posts(owner_client, tactic, make_post, name):
    url = reverse(f"editorial:{name}", args=["fromagerie"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get(url).status_code == 200
        return len(queries)

    for i in range(3):
        make_post(when=NOW + dt.timedelta(days=i), tactic=tactic)
    few = count()
    for i in range(47):
        make_post(
            when=NOW + dt.timedelta(days=i, hours=2), networks=("x", "bluesky"), tactic=tactic
        )
    assert count() == few
