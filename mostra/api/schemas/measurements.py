"""The values a team records for a KPI, in the API: one a day, on the KPI's own scale.

A value is on the KPI's scale (3.2 for 3.2 %); ``text`` writes it with its unit in the
caller's language ("3.2%", "45 people", "€1,200").
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from mostra.analytics.measurements.services import MAX_NOTE, MAX_SOURCE


class MeasurementIn(Schema):
    #: The day the value is for (YYYY-MM-DD), not after today in the workspace's time zone.
    date: dt.date
    value: float
    #: Where the figure comes from: an export, a count at the door…
    source: str = Field("", max_length=MAX_SOURCE)
    note: str = Field("", max_length=MAX_NOTE)


class MeasurementOut(Schema):
    id: int
    #: The KPI's code (a catalogue code such as registrations, or the workspace's own).
    kpi: str
    date: dt.date
    value: float
    #: The value with its unit, in the caller's language.
    text: str
    source: str
    note: str
    #: The e-mail address of who recorded it last; "" when unknown.
    recorded_by: str
    recorded_at: dt.datetime


class ValuesImportOut(Schema):
    """What importing a file did: each day of the file was added, or replaced the value
    recorded (when it differs), or left unchanged."""

    kpi: str
    lines: int
    days: int
    added: int
    replaced: int
    unchanged: int
    first: dt.date | None
    last: dt.date | None
    #: What the import wants you to know (which columns, how numbers were read).
    notices: list[str]
