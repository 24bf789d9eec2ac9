"""Scheduled reports: the form's checks, the next sending, the e-mail through a real
SMTP server, and send_due sending once whatever the number of calls."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.reports import services
from mostra.reports.models import Frequency, ReportSchedule
from mostra.reports.report.forms import ReportScheduleForm
from tests.peers import smtp

smtp_server = smtp.smtp_server
pytestmark = pytest.mark.django_db

UTC = dt.UTC


def form(**changes):
    data = {
        "recipients": "direction@example.org\ncom@example.org",
        "language": "fr",
        "frequency": "monthly",
        "day_of_month": "1",
        "weekday": "0",
        "active": "on",
    }
    data.update(changes)
    return ReportScheduleForm(data)


def test_recipients_one_a_line_or_separated_by_commas():
    assert form(recipients="a@example.org, b@example.org\nc@example.org").is_valid()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"recipients": ""}, "recipients"),
        ({"recipients": "a@example.org, not-an-address"}, "recipients"),
        ({"day_of_month": "31"}, "day_of_month"),
        ({"day_of_month": "0"}, "day_of_month"),
        ({"language": "de"}, "language"),
    ],
)
def test_schedule_form_refuses_bad_input(changes, field):
    bound = form(**changes)

    assert not bound.is_valid()
    assert field in bound.errors


def test_the_wrong_address_is_named():
    bound = form(recipients="a@example.org, not-an-address")
    bound.is_valid()

    assert "not-an-address" in str(bound.errors["recipients"])


def schedule_for(workspace, owner, **fields) -> ReportSchedule:
    values = {
        "workspace": workspace,
        "recipients": "direction@example.org\ncom@example.org",
        "language": "fr",
        "created_by": owner,
        "next_run_at": dt.datetime(2026, 11, 1, 6, 0, tzinfo=UTC),
    }
    values.update(fields)
    return ReportSchedule.objects.create(**values)


def test_next_sending_is_the_day_of_month_at_seven_local_time(workspace, owner):
    schedule = schedule_for(workspace, owner, day_of_month=3)
    workspace.timezone = "Europe/Paris"

    after = schedule.next_after(dt.datetime(2026, 11, 3, 6, 0, tzinfo=UTC))  # 7:00 Paris

    assert after == dt.datetime(2026, 12, 3, 6, 0, tzinfo=UTC)
    assert schedule.next_after(dt.datetime(2026, 11, 2, tzinfo=UTC)).day == 3


def test_a_weekly_schedule_reports_the_previous_week(workspace, owner):
    schedule = schedule_for(workspace, owner, frequency=Frequency.WEEKLY, weekday=0)

    period = services.period_for(schedule, dt.datetime(2026, 11, 30, 6, 0, tzinfo=UTC))

    assert (period.start, period.end) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))


def use_smtp(settings, server) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_ENABLED = True


@pytest.mark.peer
def test_the_due_report_reaches_a_real_mailbox_once(
    workspace, owner, measured, settings, smtp_server
):
    use_smtp(settings, smtp_server)
    schedule = schedule_for(workspace, owner)
    now = dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC)

    assert services.send_due(now) == 1
    assert services.send_due(now) == 0  # claimed: the second call finds nothing due

    [mail] = smtp_server.messages
    assert sorted(mail.rcpt_tos) == ["com@example.org", "direction@example.org"]
    assert "octobre 2026" in mail["Subject"]
    assert "Fromagerie du Lac" in mail["Subject"]
    parts = {part.get_filename(): part for part in mail.message.iter_attachments()}
    pdf = parts["mostra-report-fromagerie-2026-10.pdf"]
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF")
    assert parts["mostra-report-fromagerie-2026-10.png"]["Content-ID"] == "<infographic>"
    assert 'src="cid:infographic"' in mail.html
    assert "40\u00a0%" in mail.text  # the repost ratio in the plain text
    schedule.refresh_from_db()
    assert schedule.last_sent_at == now
    assert schedule.last_error == ""
    assert schedule.next_run_at == dt.datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


def test_nothing_is_sent_without_smtp(workspace, owner, settings, mailoutbox):
    settings.EMAIL_ENABLED = False
    schedule_for(workspace, owner)

    assert services.send_due(dt.datetime(2026, 11, 2, tzinfo=UTC)) == 0
    assert mailoutbox == []


def test_a_paused_or_future_schedule_is_not_sent(workspace, owner, settings, mailoutbox):
    settings.EMAIL_ENABLED = True
    schedule_for(workspace, owner, active=False)
    schedule_for(workspace, owner, next_run_at=dt.datetime(2026, 12, 1, tzinfo=UTC))

    assert services.send_due(dt.datetime(2026, 11, 2, tzinfo=UTC)) == 0
    assert mailoutbox == []


def test_a_failure_is_recorded_and_tried_again_later(workspace, owner, settings, monkeypatch):
    settings.EMAIL_ENABLED = True
    schedule = schedule_for(workspace, owner)

    def broken(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(services, "send", broken)
    now = dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC)

    assert services.send_due(now) == 0
    schedule.refresh_from_db()
    assert schedule.last_error == "Connection refused"
    assert schedule.last_sent_at is None
    assert schedule.next_run_at == now + services.RETRY_AFTER
