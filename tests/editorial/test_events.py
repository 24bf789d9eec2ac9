"""Custom calendar events: everyone in the workspace sees them, editors change them."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership, Role, User
from mostra.editorial.models import CalendarEvent
from mostra.editorial.services import calendar_events as service
from tests.conftest import client_for
from tests.editorial.calendar_helpers import days_with

NEXT_YEAR = dt.date.today().year + 1


def events_url(workspace, suffix: str = "") -> str:
    return f"/w/{workspace.slug}/calendar/events/{suffix}"


@pytest.fixture
def viewer(workspace) -> User:
    user = User.objects.create_user("val@example.org", "x", display_name="Valérie Roy")
    Membership.objects.create(workspace=workspace, user=user, role=Role.VIEWER)
    return user


@pytest.fixture
def fair(workspace) -> CalendarEvent:
    return CalendarEvent.objects.create(
        workspace=workspace,
        title="Salon de l'agriculture",
        kind="trade_fair",
        starts_on=dt.date(NEXT_YEAR, 2, 27),
        ends_on=dt.date(NEXT_YEAR, 3, 7),
        note="Stand B12",
    )


def form(**values: str) -> dict[str, str]:
    return {"title": "Fête du fromage", "kind": "world_day", "starts_on": "", **values}


def test_the_cast(workspace, owner, teammate, outsider, viewer, fair):
    for suffix, owner_status, teammate_status, viewer_status in [
        ("", 200, 200, 200),
        (f"{fair.pk}/", 200, 200, 404),
        (f"{fair.pk}/delete/", 200, 200, 404),
    ]:
        assert client_for(owner).get(events_url(workspace, suffix)).status_code == owner_status
        assert client_for(teammate).get(events_url(workspace, suffix)).status_code == (
            teammate_status
        )
        assert client_for(viewer).get(events_url(workspace, suffix)).status_code == viewer_status
        response = client_for(outsider).get(events_url(workspace, suffix))
        assert response.status_code == 404
        assert b"Salon" not in response.content


def test_everyone_sees_the_events_only_editors_get_the_form(workspace, owner, viewer, fair):
    html = client_for(viewer).get(events_url(workspace)).content.decode()
    assert "Salon de l&#x27;agriculture" in html and "Stand B12" in html
    assert 'name="title"' not in html and "/delete/" not in html
    html = client_for(owner).get(events_url(workspace)).content.decode()
    assert 'name="title"' in html and f"{fair.pk}/delete/" in html


def test_an_editor_adds_a_one_day_event(workspace, teammate):
    client = client_for(teammate)
    response = client.post(
        events_url(workspace), form(starts_on=f"{NEXT_YEAR}-03-27", note="Dégustation")
    )
    assert response.status_code == 302
    event = CalendarEvent.objects.get(workspace=workspace)
    assert (event.title, event.kind, event.starts_on, event.ends_on) == (
        "Fête du fromage",
        "world_day",
        dt.date(NEXT_YEAR, 3, 27),
        None,
    )
    assert event.created_by == teammate
    audit = AuditEvent.objects.get(object_type="calendarevent")
    assert audit.action == "create" and audit.actor == teammate
    month = client.get(f"/w/{workspace.slug}/calendar/{NEXT_YEAR}/3/").content.decode()
    assert days_with(month, "Fête du fromage") == [f"{NEXT_YEAR}-03-27"]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"starts_on": f"{NEXT_YEAR}-03-27", "ends_on": f"{NEXT_YEAR}-03-20"},
            "ends_on",
            "The last day is before the first day",
        ),
        ({"starts_on": ""}, "starts_on", "Give the event&#x27;s first day."),
        ({"starts_on": "27/03"}, "starts_on", "Give the first day as a date"),
        ({"title": "  ", "starts_on": f"{NEXT_YEAR}-03-27"}, "title", "Give the event a title."),
        ({"kind": "party", "starts_on": f"{NEXT_YEAR}-03-27"}, "kind", "Select a valid choice"),
        (
            {"starts_on": f"{NEXT_YEAR}-01-01", "ends_on": f"{NEXT_YEAR + 2}-01-01"},
            "ends_on",
            "at most a year",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(workspace, owner, values, field, message):
    response = client_for(owner).post(events_url(workspace), form(**values))
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}-error"' in html
    assert not CalendarEvent.objects.exists()
    assert not AuditEvent.objects.filter(object_type="calendarevent").exists()


def test_an_event_is_changed_and_the_change_audited(workspace, owner, fair):
    response = client_for(owner).post(
        events_url(workspace, f"{fair.pk}/"),
        form(
            title=fair.title,
            kind="trade_fair",
            starts_on=f"{NEXT_YEAR}-02-28",
            ends_on=f"{NEXT_YEAR}-03-08",
            note="Stand B12",
        ),
    )
    assert response.status_code == 302
    fair.refresh_from_db()
    assert (fair.starts_on, fair.ends_on) == (dt.date(NEXT_YEAR, 2, 28), dt.date(NEXT_YEAR, 3, 8))
    audit = AuditEvent.objects.get(object_type="calendarevent", action="update")
    assert audit.changes == {
        "starts_on": [f"{NEXT_YEAR}-02-27", f"{NEXT_YEAR}-02-28"],
        "ends_on": [f"{NEXT_YEAR}-03-07", f"{NEXT_YEAR}-03-08"],
    }


def test_a_bad_change_is_refused_and_the_event_kept(workspace, owner, fair):
    response = client_for(owner).post(
        events_url(workspace, f"{fair.pk}/"),
        form(title="Salon", starts_on=f"{NEXT_YEAR}-03-10", ends_on=f"{NEXT_YEAR}-03-01"),
    )
    assert response.status_code == 422
    assert "The last day is before the first day" in response.content.decode()
    fair.refresh_from_db()
    assert fair.title == "Salon de l'agriculture"


def test_an_event_is_deleted(workspace, teammate, fair):
    response = client_for(teammate).post(events_url(workspace, f"{fair.pk}/delete/"))
    assert response.status_code == 302
    assert not CalendarEvent.objects.exists()
    assert AuditEvent.objects.filter(object_type="calendarevent", action="delete").count() == 1


def test_viewers_and_outsiders_change_nothing(workspace, viewer, outsider, fair):
    for user in (viewer, outsider):
        client = client_for(user)
        assert client.post(events_url(workspace), form(starts_on="2030-01-01")).status_code == 404
        assert client.post(events_url(workspace, f"{fair.pk}/"), form()).status_code == 404
        assert client.post(events_url(workspace, f"{fair.pk}/delete/")).status_code == 404
    assert CalendarEvent.objects.count() == 1
    fair.refresh_from_db()
    assert fair.title == "Salon de l'agriculture"


def test_an_event_of_another_workspace_is_404(workspace, owner, outsider):
    other = Membership.objects.get(user=outsider).workspace
    theirs = CalendarEvent.objects.create(
        workspace=other, title="Secret", starts_on=dt.date(NEXT_YEAR, 1, 1)
    )
    assert client_for(owner).get(events_url(workspace, f"{theirs.pk}/")).status_code == 404
    assert client_for(owner).post(events_url(workspace, f"{theirs.pk}/delete/")).status_code == 404
    assert CalendarEvent.objects.filter(pk=theirs.pk).exists()


def test_the_service_refuses_what_the_form_would(owner_membership, teammate_membership, workspace):
    with pytest.raises(DomainError, match="before the first day"):
        service.create_event(
            owner_membership,
            title="X",
            starts_on=dt.date(2027, 1, 2),
            ends_on=dt.date(2027, 1, 1),
        )
    viewer = User.objects.create_user("v2@example.org", "x")
    member = Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    with pytest.raises(DomainError, match="Only editors and managers"):
        service.create_event(member, title="X", starts_on=dt.date(2027, 1, 2))
    same_day = service.create_event(
        teammate_membership, title="Y", starts_on=dt.date(2027, 1, 2), ends_on=dt.date(2027, 1, 2)
    )
    assert same_day.ends_on is None  # a one-day event
