"""Renewal warnings: on the Toolbox page, on the owner's home page, and one notification
per renewal sent by the side work's periodic job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from mostra.notifications.models import Notification
from mostra.notifications.services import tool_renewals
from mostra.notifications.texts import path, text
from mostra.publishing import side_work
from mostra.toolbox.models import Tool
from mostra.toolbox.services import tools

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def canva(owner_membership, teammate):
    return tools.add_tool(
        owner_membership,
        {"name": "Canva", "owner_id": teammate.pk, "renews_on": "2027-03-20", "warn_days": 30},
    )


def test_the_job_is_a_periodic_job_of_the_side_work():
    jobs = {(module, name) for module, name, _every in side_work.PERIODIC}
    assert ("mostra.notifications.services.tool_renewals", "send_due") in jobs


def test_the_owner_is_notified_once_per_renewal(canva, teammate):
    early = NOON - dt.timedelta(days=15)  # 34 days before: not yet
    assert tool_renewals.send_due(early) == 0
    assert tool_renewals.send_due(NOON) == 1
    assert tool_renewals.send_due(NOON + dt.timedelta(days=1)) == 0
    notice = Notification.objects.get()
    assert notice.recipient_id == teammate.pk
    assert notice.kind == "tool_renewal"
    assert "Canva renews on 2027-03-20" in text(notice)
    assert path(notice) == reverse("toolbox:tools", args=["fromagerie"]) + f"#tool-{canva.pk}"


def test_a_new_renewal_date_is_notified_again(owner_membership, canva):
    assert tool_renewals.send_due(NOON) == 1
    values = {f: getattr(canva, f) for f in tools.FIELDS} | {"renews_on": "2027-03-25"}
    tools.update_tool(owner_membership, canva.pk, values)
    assert tool_renewals.send_due(NOON) == 1
    assert Notification.objects.count() == 2


def test_a_tool_without_owner_or_date_is_never_claimed(owner_membership):
    tools.add_tool(owner_membership, {"name": "Later", "renews_on": "2027-03-10"})
    tools.add_tool(owner_membership, {"name": "Bitly"})
    assert tool_renewals.send_due(NOON) == 0
    assert not Tool.objects.exclude(warned_for=None).exists()


def test_the_warning_is_on_the_toolbox_page_and_the_owner_home(
    owner_membership, teammate, owner_client, teammate_client
):
    soon = dt.date.today() + dt.timedelta(days=19)
    tools.add_tool(owner_membership, {"name": "Canva", "owner_id": teammate.pk, "renews_on": soon})
    tools.add_tool(owner_membership, {"name": "Later", "renews_on": soon + dt.timedelta(days=40)})
    page = owner_client.get(reverse("toolbox:tools", args=["fromagerie"])).content.decode()
    warning = page.split('id="renewals"')[1].split("</section>")[0]
    assert "Canva" in warning and "in 19 days" in warning
    assert "Later" not in warning  # 59 days away, warned 30 days before
    home = reverse("core:workspace", args=["fromagerie"])
    theirs = teammate_client.get(home).content.decode()
    assert 'id="tool-renewals"' in theirs and "Canva" in theirs
    mine = owner_client.get(home).content.decode()  # Alice does not own it
    assert 'id="tool-renewals"' not in mine
