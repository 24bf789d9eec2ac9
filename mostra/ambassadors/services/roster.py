"""The roster: adding, changing and reading the programme's members and their accounts.

Every member of the workspace reads the roster; editors, managers and owners change it
(the pages, ``mostra ambassadors`` and the API call these functions). A handle is
stored normalised (no ``@``, lower case; a Mastodon handle keeps its server), its
profile address built from the network registry's shapes
(:data:`mostra.strategy.networks.PROFILE_URLS`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import SplitResult, urlsplit

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from mostra.ambassadors.models import (
    Compensation,
    Member,
    MemberAccount,
    MemberKind,
    Relationship,
    TrackedPost,
)
from mostra.ambassadors.services.tiers import Thresholds, Tier, thresholds_of, tier_of
from mostra.core import audit
from mostra.core.engagement import engaged, engagement_expression
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.strategy import networks
from mostra.strategy.models import Target

MAX_FOLLOWERS = 10_000_000_000
#: What a handle may hold once normalised (letters, digits, . _ - and a Mastodon @).
#: A handle; a Mastodon one names its server, with its port when it is not the default.
HANDLE = re.compile(r"^[\w.\-]+(@[\w.\-]+(\.[a-z]{2,}(:\d{1,5})?|:\d{1,5}))?$", re.UNICODE)


@dataclass
class MemberInput:
    """A member as the forms, the import and the API give it."""

    name: str
    kind: str = MemberKind.AMBASSADOR
    relationship: str = ""
    compensation: str = Compensation.NONE
    email: str = ""
    consent_at: dt.datetime | None = None
    consent_note: str = ""
    #: The strategy's targets the member reaches, by key.
    targets: Sequence[str] = ()
    notes: str = ""
    active: bool = True


# --- Rights ------------------------------------------------------------------------------


def can_edit(membership: Membership) -> bool:
    return has_perm(membership, Perm.EDIT_CONTENT)


def require_editor(membership: Membership) -> None:
    if not can_edit(membership):
        raise DomainError(
            _("Only the workspace's editors, managers and owners change the programme's roster.")
        )
    if getattr(membership.workspace, "archived_at", None):
        raise DomainError(_("This workspace is archived: it is read-only."))


# --- Networks and handles --------------------------------------------------------------


def network_code(value: str) -> str:
    """The registry's code of ``value`` (a code, a name or an alias), or DomainError."""
    wanted = value.strip().lower()
    for network in networks.all_networks():
        if wanted in (network.code, network.label.lower(), *network.aliases):
            return network.code
    raise DomainError(
        _("“%(network)s” is not a network mostra knows: use one of %(codes)s.")
        % {"network": value.strip()[:60], "codes": ", ".join(networks.NETWORKS)},
        "network",
    )


@cache
def _profile_patterns() -> dict[str, re.Pattern[str]]:
    """Each registry shape as a pattern reading the handle back from a profile address."""
    patterns = {}
    for code, shape in networks.PROFILE_URLS.items():
        head, _sep, tail = shape.partition("{handle}")
        host_free = re.escape(head).replace(r"https://www\.", r"https?://(?:www\.)?")
        patterns[code] = re.compile(
            "^"
            + host_free
            + r"(?P<handle>[^/?#]+)"
            + re.escape(tail.rstrip("/"))
            + r"/?(?:[?#].*)?$",
            re.IGNORECASE,
        )
    return patterns


def normalise_handle(network: str, handle: str) -> str:
    """The handle as stored: no leading ``@``, lower case, no spaces; a profile address
    is read back to its handle; a Mastodon handle is ``name@server``."""
    value = handle.strip()
    if value.lower().startswith(("http://", "https://")):
        value = _handle_from_address(network, value)
    value = value.lstrip("@").lower()
    if network == "mastodon" and "@" not in value:
        raise DomainError(
            _("Write the Mastodon handle with its server, such as lea@mastodon.social."),
            "handle",
        )
    if not value or len(value) > 255 or not HANDLE.match(value):
        raise DomainError(
            _(
                "“%(handle)s” is not a handle: write the name as the network shows it, "
                "such as @lea.martin (letters, digits, dots, dashes, underscores)."
            )
            % {"handle": handle.strip()[:80]},
            "handle",
        )
    return value


def _handle_from_address(network: str, address: str) -> str:
    if network == "mastodon":
        parts = urlsplit(address)
        user = parts.path.strip("/").split("/")[0]
        if parts.hostname and user.startswith("@") and len(user) > 1:
            return f"{user[1:]}@{_server(parts)}"
    else:
        pattern = _profile_patterns().get("x" if network == "twitter" else network)
        found = pattern.match(address) if pattern else None
        if found:
            return found["handle"]
    raise DomainError(
        _("Type the handle (such as @lea.martin) rather than the address “%(address)s”.")
        % {"address": address[:120]},
        "handle",
    )


def _server(parts: SplitResult) -> str:
    """The server of an address, with its port unless it is the scheme's default."""
    try:
        port = parts.port
    except ValueError:
        port = None
    default = {"http": 80, "https": 443}.get(parts.scheme)
    host = (parts.hostname or "").lower()
    return f"{host}:{port}" if port and port != default else host


def typed_profile_url(network: str, typed: str) -> str:
    """A Mastodon profile's address as typed (its scheme and port kept: an instance
    may not be at https on the default port); "" for a handle or another network."""
    parts = urlsplit(typed.strip())
    user = parts.path.strip("/").split("/")[0]
    if network != "mastodon" or parts.scheme not in {"http", "https"} or not user.startswith("@"):
        return ""
    return f"{parts.scheme}://{_server(parts)}/{user}"


def profile_url(network: str, handle: str) -> str:
    """The account's public profile address ("" when the registry has no shape)."""
    if network == "mastodon":
        user, _at, server = handle.partition("@")
        return f"https://{server}/@{user}" if user and server else ""
    shape = networks.PROFILE_URLS.get("x" if network == "twitter" else network)
    return shape.format(handle=handle) if shape else ""


def printed_handle(account: MemberAccount) -> str:
    """The handle as people write it: ``@name`` where the network writes an @."""
    return "@" + account.handle if account.network in networks.AT_HANDLES else account.handle


def checked_followers(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= MAX_FOLLOWERS:
        raise DomainError(
            _("The followers must be a whole number from 0 (leave it empty when unknown)."),
            "followers",
        )
    return value


# --- Members -----------------------------------------------------------------------------


def _targets(workspace: Workspace, keys: Iterable[str]) -> list[Target]:
    keys = [k.strip() for k in keys if k.strip()]
    found = {t.key: t for t in Target.objects.filter(workspace=workspace, key__in=keys)}
    missing = [k for k in keys if k not in found]
    if missing:
        known = ", ".join(Target.objects.filter(workspace=workspace).values_list("key", flat=True))
        raise DomainError(
            _("The strategy has no target “%(key)s”: use one of %(known)s.")
            % {"key": missing[0], "known": known or _("(none yet: add targets to the strategy)")},
            "targets",
        )
    return [found[k] for k in dict.fromkeys(keys)]


def checked(workspace: Workspace, data: MemberInput) -> tuple[MemberInput, list[Target]]:
    """The input cleaned, or DomainError naming the field to correct."""
    name = " ".join(data.name.split())
    if not name or len(name) > 200:
        raise DomainError(_("Type the member's name (at most 200 characters)."), "name")
    if data.kind not in MemberKind.values:
        raise DomainError(
            _("The kind must be ambassador or influencer, not “%(kind)s”.") % {"kind": data.kind},
            "kind",
        )
    if data.relationship and data.relationship not in Relationship.values:
        raise DomainError(
            _("The relationship must be one of %(choices)s.")
            % {"choices": ", ".join(Relationship.values)},
            "relationship",
        )
    if data.compensation not in Compensation.values:
        raise DomainError(
            _("The compensation must be paid, gift or none, not “%(value)s”.")
            % {"value": data.compensation},
            "compensation",
        )
    email = data.email.strip().lower()
    if email and (len(email) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email)):
        raise DomainError(
            _("“%(email)s” is not an e-mail address (such as lea@example.org).")
            % {"email": email[:80]},
            "email",
        )
    cleaned = MemberInput(
        name=name,
        kind=data.kind,
        relationship=data.relationship,
        compensation=data.compensation,
        email=email,
        consent_at=data.consent_at,
        consent_note=data.consent_note.strip()[:300],
        targets=list(data.targets),
        notes=data.notes.strip(),
        active=data.active,
    )
    return cleaned, _targets(workspace, data.targets)


def _name_taken(workspace: Workspace, name: str, but: Member | None = None) -> None:
    others = Member.objects.filter(workspace=workspace, name__iexact=name)
    if but is not None:
        others = others.exclude(pk=but.pk)
    if others.exists():
        raise DomainError(
            _("The roster already has a member named “%(name)s”: edit them, or tell the two apart.")
            % {"name": name},
            "name",
        )


FIELDS = ("name", "kind", "relationship", "compensation", "email", "consent_at", "consent_note")


def create_member(membership: Membership, data: MemberInput) -> Member:
    require_editor(membership)
    workspace = membership.workspace
    data, targets = checked(workspace, data)
    _name_taken(workspace, data.name)
    with transaction.atomic():
        member = Member.objects.create(
            workspace=workspace,
            created_by=membership.user,
            notes=data.notes,
            active=data.active,
            **{f: getattr(data, f) for f in FIELDS},
        )
        member.targets.set(targets)
        audit.record(
            AuditAction.CREATE,
            actor=membership.user,
            workspace=workspace,
            obj=member,
            label=_("Programme member %(name)s") % {"name": member.name},
        )
    return member


def update_member(membership: Membership, member: Member, data: MemberInput) -> Member:
    require_editor(membership)
    workspace = membership.workspace
    data, targets = checked(workspace, data)
    _name_taken(workspace, data.name, but=member)
    before = {f: getattr(member, f) for f in FIELDS}
    for f in FIELDS:
        setattr(member, f, getattr(data, f))
    member.notes, member.active = data.notes, data.active
    with transaction.atomic():
        member.save()
        member.targets.set(targets)
        # Which fields changed, not their values: personal data stays out of the log.
        changed = sorted(f for f in FIELDS if before[f] != getattr(member, f))
        audit.record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=workspace,
            obj=member,
            label=_("Programme member %(name)s") % {"name": member.name},
            changes={"fields": changed},
        )
    return member


# --- Accounts ---------------------------------------------------------------------------


def add_account(
    membership: Membership,
    member: Member,
    network: str,
    handle: str,
    followers: int | None = None,
) -> MemberAccount:
    """Add the member's account on ``network`` (or update its followers when the
    member already has it)."""
    require_editor(membership)
    code = network_code(network)
    normalised = normalise_handle(code, handle)
    followers = checked_followers(followers)
    workspace = membership.workspace
    taken = (
        MemberAccount.objects.filter(workspace=workspace, network=code, handle=normalised)
        .select_related("member")
        .first()
    )
    if taken is not None and taken.member_id != member.pk:
        raise DomainError(
            _("%(handle)s on %(network)s is already %(member)s's account in the roster.")
            % {"handle": normalised, "network": networks.label(code), "member": taken.member.name},
            "handle",
        )
    with transaction.atomic():
        account = taken or MemberAccount(workspace=workspace, member=member, network=code)
        account.handle = normalised
        account.profile_url = typed_profile_url(code, handle) or profile_url(code, normalised)
        if followers is not None:
            account.followers = followers
            account.followers_at = dt.datetime.now(dt.UTC)
        account.save()
        audit.record(
            AuditAction.UPDATE if taken else AuditAction.CREATE,
            actor=membership.user,
            workspace=workspace,
            obj=member,
            label=_("Programme member %(name)s") % {"name": member.name},
            changes={"account": code},
        )
    return account


def remove_account(membership: Membership, account: MemberAccount) -> None:
    require_editor(membership)
    member = account.member
    with transaction.atomic():
        audit.record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=membership.workspace,
            obj=member,
            label=_("Programme member %(name)s") % {"name": member.name},
            changes={"account removed": account.network},
        )
        account.delete()


# --- Reading the roster ----------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """A member's tracked posts, their reach and engagements (None: nothing known)."""

    posts: int = 0
    reach: int | None = None
    engagements: int | None = None


def programme_figures(
    workspace: Workspace, member_ids: Iterable[int] | None = None
) -> dict[int, Figures]:
    """Each member's tracked posts, reach and engagements, in one query."""
    rows = TrackedPost.objects.filter(workspace=workspace)
    if member_ids is not None:
        rows = rows.filter(member_id__in=list(member_ids))
    counted = {f.name for f in TrackedPost._meta.concrete_fields}
    grouped = rows.values("member_id").annotate(
        posts=Count("id"),
        reach=Sum("reach"),
        # The catalogue's one definition, over the posts whose engagement is known.
        engaged_sum=Sum(engagement_expression(fields=counted), filter=engaged()),
    )
    return {
        row["member_id"]: Figures(
            posts=row["posts"], reach=row["reach"], engagements=row["engaged_sum"]
        )
        for row in grouped
    }


@dataclass
class AccountRow:
    account: MemberAccount
    tier: Tier | None
    handle: str
    network_label: str


@dataclass
class MemberRow:
    member: Member
    accounts: list[AccountRow]
    targets: list[Target]
    figures: Figures
    #: The tier of the member's largest audience.
    tier: Tier | None = None

    @property
    def followers(self) -> int | None:
        known = [a.account.followers for a in self.accounts if a.account.followers is not None]
        return sum(known) if known else None


@dataclass
class Roster:
    ambassadors: list[MemberRow] = field(default_factory=list)
    influencers: list[MemberRow] = field(default_factory=list)
    thresholds: dict[str, Thresholds] = field(default_factory=dict)

    @property
    def rows(self) -> list[MemberRow]:
        return [*self.ambassadors, *self.influencers]


def _largest(rows: list[AccountRow]) -> Tier | None:
    order = list(Tier)
    tiers = [r.tier for r in rows if r.tier is not None]
    return max(tiers, key=order.index) if tiers else None


def roster(
    workspace: Workspace,
    *,
    kind: str = "",
    tier: str = "",
    network: str = "",
    members: Iterable[int] | None = None,
) -> Roster:
    """The roster, ambassadors then influencers, filtered by kind, tier (a member with
    an account of that tier; "none": under nano or unknown) and network, in a fixed
    number of queries (members, accounts, targets, thresholds, figures)."""
    found = Member.objects.filter(workspace=workspace).prefetch_related("accounts", "targets")
    if kind:
        found = found.filter(kind=kind)
    if members is not None:
        found = found.filter(pk__in=list(members))
    if network:
        found = found.filter(accounts__network=network).distinct()
    thresholds = thresholds_of(workspace)
    figures = programme_figures(workspace, [m.pk for m in found]) if found else {}
    result = Roster(thresholds=thresholds)
    for member in found:
        accounts = [
            AccountRow(
                a,
                tier_of(a.followers, a.network, thresholds),
                printed_handle(a),
                networks.label(a.network),
            )
            for a in member.accounts.all()
        ]
        row = MemberRow(
            member=member,
            accounts=accounts,
            targets=list(member.targets.all()),
            figures=figures.get(member.pk, Figures()),
            tier=_largest(accounts),
        )
        if tier == "none" and any(a.tier for a in accounts):
            continue
        if tier and tier != "none" and not any(a.tier == tier for a in accounts):
            continue
        if member.kind == MemberKind.INFLUENCER:
            result.influencers.append(row)
        else:
            result.ambassadors.append(row)
    return result
