"""The tactic's recurring slots as dates, and the next free one (local wall times)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from mostra.editorial.models import PostStatus
from mostra.editorial.services import slots
from tests.conftest import client_for

PARIS = ZoneInfo("Europe/Paris")


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def weekly(tactic):
    """Reels on Tuesdays at 10:00 (Instagram)."""
    tactic.slots = [{"day": "tue", "time": "10:00", "network": None}]
    tactic.save()
    return tactic


def test_labels_say_day_time_network_and_format(tactic):
    slot = {"day": "tue", "time": "10:00", "network": None}
    assert slots.label(tactic, slot) == "Tuesday 10:00 · Instagram · Reel / short video"
    slot = {"day": "fri", "time": "12:00", "network": "facebook"}
    assert slots.label(tactic, slot) == "Friday 12:00 · Facebook · Reel / short video"


def test_weekly_slots_keep_their_local_time_across_a_dst_change(weekly):
    # Paris moves to summer time on Sunday 31 March 2030.
    found = slots.proposed_slots(weekly, dt.date(2030, 3, 25), dt.date(2030, 4, 7))
    assert [s.at for s in found] == [paris(2030, 3, 26, 10), paris(2030, 4, 2, 10)]
    assert [s.at.astimezone(dt.UTC).hour for s in found] == [9, 8]
    # …and back to winter time on Sunday 27 October 2030.
    found = slots.proposed_slots(weekly, dt.date(2030, 10, 21), dt.date(2030, 11, 3))
    assert [s.at.astimezone(dt.UTC).hour for s in found] == [8, 9]
    assert {s.time_value for s in found} == {"10:00"}


def test_a_slot_in_the_hour_the_clocks_skip_moves_after_the_jump(tactic):
    tactic.slots = [{"day": "sun", "time": "02:30", "network": None}]
    tactic.save()
    (slot,) = slots.proposed_slots(tactic, dt.date(2030, 3, 31), dt.date(2030, 3, 31))
    assert slot.time_value == "03:30" and slot.at.utcoffset() == dt.timedelta(hours=2)


def test_taken_slots_are_marked_and_skipped(weekly, make_post):
    post = make_post(tactic=weekly, when=paris(2030, 3, 26, 10))
    found = slots.proposed_slots(weekly, dt.date(2030, 3, 25), dt.date(2030, 4, 7))
    assert [s.taken_by for s in found] == [post.pk, None]
    after = paris(2030, 3, 25, 12)
    assert slots.next_free_slot(weekly, after) == paris(2030, 4, 2, 10)
    # The post being edited does not take its own slot.
    assert slots.next_free_slot(weekly, after, exclude_post=post.pk) == paris(2030, 3, 26, 10)


def test_a_cancelled_post_frees_its_slot(weekly, make_post):
    make_post(tactic=weekly, when=paris(2030, 3, 26, 10), status=PostStatus.CANCELLED)
    assert slots.next_free_slot(weekly, paris(2030, 3, 25)) == paris(2030, 3, 26, 10)


def test_a_post_of_another_tactic_does_not_take_the_slot(weekly, make_post, strategy):
    from mostra.strategy.models import Tactic

    other = Tactic.objects.get(workspace=weekly.workspace, key="k-arrivages")
    make_post(tactic=other, when=paris(2030, 3, 26, 10))
    assert slots.next_free_slot(weekly, paris(2030, 3, 25)) == paris(2030, 3, 26, 10)


def test_network_slots_are_taken_only_by_a_post_on_that_network(tactic, make_post):
    tactic.slots = [
        {"day": "wed", "time": "09:00", "network": "facebook"},
        {"day": "fri", "time": "12:00", "network": "instagram"},
    ]
    tactic.save()
    make_post(tactic=tactic, networks=("instagram",), when=paris(2030, 3, 27, 9))
    after = paris(2030, 3, 25)
    assert slots.next_free_slot(tactic, after, "facebook") == paris(2030, 3, 27, 9)
    assert slots.next_free_slot(tactic, after, "instagram") == paris(2030, 3, 29, 12)
    make_post(tactic=tactic, networks=("facebook",), when=paris(2030, 3, 27, 9))
    assert slots.next_free_slot(tactic, after, "facebook") == paris(2030, 4, 3, 9)


def test_the_next_free_slot_is_strictly_after(weekly):
    assert slots.next_free_slot(weekly, paris(2030, 3, 26, 10)) == paris(2030, 4, 2, 10)


def test_a_tactic_without_slots_has_no_next_slot(tactic):
    tactic.slots = []
    tactic.save()
    assert slots.next_free_slot(tactic, paris(2030, 1, 1)) is None
    assert slots.proposed_slots(tactic, dt.date(2030, 1, 1), dt.date(2030, 2, 1)) == []


# --- The "Next free slot" button -------------------------------------------------------


def slots_url(workspace) -> str:
    return reverse("editorial:post_slots", args=[workspace.slug])


def test_the_button_fills_the_next_free_slot_after_the_typed_date(
    owner_client, workspace, weekly, make_post
):
    make_post(tactic=weekly, when=paris(2030, 3, 26, 10))
    response = owner_client.get(
        slots_url(workspace),
        {"tactic": weekly.pk, "date": "2030-03-25", "time": "", "next": "1"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert 'id="id_date" value="2030-04-02"' in page and 'id="id_time" value="10:00"' in page
    assert "next free slot" in page


def test_the_button_without_a_typed_date_starts_from_now(owner_client, workspace, weekly):
    response = owner_client.get(slots_url(workspace), {"tactic": weekly.pk, "next": "1"})
    page = response.content.decode()
    found = slots.next_free_slot(weekly, dt.datetime.now(dt.UTC))
    assert f'value="{found.astimezone(PARIS):%Y-%m-%d}"' in page


def test_the_button_says_when_the_tactic_has_no_slots(owner_client, workspace, tactic):
    tactic.slots = []
    tactic.save()
    response = owner_client.get(
        slots_url(workspace), {"tactic": tactic.pk, "date": "2030-03-25", "next": "1"}
    )
    page = response.content.decode()
    assert "has no day and time slots yet" in page
    assert 'id="id_date" value="2030-03-25"' in page  # what was typed stays


def test_the_button_asks_for_a_tactic_first(owner_client, workspace):
    response = owner_client.get(slots_url(workspace), {"next": "1"})
    assert "Choose the tactic first" in response.content.decode()


def test_the_form_lists_upcoming_slots_as_suggestions(owner, workspace, weekly):
    with time_machine.travel(paris(2030, 3, 25, 12), tick=False):  # a Monday
        page = (
            client_for(owner)
            .get(reverse("editorial:post_new", args=[workspace.slug]) + f"?tactic={weekly.pk}")
            .content.decode()
        )
    assert 'data-slot-date="2030-03-26" data-slot-time="10:00"' in page
    assert page.count("data-slot-date=") == 2  # two Tuesdays in the next two weeks
    assert "Instagram · Reel / short video" in page


def test_the_slots_of_another_workspace_are_not_shown(outsider_client, weekly):
    response = outsider_client.get(
        reverse("editorial:post_slots", args=["other-brand"]), {"tactic": weekly.pk, "next": "1"}
    )
    assert "Choose the tactic first" in response.content.decode()
