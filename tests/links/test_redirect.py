"""The public short link: tags merged, unknown 404, expired or disabled 410, HEAD and
bots not counted, a burst counted once, no open redirect, the code kept on edit."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from mostra.core.models import Membership
from mostra.links.models import ClickDay, TrackedLink
from mostra.links.services.links import change_target, create_link, disable, set_expiry

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def get(path: str, *, agent: str = BROWSER, address: str = "203.0.113.9", **extra):
    return Client().get(path, HTTP_USER_AGENT=agent, REMOTE_ADDR=address, **extra)


@pytest.fixture
def link(owner_membership: Membership) -> TrackedLink:
    return create_link(
        owner_membership,
        "https://fromagerie.example/shop?ref=home#cheeses",
        medium="organic",
        campaign="Spring 2026",
        network="bluesky",
    )


def clicks_of(link: TrackedLink) -> tuple[int, int]:
    row = ClickDay.objects.filter(link=link).first()
    return (row.clicks, row.uniques) if row else (0, 0)


@pytest.mark.django_db
def test_redirect_merges_the_tags_into_the_targets_query(link, click_buffer):
    response = get(f"/l/{link.code}")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.netloc, location.path, location.fragment) == (
        "fromagerie.example",
        "/shop",
        "cheeses",
    )
    assert parse_qs(location.query) == {
        "ref": ["home"],
        "utm_source": ["bluesky"],
        "utm_medium": ["social"],
        "utm_campaign": ["spring-2026"],
    }
    assert "Set-Cookie" not in response.headers
    assert click_buffer.flush() == 1
    assert clicks_of(link) == (1, 1)


@pytest.mark.django_db
def test_unknown_code_is_404_and_expired_or_disabled_410(
    link, owner_membership, django_capture_on_commit_callbacks
):
    assert get("/l/zzzzzzz").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        set_expiry(owner_membership, link, timezone.now() - dt.timedelta(minutes=1))
    gone = get(f"/l/{link.code}")
    assert gone.status_code == 410
    assert "This link has expired" in gone.content.decode()
    french = get(f"/l/{link.code}", HTTP_ACCEPT_LANGUAGE="fr")
    assert french.status_code == 410
    assert '<html lang="fr"' in french.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        set_expiry(owner_membership, link, None)
    assert get(f"/l/{link.code}").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        disable(owner_membership, link)
    assert get(f"/l/{link.code}").status_code == 410


@pytest.mark.django_db
def test_head_bots_and_previews_are_not_counted(link, click_buffer):
    assert Client().head(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER).status_code == 302
    for agent in (
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Twitterbot/1.0",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "WhatsApp/2.23.20.0",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/8.5.0",
        "Wget/1.21",
        "python-requests/2.32.0",
        "",
    ):
        assert get(f"/l/{link.code}", agent=agent).status_code == 302
    assert click_buffer.flush() == 0
    assert clicks_of(link) == (0, 0)


@pytest.mark.django_db
def test_a_burst_from_one_visitor_counts_once_a_minute(link, click_buffer):
    start = 1_800_000_000.0
    counted = [
        click_buffer.count(link.pk, "198.51.100.4", BROWSER, now=start + s) for s in range(10)
    ]
    assert counted == [True] + [False] * 9
    assert click_buffer.count(link.pk, "198.51.100.4", BROWSER, now=start + 61)
    assert click_buffer.count(link.pk, "198.51.100.5", BROWSER, now=start + 62)
    assert click_buffer.flush() == 3
    assert clicks_of(link) == (3, 2)


@pytest.mark.django_db
def test_no_address_nor_agent_is_stored(link):
    get(f"/l/{link.code}", address="198.51.100.77")
    from mostra.links import clicks

    clicks.buffer.flush()
    columns = {f.column for f in ClickDay._meta.get_fields() if hasattr(f, "column")}
    assert columns == {"id", "link_id", "day", "clicks", "uniques"}
    stored = [str(v) for row in ClickDay.objects.values_list() for v in row]
    assert not any("198.51.100.77" in v or "Firefox" in v for v in stored)


@pytest.mark.django_db
def test_editing_the_target_keeps_the_code(
    link, owner_membership, django_capture_on_commit_callbacks
):
    code = link.code
    assert get(f"/l/{code}")["Location"].startswith("https://fromagerie.example/shop")
    with django_capture_on_commit_callbacks(execute=False) as on_commit:
        change_target(owner_membership, link, "https://fromagerie.example/new-shop")
    # Until the change is committed, the redirect keeps the row it read: a click in
    # between must not read the old row again and keep it past the commit.
    assert get(f"/l/{code}")["Location"].startswith("https://fromagerie.example/shop?")
    for forget in on_commit:
        forget()
    link.refresh_from_db()
    assert link.code == code
    assert get(f"/l/{code}")["Location"].startswith("https://fromagerie.example/new-shop?")


@pytest.mark.django_db
def test_no_open_redirect(link, outsider):
    other_membership = Membership.objects.get(workspace__slug="other-brand", user=outsider)
    other = create_link(other_membership, "https://other.example/", medium="email")
    response = get(f"/l/{other.code}?next=https://evil.example/")
    assert response["Location"].startswith("https://other.example/?utm_source=newsletter")
    mine = get(f"/l/{link.code}?next=https://evil.example/&url=https://evil.example/")
    assert urlsplit(mine["Location"]).netloc == "fromagerie.example"
    assert get("/l/https:%2F%2Fevil.example").status_code == 404


@pytest.mark.django_db
def test_the_redirect_reads_one_row_then_none(link, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert get(f"/l/{link.code}").status_code == 302
    with django_assert_max_num_queries(0):
        assert get(f"/l/{link.code}", address="198.51.100.8").status_code == 302


@pytest.mark.django_db
def test_answers_on_a_short_domain_and_refuses_other_methods(link, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "go.example.org"]
    response = Client().get(f"/l/{link.code}", HTTP_HOST="go.example.org", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert response["Location"].startswith("https://fromagerie.example/shop?")
    # No CSRF check stands in the way, and nothing but GET and HEAD is answered.
    assert Client(enforce_csrf_checks=True).post(f"/l/{link.code}").status_code == 405


@pytest.mark.django_db
def test_a_new_day_draws_a_new_salt_and_counts_the_visitor_again(link, click_buffer):
    day_one = dt.datetime(2026, 5, 4, 12, tzinfo=dt.UTC).timestamp()
    assert click_buffer.count(link.pk, "198.51.100.4", BROWSER, now=day_one)
    salt = click_buffer._salt
    assert click_buffer.count(link.pk, "198.51.100.4", BROWSER, now=day_one + 86_400)
    assert click_buffer._salt != salt
    assert click_buffer.flush() == 2
    rows = list(ClickDay.objects.filter(link=link).order_by("day").values_list("clicks", "uniques"))
    assert rows == [(1, 1), (1, 1)]
