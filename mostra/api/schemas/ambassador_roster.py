"""The programme's roster, as the API reads and writes it."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from mostra.api.schemas.common import PatchSchema


class AccountOut(Schema):
    id: int
    network: str
    #: Normalised: no leading @, lower case; a Mastodon handle is name@server.
    handle: str
    profile_url: str
    #: null: unknown.
    followers: int | None
    #: nano, micro, mid, macro, mega; null below nano or when followers are unknown.
    tier: str | None


class FiguresOut(Schema):
    posts_tracked: int
    reach: int | None
    engagements: int | None


class ProgrammeMemberOut(Schema):
    id: int
    name: str
    #: ambassador or influencer.
    kind: str
    #: employee, volunteer, client, partner, creator or "".
    relationship: str
    #: paid, gift or none.
    compensation: str
    email: str
    consent_at: dt.datetime | None
    consent_note: str
    #: The strategy's target keys.
    targets: list[str]
    notes: str
    active: bool
    #: The tier of the member's largest audience.
    tier: str | None
    accounts: list[AccountOut]
    figures: FiguresOut


class ProgrammeMemberIn(Schema):
    name: str = Field(max_length=200)
    kind: str = "ambassador"
    relationship: str = ""
    compensation: str = "none"
    email: str = Field("", max_length=254)
    consent_at: dt.datetime | None = None
    consent_note: str = Field("", max_length=300)
    targets: list[str] = []
    notes: str = ""
    active: bool = True


class ProgrammeMemberPatch(PatchSchema):
    name: str | None = Field(None, max_length=200)
    kind: str | None = None
    relationship: str | None = None
    compensation: str | None = None
    email: str | None = Field(None, max_length=254)
    consent_at: dt.datetime | None = None
    consent_note: str | None = Field(None, max_length=300)
    targets: list[str] | None = None
    notes: str | None = None
    active: bool | None = None


class AccountIn(Schema):
    #: The network's code (bluesky, mastodon, instagram…).
    network: str
    #: As the network shows it (@lea.martin, lea@mastodon.social) or the profile's address.
    handle: str = Field(max_length=500)
    followers: int | None = Field(None, ge=0)


class ErasedOut(Schema):
    """What erasing the member deleted, counted."""

    accounts: int
    collaborations: int
    shares: int
    tracked_posts: int
