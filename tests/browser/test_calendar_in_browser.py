"""A community manager drags a post to another day of the month, and it moves.

The move is saved (database), audited, and shown without a reload; a drop on a past
day is refused with a message and the chip stays where it was.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.core.models import AuditEvent
from mostra.editorial.models import CalendarEvent, ContentPillar, Post, PostStatus, PostVariant
from tests.browser.test_strategy_in_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PARIS = dt.timezone(dt.timedelta(hours=1))  # winter time: the test's month is February


def plan(workspace, owner, *, networks=("instagram",), text="", **fields) -> Post:
    post = Post.objects.create(workspace=workspace, author=owner, **fields)
    for position, network in enumerate(networks):
        PostVariant.objects.create(post=post, network=network, text=text, position=position)
    return post


def test_drag_a_post_to_another_day(page, live_server, workspace, owner, screenshot):
    def make_post(*, when, **fields) -> Post:
        return plan(workspace, owner, scheduled_at=when, **fields)

    year = timezone.now().year + 1
    pillar = ContentPillar.objects.create(workspace=workspace, name="Coulisses", color="#d9480f")
    post = make_post(
        when=dt.datetime(year, 2, 10, 9, 30, tzinfo=dt.UTC),  # 10:30 in Paris
        title="Tomme de février",
        networks=("instagram", "facebook"),
        pillar=pillar,
    )
    make_post(
        when=dt.datetime(year, 2, 12, 16, 0, tzinfo=dt.UTC),
        text="Arrivage de comté 24 mois : venez goûter samedi !",
        status=PostStatus.APPROVED,
    )
    make_post(
        when=dt.datetime(year, 2, 3, 7, 0, tzinfo=dt.UTC),
        title="Recette du mardi",
        networks=("linkedin",),
        status=PostStatus.IN_REVIEW,
    )
    CalendarEvent.objects.create(
        workspace=workspace,
        title="Salon du fromage",
        kind="trade_fair",
        starts_on=dt.date(year, 2, 23),
        ends_on=dt.date(year, 2, 25),
    )
    log_in(page, live_server, "alice@example.org")
    page.goto(f"{live_server.url}/w/{workspace.slug}/calendar/{year}/2/")
    chip = page.locator(f"#post-{post.pk}")
    assert chip.get_attribute("data-date") == f"{year}-02-10"
    assert "10:30" in chip.inner_text() and "Draft" in chip.inner_text()
    screenshot(page, "calendar-month")
    page.evaluate("window.stillTheSamePage = true")

    # Drag it to the 18th: it moves there, at the same time of day, without a reload.
    chip.drag_to(page.locator(f'td[data-drop-date="{year}-02-18"]'))
    moved = page.locator(f'td[data-drop-date="{year}-02-18"] #post-{post.pk}')
    moved.wait_for()
    assert page.locator(f'td[data-drop-date="{year}-02-10"] #post-{post.pk}').count() == 0
    assert "10:30" in moved.inner_text()
    assert "moved to" in page.locator("#calendar-status").inner_text()
    assert page.evaluate("window.stillTheSamePage") is True
    post.refresh_from_db()
    assert post.scheduled_at.astimezone(PARIS) == dt.datetime(year, 2, 18, 10, 30, tzinfo=PARIS)
    assert AuditEvent.objects.filter(object_type="post", object_id=str(post.pk)).exists()

    # The keyboard's way: the ⇄ button and the Move dialog, to a date and a time.
    moved.locator(".chip-move").click()
    dialog = page.locator("#move-dialog")
    dialog.locator("[name=date]").fill(f"{year}-02-19")
    dialog.locator("[name=time]").fill("17:45")
    dialog.locator("button[type=submit]").click()
    page.locator(f'td[data-drop-date="{year}-02-19"] #post-{post.pk}').wait_for()
    post.refresh_from_db()
    assert post.scheduled_at.astimezone(PARIS) == dt.datetime(year, 2, 19, 17, 45, tzinfo=PARIS)

    # The week view: the post in its hour; drag it to another day and hour.
    page.click(f"#calendar-grid th.wk a >> text='{dt.date(year, 2, 19).isocalendar()[1]}'")
    slot = page.locator(f'td[data-drop-date="{year}-02-19"][data-drop-time="17:00"]')
    assert slot.locator(f"#post-{post.pk}").count() == 1
    screenshot(page, "calendar-week")
    page.locator(f"#post-{post.pk}").drag_to(
        page.locator(f'td[data-drop-date="{year}-02-17"][data-drop-time="09:00"]')
    )
    page.locator(
        f'td[data-drop-date="{year}-02-17"][data-drop-time="09:00"] #post-{post.pk}'
    ).wait_for()
    post.refresh_from_db()
    assert post.scheduled_at.astimezone(PARIS) == dt.datetime(year, 2, 17, 9, 45, tzinfo=PARIS)

    # A move into the past is refused: the message shows, the chip stays.
    page.goto(f"{live_server.url}/w/{workspace.slug}/calendar/{year - 2}/2/")
    Post.objects.filter(pk=post.pk).update(
        scheduled_at=dt.datetime(year - 2, 2, 19, 16, 45, tzinfo=dt.UTC)
    )
    page.reload()
    chip = page.locator(f"#post-{post.pk}")
    chip.drag_to(page.locator(f'td[data-drop-date="{year - 2}-02-20"]'))
    page.locator("#calendar-status .msg.error").wait_for()
    assert "already past" in page.locator("#calendar-status").inner_text()
    assert page.locator(f'td[data-drop-date="{year - 2}-02-19"] #post-{post.pk}').count() == 1

    # The connection fails: the page says so, the chip stays, nothing changed.
    page.goto(f"{live_server.url}/w/{workspace.slug}/calendar/{year}/2/")
    Post.objects.filter(pk=post.pk).update(
        scheduled_at=dt.datetime(year, 2, 19, 16, 45, tzinfo=dt.UTC)
    )
    page.reload()
    page.route("**/move/", lambda route: route.abort())
    page.locator(f"#post-{post.pk}").drag_to(page.locator(f'td[data-drop-date="{year}-02-26"]'))
    page.locator("#calendar-status .msg.error").wait_for()
    assert "could not be saved" in page.locator("#calendar-status").inner_text()
    assert page.locator(f'td[data-drop-date="{year}-02-19"] #post-{post.pk}').count() == 1
    post.refresh_from_db()
    assert post.scheduled_at == dt.datetime(year, 2, 19, 16, 45, tzinfo=dt.UTC)


def test_no_sideways_scroll_at_phone_width(page, live_server, workspace, owner):
    year = timezone.now().year + 1
    for day in range(1, 28, 3):
        plan(
            workspace,
            owner,
            scheduled_at=dt.datetime(year, 3, day, 9, 0, tzinfo=dt.UTC),
            title=f"Une publication au titre assez long numéro {day}",
        )
    log_in(page, live_server, "alice@example.org")
    page.set_viewport_size({"width": 390, "height": 800})
    week = dt.date(year, 3, 10).isocalendar()[1]
    for path in [f"{year}/3/", f"week/{year}/{week}/", "list/?when=upcoming", "events/"]:
        page.goto(f"{live_server.url}/w/{workspace.slug}/calendar/{path}")
        # The grids scroll inside their own box; the page itself does not.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
