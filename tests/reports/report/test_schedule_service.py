"""The schedules page writes through :mod:`mostra.reports.schedules`, as any other
surface would: the same refusal, the audit entry of each change."""

from __future__ import annotations

from html import escape

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, AuditEvent, Membership
from mostra.reports import schedules
from mostra.reports.models import ReportSchedule
from tests.reports.report.test_views import SCHEDULE, url

pytestmark = pytest.mark.django_db

VALUES = {
    "recipients": "direction@example.org",
    "language": "fr",
    "frequency": "monthly",
    "day_of_month": 2,
    "weekday": 0,
    "active": True,
}


def events(workspace) -> list[tuple[str, dict]]:
    found = AuditEvent.objects.filter(workspace=workspace, object_type="reportschedule")
    return [(e.action, e.changes) for e in found.order_by("id")]


def test_each_change_on_the_page_is_audited(owner_client, workspace, owner):
    assert owner_client.post(url("report_schedules"), SCHEDULE).status_code == 302
    schedule = ReportSchedule.objects.get()
    edit = owner_client.post(
        url("report_schedule_edit", schedule.pk), {**SCHEDULE, "day_of_month": "5"}
    )
    assert edit.status_code == 302
    assert owner_client.post(url("report_schedule_delete", schedule.pk)).status_code == 302
    (created, changed, deleted) = events(workspace)
    assert created[0] == AuditAction.CREATE
    assert created[1]["recipients"] == [None, "direction@example.org, com@example.org"]
    assert changed == (AuditAction.UPDATE, {"day_of_month": [2, 5]})
    assert deleted[0] == AuditAction.DELETE
    schedule_events = AuditEvent.objects.filter(object_type="reportschedule")
    assert set(schedule_events.values_list("actor", flat=True)) == {owner.pk}


def test_the_service_and_the_page_refuse_alike(owner_client, owner_membership, workspace):
    wrong = "a@example.org, not-an-address"
    with pytest.raises(DomainError) as refused:
        schedules.save_schedule(owner_membership, {**VALUES, "recipients": wrong})
    assert refused.value.field == "recipients"
    assert "not-an-address" in refused.value.message
    page = owner_client.post(url("report_schedules"), {**SCHEDULE, "recipients": wrong})
    assert page.status_code == 400
    assert escape(refused.value.message) in page.content.decode()
    assert not ReportSchedule.objects.exists() and events(workspace) == []


def test_a_teammate_and_an_outsider_change_nothing(
    owner_membership, teammate_membership, outsider, workspace
):
    schedule = schedules.save_schedule(owner_membership, VALUES)
    with pytest.raises(DomainError):
        schedules.save_schedule(teammate_membership, {**VALUES, "language": "en"}, schedule.pk)
    with pytest.raises(DomainError):
        schedules.delete_schedule(teammate_membership, schedule.pk)
    theirs = Membership.objects.get(user=outsider)
    with pytest.raises(schedules.NoSuchSchedule):
        schedules.delete_schedule(theirs, schedule.pk)
    with pytest.raises(schedules.NoSuchSchedule):
        schedules.save_schedule(theirs, VALUES, schedule.pk)
    schedule.refresh_from_db()
    assert schedule.language == "fr" and len(events(workspace)) == 1
