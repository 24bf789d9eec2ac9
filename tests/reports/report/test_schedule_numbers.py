"""A schedule's day of the month is a text field read on the server: a browser in
English sent "1,5" as 15."""

from __future__ import annotations

import pytest

from mostra.reports.models import ReportSchedule
from tests.reports.report.test_views import SCHEDULE

pytestmark = pytest.mark.django_db
PAGE = "/w/fromagerie/reports/report/schedules/"


def test_the_day_of_the_month_refuses_decimals_in_words(owner_client, workspace):
    page = owner_client.get(PAGE).content.decode()
    assert 'name="day_of_month"' in page and 'type="number"' not in page
    response = owner_client.post(PAGE, {**SCHEDULE, "day_of_month": "1,5"})
    assert response.status_code == 400
    assert "“1,5” is not a whole number: type one such as 1." in response.content.decode()
    assert not ReportSchedule.objects.exists()
    assert owner_client.post(PAGE, {**SCHEDULE, "day_of_month": " 15 "}).status_code == 302
    assert ReportSchedule.objects.get().day_of_month == 15
