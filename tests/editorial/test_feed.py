"""The private calendar feed: the token is the key, and only while the member stays.

Calendar apps poll the feed without logging in, so every refusal (wrong token, revoked
token, removed or deactivated member, other workspace) is the same 404.
"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from mostra.core.models import AuditEvent, Membership
from mostra.editorial.models import CalendarFeed
from mostra.editorial.services import feeds
from tests.conftest import client_for

NOW = dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_time():
    cache.clear()  # built feeds are cached; each test starts without
    with time_machine.travel(NOW, tick=False):
        yield


def feed_url(membership: Membership) -> str:
    return feeds.feed_path(membership.workspace.slug, feeds.feed_of(membership))


def read(url: str) -> tuple[int, icalendar.Calendar | None]:
    response = Client().get(url)
    if response.status_code != 200:
        return response.status_code, None
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return 200, icalendar.Calendar.from_ical(response.content)


def test_the_url_carries_the_membership_and_an_hmac(owner_membership):
    feed = feeds.feed_of(owner_membership)
    url = feed_url(owner_membership)
    assert url.startswith("/w/fromagerie/calendar/feed/") and url.endswith(".ics")
    member_id, _sep, secret = feeds.token_of(feed).partition("-")
    assert member_id == str(owner_membership.pk)
    assert len(secret) == 43  # 32 bytes of HMAC-SHA256 in urlsafe base64, no padding
    assert feed.nonce not in url  # the nonce alone is not the secret


def test_a_good_token_opens_the_feed_without_login(owner_membership, make_post):
    make_post(when=dt.datetime(2026, 1, 20, 9, tzinfo=dt.UTC))
    status, calendar = read(feed_url(owner_membership))
    assert status == 200
    assert len(calendar.walk("VEVENT")) == 1
    feed = CalendarFeed.objects.get(membership=owner_membership)
    assert feed.last_read_at == NOW


def test_every_member_has_an_own_address(owner_membership, teammate_membership):
    assert feed_url(owner_membership) != feed_url(teammate_membership)
    assert read(feed_url(teammate_membership))[0] == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # one character off
        lambda token: token.split("-", 1)[0] + "-",  # no secret
        lambda token: "x" + token,  # not a membership id
        lambda token: token.split("-", 1)[1],  # the secret without its id
        lambda token: "999999-" + token.split("-", 1)[1],  # the secret on another id
        lambda token: "9" * 30 + "-" + token.split("-", 1)[1],  # an id no database holds
        lambda token: token + "x" * 300,  # far too long
    ],
)
def test_a_wrong_token_is_404(owner_membership, tamper):
    token = feeds.token_of(feeds.feed_of(owner_membership))
    url = reverse("editorial:calendar_feed", args=["fromagerie", tamper(token)])
    assert read(url)[0] == 404


def test_a_token_does_not_open_another_workspace(owner_membership, outsider):
    token = feeds.token_of(feeds.feed_of(owner_membership))
    assert read(reverse("editorial:calendar_feed", args=["other-brand", token]))[0] == 404


def test_the_secret_depends_on_the_site_secret_key(owner_membership, settings):
    feed = feeds.feed_of(owner_membership)
    before = feeds.token_of(feed)
    settings.SECRET_KEY = "another secret key, for another site, long enough to be real"
    assert feeds.token_of(feed) != before
    assert feeds.resolve("fromagerie", before) is None


def test_reset_revokes_the_old_address(owner_membership):
    old = feed_url(owner_membership)
    feeds.reset(owner_membership)
    new = feed_url(owner_membership)
    assert new != old
    assert read(old)[0] == 404
    assert read(new)[0] == 200


def test_a_removed_member_loses_the_feed(teammate_membership):
    url = feed_url(teammate_membership)
    assert read(url)[0] == 200
    teammate_membership.delete()
    assert read(url)[0] == 404


def test_a_deactivated_user_loses_the_feed(teammate_membership, teammate):
    url = feed_url(teammate_membership)
    teammate.is_active = False
    teammate.save()
    assert read(url)[0] == 404


def test_the_feed_only_reads(owner_membership):
    url = feed_url(owner_membership)
    assert Client().post(url).status_code == 405
    assert Client().head(url).status_code == 200


# --- the subscription page and the reset, for the cast


def test_subscribe_page_shows_the_members_own_address(owner_client, owner_membership):
    response = owner_client.get(reverse("editorial:calendar_subscribe", args=["fromagerie"]))
    assert response.status_code == 200
    page = response.content.decode()
    token = feeds.token_of(CalendarFeed.objects.get(membership=owner_membership))
    assert f"http://testserver/w/fromagerie/calendar/feed/{token}.ics" in page
    assert f"webcal://testserver/w/fromagerie/calendar/feed/{token}.ics" in page
    assert "Google Calendar" in page and "Thunderbird" in page and "Outlook" in page


def test_subscribe_page_for_teammate_outsider_and_anonymous(
    workspace, teammate_client, outsider_client, teammate_membership
):
    url = reverse("editorial:calendar_subscribe", args=["fromagerie"])
    response = teammate_client.get(url)
    assert response.status_code == 200
    assert feeds.token_of(feeds.feed_of(teammate_membership)) in response.content.decode()
    assert outsider_client.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page


def test_reset_from_the_page_is_audited(owner_client, owner_membership):
    old = feed_url(owner_membership)
    url = reverse("editorial:calendar_feed_reset", args=["fromagerie"])
    assert owner_client.get(url).status_code == 405
    response = owner_client.post(url)
    assert response.status_code == 302
    assert read(old)[0] == 404
    event = AuditEvent.objects.get(workspace=owner_membership.workspace, object_type="calendarfeed")
    assert event.actor == owner_membership.user and event.action == "update"
    followed = owner_client.get(response["Location"])
    assert "new address" in followed.content.decode()


def test_outsiders_get_404_whatever_the_method(workspace, outsider_client):
    for name in ("calendar_subscribe", "calendar_feed_reset", "calendar_ics", "calendar_csv"):
        url = reverse(f"editorial:{name}", args=["fromagerie"])
        assert outsider_client.get(url).status_code == 404
        assert outsider_client.post(url).status_code == 404


def test_reset_by_teammate_and_outsider(
    workspace, owner_membership, teammate_client, outsider_client
):
    owners = feed_url(owner_membership)
    url = reverse("editorial:calendar_feed_reset", args=["fromagerie"])
    assert teammate_client.post(url).status_code == 302
    assert outsider_client.post(url).status_code == 404
    assert read(owners)[0] == 200  # a teammate's reset is their own
    assert client_for(None).post(url).status_code == 302  # login
