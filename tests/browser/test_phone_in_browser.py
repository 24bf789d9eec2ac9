"""On a phone (390×844): no page scrolls sideways (tables scroll inside their own box,
charts scale), and the calendar opens as an agenda of the month's days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.analytics.models import AccountPost, FollowerCount, TrackedAccount
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.strategy.models import Objective
from tests.browser.test_strategy_in_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
LONG_TITLE = "Fromage de chèvre affiné six semaines en cave naturelle voûtée du Jura"


@pytest.fixture
def busy(workspace, owner):
    """A post today and one tomorrow (or yesterday at the month's end), a fortnight of
    measured posts for the dashboard's tables and charts, an objective."""
    now = timezone.localtime(timezone.now())
    other_day = now + dt.timedelta(days=1)
    if other_day.month != now.month:
        other_day = now - dt.timedelta(days=1)
    posts = []
    for title, when in ((LONG_TITLE, now.replace(hour=23, minute=0)), ("Tomme", other_day)):
        post = Post.objects.create(
            workspace=workspace,
            author=owner,
            title=title,
            status=PostStatus.IN_REVIEW,
            scheduled_at=when.replace(hour=10, minute=30),
        )
        for position, network in enumerate(("instagram", "facebook", "linkedin")):
            PostVariant.objects.create(
                post=post, network=network, text=f"{title} " * 12, position=position
            )
        posts.append(post)
    account = TrackedAccount.objects.create(
        workspace=workspace, network="mastodon", handle="fromagerie.du.lac@piaille.fr"
    )
    for day in range(1, 15):
        AccountPost.objects.create(
            account=account,
            network_id=f"m{day}",
            kind="original",
            published_at=timezone.now() - dt.timedelta(days=day),
            source="mastodon",
            text="Une publication assez longue pour remplir la colonne du tableau " * 3,
            url=f"https://piaille.fr/@fromagerie/{day}",
            likes=day,
            replies=1,
            reposts=2,
            quotes=0,
        )
    FollowerCount.objects.create(
        account=account,
        date=timezone.localdate() - dt.timedelta(days=20),
        followers=800,
        source="csv",
    )
    FollowerCount.objects.create(
        account=account, date=timezone.localdate(), followers=900, source="csv"
    )
    Objective.objects.create(
        workspace=workspace,
        key="o-notoriete",
        title="Se faire connaître dans la région",
        axis="awareness",
        kpi="followers",
        networks=["mastodon"],
        baseline_value=800,
        target_value=2000,
        deadline=timezone.localdate() + dt.timedelta(days=120),
    )
    return posts


def on_a_phone(page, live_server, owner) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, live_server, owner.email)


def assert_no_sideways_scroll(page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what} scrolls sideways on a phone ({width}px)"


@pytest.mark.parametrize(
    "name, path",
    [
        ("home", ""),
        ("dashboard", "reports/dashboard/"),
        ("calendar-list", "calendar/list/"),
        ("objectives", "analytics/objectives/"),
    ],
)
def test_pages_fit_a_phone(page, live_server, workspace, owner, busy, screenshot, name, path):
    on_a_phone(page, live_server, owner)
    page.goto(f"{live_server.url}/w/{workspace.slug}/{path}")
    assert_no_sideways_scroll(page, name)
    screenshot(page, f"phone-{name}")


def test_the_home_page_on_a_phone(page, live_server, workspace, owner, busy, screenshot):
    on_a_phone(page, live_server, owner)
    page.goto(f"{live_server.url}/w/{workspace.slug}/")
    days = page.locator("#next-days")
    assert LONG_TITLE in days.inner_text() and "Tomme" in days.inner_text()
    assert page.locator("#objectives").is_visible()
    box = page.locator("#next-days").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_the_post_page_on_a_phone(page, live_server, workspace, owner, busy, screenshot):
    on_a_phone(page, live_server, owner)
    page.goto(f"{live_server.url}/w/{workspace.slug}/posts/{busy[0].pk}/")
    assert LONG_TITLE in page.locator("main").inner_text()
    assert_no_sideways_scroll(page, "the post page")
    screenshot(page, "phone-post")


def test_the_calendar_opens_as_an_agenda_on_a_phone(
    page, live_server, workspace, owner, busy, screenshot
):
    on_a_phone(page, live_server, owner)
    page.goto(f"{live_server.url}/w/{workspace.slug}/calendar/")
    agenda = page.locator(".cal-agenda")
    assert agenda.is_visible()
    assert not page.locator(".month-table").is_visible()
    assert LONG_TITLE in agenda.inner_text() and "Tomme" in agenda.inner_text()
    assert agenda.locator(".agenda-day.today").count() == 1
    assert_no_sideways_scroll(page, "the calendar")
    screenshot(page, "phone-calendar")
    agenda.get_by_role("link", name="Tomme", exact=True).click()
    page.wait_for_url(f"**/posts/{busy[1].pk}/")


def test_a_wide_screen_keeps_the_month_grid(page, live_server, workspace, owner, busy):
    log_in(page, live_server, owner.email)
    page.goto(f"{live_server.url}/w/{workspace.slug}/calendar/")
    assert page.locator(".month-table").is_visible()
    assert not page.locator(".cal-agenda").is_visible()
