"""The report's pages with the cast: Alice owns, Bob is on the team, Charlie is out."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from mostra.reports.models import ReportSchedule

pytestmark = pytest.mark.django_db

NOVEMBER = dt.datetime(2026, 11, 15, 12, 0, tzinfo=dt.UTC)


def url(name, *args, **query):
    path = reverse(f"reports:{name}", args=["fromagerie", *args])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture(autouse=True)
def in_november():
    with time_machine.travel(NOVEMBER, tick=False):
        yield


def test_the_report_page_defaults_to_last_month(
    owner_client, workspace, measured, django_assert_max_num_queries
):
    # 26 today with the bell and the toolbox's costs (one query), whatever the accounts
    # and whether the workspace has paid campaigns (one query), and the clicks on
    # tracked links (one query)
    with django_assert_max_num_queries(29):
        response = owner_client.get(url("report"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "octobre 2026" in page  # in the workspace's language, not Alice's English
    assert "40\u00a0%" in page and "70\u00a0%" in page
    assert "period=2026-10&amp;lang=fr" in page  # the download links


def test_the_teammate_reads_the_report_in_french(teammate_client, workspace, measured):
    response = teammate_client.get(url("report", period="2026-10", lang="fr"))

    assert response.status_code == 200
    assert "octobre 2026" in response.content.decode()


def test_the_outsider_gets_404_everywhere(outsider_client, workspace, owner):
    schedule = ReportSchedule.objects.create(workspace=workspace, recipients="a@example.org")
    for name, args in [
        ("report", []),
        ("report_pdf", []),
        ("report_svg", []),
        ("report_png", []),
        ("report_schedules", []),
        ("report_schedule_edit", [schedule.pk]),
    ]:
        assert outsider_client.get(url(name, *args)).status_code == 404, name
    for name in ("report_schedule_delete", "report_schedule_send"):
        assert outsider_client.post(url(name, schedule.pk)).status_code == 404, name
    assert ReportSchedule.objects.filter(pk=schedule.pk).exists()


def test_a_bad_period_is_said_not_a_500(owner_client, workspace):
    response = owner_client.get(url("report", period="2026-13"))

    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()
    download = owner_client.get(url("report_pdf", period="last-month"))
    assert download.status_code == 400
    assert "YYYY-MM" in download.content.decode()


def test_a_custom_range(owner_client, workspace, measured):
    response = owner_client.get(url("report", start="2026-10-01", end="2026-10-15", lang="en"))

    assert response.status_code == 200
    assert "1 October 2026 – 15 October 2026" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content_type", "extension", "magic"),
    [
        ("report_pdf", "application/pdf", "pdf", b"%PDF"),
        ("report_png", "image/png", "png", b"\x89PNG"),
        ("report_svg", "image/svg+xml", "svg", b"<svg"),
    ],
)
def test_downloads_have_a_meaningful_name(
    teammate_client, workspace, measured, name, content_type, extension, magic
):
    response = teammate_client.get(url(name, period="2026-10", lang="fr"))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="mostra-report-fromagerie-2026-10.{extension}"'
    )
    assert response.content.startswith(magic)


SCHEDULE = {
    "recipients": "direction@example.org, com@example.org",
    "language": "fr",
    "frequency": "monthly",
    "day_of_month": "2",
    "weekday": "0",
    "active": "on",
}


def test_the_owner_creates_edits_and_deletes_a_schedule(owner_client, workspace, owner):
    response = owner_client.post(url("report_schedules"), SCHEDULE)

    assert response.status_code == 302
    schedule = ReportSchedule.objects.get(workspace=workspace)
    assert schedule.recipient_list == ["direction@example.org", "com@example.org"]
    assert schedule.created_by == owner
    assert schedule.next_run_at == dt.datetime(2026, 12, 2, 6, 0, tzinfo=dt.UTC)  # 7:00 Paris
    page = owner_client.get(url("report_schedules")).content.decode()
    assert "direction@example.org" in page

    edited = owner_client.post(
        url("report_schedule_edit", schedule.pk), {**SCHEDULE, "language": "en"}
    )
    assert edited.status_code == 302
    schedule.refresh_from_db()
    assert schedule.language == "en"

    assert owner_client.post(url("report_schedule_delete", schedule.pk)).status_code == 302
    assert not ReportSchedule.objects.exists()


def test_a_bad_schedule_is_refused_with_the_reason(owner_client, workspace):
    response = owner_client.post(url("report_schedules"), {**SCHEDULE, "recipients": "nobody"})

    assert response.status_code == 400
    assert "nobody" in response.content.decode()
    assert not ReportSchedule.objects.exists()


def test_the_teammate_sees_the_schedules_but_cannot_change_them(teammate_client, workspace):
    schedule = ReportSchedule.objects.create(workspace=workspace, recipients="a@example.org")

    page = teammate_client.get(url("report_schedules"))
    assert page.status_code == 200
    assert "a@example.org" in page.content.decode()
    # A right a member lacks answers 404, as for outsiders (mostra.core.permissions).
    assert teammate_client.post(url("report_schedules"), SCHEDULE).status_code == 404
    assert teammate_client.get(url("report_schedule_edit", schedule.pk)).status_code == 404
    assert teammate_client.post(url("report_schedule_delete", schedule.pk)).status_code == 404
    assert teammate_client.post(url("report_schedule_send", schedule.pk)).status_code == 404
    assert "Send me a test now" not in page.content.decode()
    assert ReportSchedule.objects.count() == 1


def test_send_now_mails_a_test_to_the_current_user_only(
    owner_client, workspace, owner, measured, settings, mailoutbox
):
    settings.EMAIL_ENABLED = True
    schedule = ReportSchedule.objects.create(
        workspace=workspace, recipients="direction@example.org", language="en"
    )

    response = owner_client.post(url("report_schedule_send", schedule.pk), follow=True)

    assert response.status_code == 200
    [mail] = mailoutbox
    assert mail.to == [owner.email]
    assert "October 2026" in mail.subject
    assert [a[0] for a in mail.attachments if isinstance(a, tuple)] == [
        "mostra-report-fromagerie-2026-10.pdf"
    ]
    schedule.refresh_from_db()
    assert schedule.last_sent_at is None  # a test is not a sending


def test_send_now_without_smtp_says_so(owner_client, workspace, settings, mailoutbox):
    settings.EMAIL_ENABLED = False
    schedule = ReportSchedule.objects.create(workspace=workspace, recipients="a@example.org")

    response = owner_client.post(url("report_schedule_send", schedule.pk), follow=True)

    assert "MOSTRA_SMTP_URL" in response.content.decode()
    assert mailoutbox == []


def test_the_pdf_speaks_the_workspaces_language_not_the_readers(owner_client, workspace, measured):
    from pypdf import PdfReader

    response = owner_client.get(url("report_pdf", period="2026-10"))  # Alice reads English

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "octobre 2026" in text and "October" not in text
    english = owner_client.get(url("report_pdf", period="2026-10", lang="en"))
    assert "October 2026" in PdfReader(io.BytesIO(english.content)).pages[0].extract_text()
