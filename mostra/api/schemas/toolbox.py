"""The toolbox's tools, as the API reads and writes them."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from mostra.api.schemas.common import PatchSchema


class ToolOut(Schema):
    id: int
    name: str
    #: monitoring, content, distribution or other.
    category: str
    owner_id: int | None
    owner_email: str | None
    #: A decimal as text ("29.90"); null when unknown (not free).
    monthly_cost: str | None
    currency: str
    renews_on: dt.date | None
    seats: int | None
    used_for: str
    #: The catalogue's key of the well-known tool it is ("buffer"), or "".
    known_as: str
    #: The mostra feature that does its work, in the caller's language; "" when none.
    covered_by: str
    warn_days: int


class ToolIn(Schema):
    """A tool to add. Giving ``known_as`` alone fills the name and the category."""

    name: str = Field("", max_length=120, examples=["Canva"])
    category: str = Field("", max_length=20, examples=["content"])
    owner_id: int | None = None
    monthly_cost: str = Field("", max_length=20, examples=["12.99"])
    currency: str = Field("EUR", max_length=3)
    renews_on: str = Field("", max_length=10, examples=["2027-03-31"])
    seats: int | None = Field(None, ge=0)
    used_for: str = Field("", max_length=2000)
    known_as: str = Field("", max_length=40)
    warn_days: int = Field(30, ge=1, le=365)


class ToolPatch(PatchSchema):
    """A tool's new values; leave a field out to keep it. ``""`` empties the cost and the
    renewal date, ``0`` the owner."""

    name: str | None = Field(None, max_length=120)
    category: str | None = Field(None, max_length=20)
    owner_id: int | None = None
    monthly_cost: str | None = Field(None, max_length=20)
    currency: str | None = Field(None, max_length=3)
    renews_on: str | None = Field(None, max_length=10)
    seats: int | None = Field(None, ge=0)
    used_for: str | None = Field(None, max_length=2000)
    known_as: str | None = Field(None, max_length=40)
    warn_days: int | None = Field(None, ge=1, le=365)
