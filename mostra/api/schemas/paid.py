"""Paid campaigns, as the API reads and writes them."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class PacingOut(Schema):
    #: not_started, no_spend, on_plan, over or under.
    state: str
    #: Decimals as text: the budget spread evenly over the days run, and what was spent.
    planned: str
    spent: str | None
    #: (spent − planned) ÷ planned; null without a plan or a spend.
    gap: float | None
    warning: bool


class CampaignOut(Schema):
    id: int
    name: str
    #: always_on or event.
    kind: str
    start: dt.date
    end: dt.date
    #: A decimal as text ("310.00"), in ``currency`` (the workspace's).
    budget: str
    currency: str
    networks: list[str]
    audience: str
    utm_campaign: str
    objective: int | None
    strategy: int | None
    promoted_posts: list[int]
    pacing_threshold: int
    pacing: PacingOut


class CampaignIn(Schema):
    name: str = Field(..., max_length=200, examples=["Salon du livre 2026"])
    kind: str = Field("always_on", examples=["event"])
    start: dt.date
    end: dt.date
    budget: str = Field("0", max_length=20, examples=["310.00"])
    #: Empty: the workspace's; another currency is refused.
    currency: str = Field("", max_length=3)
    networks: list[str] = []
    audience: str = ""
    utm_campaign: str = Field("", max_length=100)
    objective: int | None = None
    strategy: int | None = None
    promoted_posts: list[int] = []
    pacing_threshold: int = 20


class ImportOut(Schema):
    tool: str
    rows: int
    days: int
    campaigns: list[str]
    created: list[str]
    unread: list[str]
