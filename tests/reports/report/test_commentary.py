"""The period's commentary on the report page, with the cast: Alice owns, Bob edits,
Dana only views, Charlie is out."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from mostra.core.models import AuditEvent, Membership, Role, User
from mostra.core.services import archive
from mostra.reports.models import ReportCommentary
from mostra.reports.models.report_commentary import MAX_LENGTH
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NOVEMBER = dt.datetime(2026, 11, 15, 12, 0, tzinfo=dt.UTC)
WORDS = {
    "period": "2026-10",
    "lang": "en",
    "highlights": "The 24-month comté sold out at the Saturday market.",
    "decisions": "We stop posting on Sunday evenings.",
    "next_steps": "Christmas hampers from 1 December.",
}


@pytest.fixture(autouse=True)
def in_november():
    with time_machine.travel(NOVEMBER, tick=False):
        yield


@pytest.fixture
def viewer_client(workspace):
    dana = User.objects.create_user("dana@example.org", "x" * 16, display_name="Dana Petit")
    Membership.objects.create(workspace=workspace, user=dana, role=Role.VIEWER)
    return client_for(dana)


def save_url() -> str:
    return reverse("reports:report_commentary", args=["fromagerie"])


def page_url(**query) -> str:
    path = reverse("reports:report", args=["fromagerie"])
    return path + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_the_owner_writes_the_commentary_and_it_opens_the_report(
    owner_client, workspace, owner, measured, owner_membership
):
    owner_membership.title = "Head of communication"
    owner_membership.save()

    response = owner_client.post(save_url(), WORDS)

    assert response.status_code == 302
    assert response["Location"].endswith("?period=2026-10&lang=en#commentary")
    written = ReportCommentary.objects.get(workspace=workspace)
    assert written.period_start == dt.date(2026, 10, 1)
    assert written.period_end == dt.date(2026, 10, 31)
    assert written.written_by == owner
    page = owner_client.get(page_url(period="2026-10", lang="en")).content.decode()
    document = page[page.index('class="report-doc"') :]
    assert document.index(WORDS["highlights"]) < document.index('id="r-figures"')
    assert "Alice Martin, Head of communication" in document  # the author
    event = AuditEvent.objects.get(workspace=workspace, object_type="reportcommentary")
    assert event.action == "create" and event.actor == owner
    assert event.changes["decisions"] == ["", WORDS["decisions"]]


def test_the_editor_writes_it_too(teammate_client, workspace, teammate):
    response = teammate_client.post(save_url(), {**WORDS, "next_steps": ""})

    assert response.status_code == 302
    written = ReportCommentary.objects.get(workspace=workspace)
    assert written.written_by == teammate and written.next_steps == ""
    page = teammate_client.get(page_url(period="2026-10", lang="en")).content.decode()
    assert 'name="highlights"' in page  # the form, for those who write


def test_a_viewer_reads_it_but_cannot_write_it(viewer_client, owner_client, workspace):
    owner_client.post(save_url(), WORDS)

    page = viewer_client.get(page_url(period="2026-10", lang="en")).content.decode()
    assert WORDS["highlights"] in page
    assert 'name="highlights"' not in page
    refused = viewer_client.post(save_url(), {**WORDS, "highlights": "Mine now"})
    assert refused.status_code == 404  # a right a member lacks answers 404
    assert ReportCommentary.objects.get().highlights == WORDS["highlights"]


def test_the_outsider_gets_404(outsider_client, workspace):
    assert outsider_client.post(save_url(), WORDS).status_code == 404
    assert not ReportCommentary.objects.exists()


def test_a_text_too_long_is_refused_with_what_was_typed(owner_client, workspace):
    long_text = "Très long. " * (MAX_LENGTH // 10)

    response = owner_client.post(save_url(), {**WORDS, "decisions": long_text})

    assert response.status_code == 400
    page = response.content.decode()
    assert str(MAX_LENGTH) in page  # says how long it may be
    assert WORDS["highlights"] in page  # nothing typed is lost
    assert not ReportCommentary.objects.exists()


def test_a_bad_period_is_said_not_a_500(owner_client, workspace):
    response = owner_client.post(save_url(), {**WORDS, "period": "octobre"}, follow=True)

    assert response.status_code == 200
    assert "YYYY-MM" in response.content.decode()
    assert not ReportCommentary.objects.exists()


def test_emptying_every_part_removes_it(owner_client, workspace):
    owner_client.post(save_url(), WORDS)

    blank = {**WORDS, "highlights": " ", "decisions": "", "next_steps": "\n"}
    assert owner_client.post(save_url(), blank).status_code == 302

    assert not ReportCommentary.objects.exists()
    assert AuditEvent.objects.filter(workspace=workspace, action="delete").count() == 1


def test_each_period_has_its_own(owner_client, workspace):
    owner_client.post(save_url(), WORDS)
    owner_client.post(save_url(), {**WORDS, "period": "2026-09", "highlights": "September"})

    page = owner_client.get(page_url(period="2026-09", lang="en")).content.decode()
    assert "September" in page and WORDS["highlights"] not in page


def test_an_archived_workspace_refuses_it(owner_client, workspace, owner_membership):
    archive.archive_workspace(owner_membership)

    owner_client.post(save_url(), WORDS)

    assert not ReportCommentary.objects.exists()
