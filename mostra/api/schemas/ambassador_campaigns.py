"""The programme's campaigns (brief, share kit, members taking part), as the API reads
and writes them."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class KitPostIn(Schema):
    #: A network code of mostra's registry (bluesky, mastodon, instagram…).
    network: str
    #: ``{link}`` is replaced by each member's personal tracked link.
    text: str


class KitPostOut(KitPostIn):
    id: int


class CollaborationIn(Schema):
    member_id: int
    #: paid, gift or none; empty: the member's own.
    compensation: str = ""
    #: A decimal as text ("150.00"); null: unknown.
    fee: str | None = None
    currency: str = "EUR"
    gift: str = ""
    contract_reference: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


class CollaborationOut(Schema):
    id: int
    member_id: int
    member: str
    compensation: str
    fee: str | None
    currency: str
    gift: str
    contract_reference: str
    start: dt.date | None
    end: dt.date | None
    #: The member's personal short tracked link ("" while the campaign has no link).
    tracked_link: str
    #: The member's private share-kit page (no account needed).
    private_url: str
    #: The mentions their posts must start with (paid and gifted members).
    disclosure: list[str]
    sent_at: dt.datetime | None
    opened_at: dt.datetime | None
    shares: int


class CampaignBriefIn(Schema):
    name: str
    start: dt.date
    end: dt.date
    networks: list[str] = Field(default_factory=list)
    #: The id of the objective served.
    objective: int | None = None
    key_messages: str = ""
    do_say: str = ""
    dont_say: str = ""
    hashtags: list[str] = Field(default_factory=list)
    link: str = ""
    utm_campaign: str = ""
    disclosure: str = "Collaboration commerciale"
    image_retouched: bool = False
    image_virtual: bool = False
    #: The share kit, in order (replaces the kit when given).
    kit: list[KitPostIn] | None = None
    #: Members added, or their collaboration changed (by member_id).
    collaborations: list[CollaborationIn] | None = None


class CampaignBriefPatch(Schema):
    name: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    networks: list[str] | None = None
    objective: int | None = None
    key_messages: str | None = None
    do_say: str | None = None
    dont_say: str | None = None
    hashtags: list[str] | None = None
    link: str | None = None
    utm_campaign: str | None = None
    disclosure: str | None = None
    image_retouched: bool | None = None
    image_virtual: bool | None = None
    kit: list[KitPostIn] | None = None
    collaborations: list[CollaborationIn] | None = None


class CampaignBriefOut(Schema):
    id: int
    name: str
    start: dt.date
    end: dt.date
    networks: list[str]
    objective: int | None
    key_messages: str
    do_say: str
    dont_say: str
    hashtags: list[str]
    link: str
    utm_campaign: str
    disclosure: str
    image_retouched: bool
    image_virtual: bool
    brief_sent_at: dt.datetime | None
    #: The charter's rules in words, as shown beside the brief.
    charter_rules: list[str]
    kit: list[KitPostOut]
    collaborations: list[CollaborationOut]


class SendOut(Schema):
    emailed: list[str]
    #: Members without an e-mail address: give them their private_url yourself.
    without_email: list[str]
    failed: list[str]
