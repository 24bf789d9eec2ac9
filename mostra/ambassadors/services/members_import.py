"""The roster imported from a CSV file (``mostra ambassadors import`` and the roster
page's form): one row per account, the rows of one name making one member.

Columns (English or French headers, in any order; comma or semicolon separated):
``name``, ``kind`` (ambassador|influencer, ambassadeur|influenceur), ``network``,
``handle``, ``followers``, ``paid`` (yes|gift|no, oui|cadeau|non); optional ``email``,
``relationship``, ``targets`` (the strategy's target keys separated by ``;``) and
``consent`` (the date it was given, then how: ``2026-03-01 signed form``).

All or nothing: every problem is reported with its line, and nothing is written unless
the whole file is right. Importing again updates the members and accounts it names
(matched by name, and by network and handle): no duplicates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.ambassadors.models import (
    Compensation,
    Member,
    MemberAccount,
    MemberKind,
    Relationship,
)
from mostra.ambassadors.services import roster
from mostra.core.errors import DomainError
from mostra.core.models import Membership

MAX_BYTES = 2_000_000
MAX_ROWS = 5_000
#: More problems than this are counted, not listed.
MAX_LISTED = 50

#: Each column under its English name, from the headers people write.
HEADERS: dict[str, str] = {
    "name": "name",
    "nom": "name",
    "kind": "kind",
    "type": "kind",
    "network": "network",
    "réseau": "network",
    "reseau": "network",
    "handle": "handle",
    "account": "handle",
    "compte": "handle",
    "identifiant": "handle",
    "followers": "followers",
    "abonnés": "followers",
    "abonnes": "followers",
    "paid": "paid",
    "payé": "paid",
    "paye": "paid",
    "rémunération": "paid",
    "remuneration": "paid",
    "email": "email",
    "e-mail": "email",
    "courriel": "email",
    "relationship": "relationship",
    "relation": "relationship",
    "targets": "targets",
    "cibles": "targets",
    "consent": "consent",
    "consentement": "consent",
}
REQUIRED = ("name", "kind", "network", "handle", "followers", "paid")

KINDS: dict[str, str] = {
    "ambassador": MemberKind.AMBASSADOR,
    "ambassadeur": MemberKind.AMBASSADOR,
    "ambassadrice": MemberKind.AMBASSADOR,
    "influencer": MemberKind.INFLUENCER,
    "influenceur": MemberKind.INFLUENCER,
    "influenceuse": MemberKind.INFLUENCER,
}
PAID: dict[str, str] = {
    "yes": Compensation.PAID,
    "paid": Compensation.PAID,
    "oui": Compensation.PAID,
    "payé": Compensation.PAID,
    "gift": Compensation.GIFT,
    "cadeau": Compensation.GIFT,
    "no": Compensation.NONE,
    "none": Compensation.NONE,
    "non": Compensation.NONE,
}
RELATIONSHIPS: dict[str, str] = {
    **{r.value: r.value for r in Relationship},
    "salarié": Relationship.EMPLOYEE,
    "salariée": Relationship.EMPLOYEE,
    "salarie": Relationship.EMPLOYEE,
    "employé": Relationship.EMPLOYEE,
    "employée": Relationship.EMPLOYEE,
    "bénévole": Relationship.VOLUNTEER,
    "benevole": Relationship.VOLUNTEER,
    "cliente": Relationship.CLIENT,
    "partenaire": Relationship.PARTNER,
    "créateur": Relationship.CREATOR,
    "créatrice": Relationship.CREATOR,
}
_GROUPED = re.compile(r"^\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+$")
_SHORT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([km])$", re.IGNORECASE)
_CONSENT = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\s*[-–:,]?\s*(.*)$")


class ImportRefused(DomainError):
    """The file has problems: each one, with its line; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        listed = problems[:MAX_LISTED]
        if len(problems) > MAX_LISTED:
            listed.append(_("… and %(n)d more problems.") % {"n": len(problems) - MAX_LISTED})
        super().__init__("\n".join(listed))
        self.problems = problems


@dataclass
class ImportResult:
    members_created: int = 0
    members_updated: int = 0
    accounts_added: int = 0
    accounts_updated: int = 0


@dataclass
class _Account:
    line: int
    network: str
    handle: str
    followers: int | None


@dataclass
class _Member:
    line: int
    name: str
    kind: str
    compensation: str
    email: str = ""
    relationship: str = ""
    targets: list[str] = field(default_factory=list)
    consent_at: dt.datetime | None = None
    consent_note: str = ""
    accounts: list[_Account] = field(default_factory=list)


def _text(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise ImportRefused(
            [_("The file is larger than 2 MB: split it, or keep only the roster's columns.")]
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused([_("The file is not text: save it as CSV (UTF-8) and try again.")])


def followers_of(value: str) -> int | None:
    """The followers written in a cell ("" for unknown), or ValueError with the number
    to write."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    if _GROUPED.match(value):
        return int(re.sub(r"\D", "", value))
    short = _SHORT.match(value)
    if short:
        number = float(short[1].replace(",", ".")) * (
            1_000 if short[2].lower() == "k" else 1_000_000
        )
        raise ValueError(str(int(number)))
    raise ValueError("")


def consent_of(value: str) -> tuple[dt.datetime, str]:
    found = _CONSENT.match(value.strip())
    if not found:
        raise ValueError
    day = found[1]
    if "/" in day:
        d, m, y = (int(p) for p in day.split("/"))
        date = dt.date(y, m, d)
    else:
        date = dt.date.fromisoformat(day)
    moment = dt.datetime.combine(date, dt.time(12), tzinfo=timezone.get_current_timezone())
    return moment, found[2].strip()


def _rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ImportRefused([_("The file is empty: its first line names the columns.")])
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader)
    columns = [HEADERS.get(h.strip().lower(), "") for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ImportRefused(
            [
                _("line %(line)d: %(message)s")
                % {
                    "line": 1,
                    "message": _(
                        "the columns %(missing)s are missing (the first line names them: %(all)s)."
                    )
                    % {"missing": ", ".join(missing), "all": ", ".join(REQUIRED)},
                }
            ]
        )
    rows = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        rows.append(
            (
                line,
                {col: cells[i].strip() for i, col in enumerate(columns) if col and i < len(cells)},
            )
        )
        if len(rows) > MAX_ROWS:
            raise ImportRefused(
                [_("The file has more than %(n)d rows: split it.") % {"n": MAX_ROWS}]
            )
    return columns, rows


def _read(membership: Membership, raw: bytes) -> list[_Member]:
    """The file's members, or ImportRefused with every problem."""
    columns, rows = _rows(_text(raw))
    if not rows:
        raise ImportRefused([_("The file names no member: add one line per account.")])
    problems: list[str] = []
    members: dict[str, _Member] = {}
    seen_accounts: dict[tuple[str, str], tuple[int, str]] = {}
    workspace = membership.workspace

    def problem(line: int, message: str) -> None:
        problems.append(_("line %(line)d: %(message)s") % {"line": line, "message": message})

    for line, row in rows:
        name = " ".join(row.get("name", "").split())
        if not name:
            problem(line, _("the name is empty: write the member's name."))
            continue
        kind = KINDS.get(row.get("kind", "").lower())
        if kind is None:
            problem(
                line,
                _("kind “%(value)s” is not ambassador or influencer (ambassadeur, influenceur).")
                % {"value": row.get("kind", "")},
            )
        paid = PAID.get(row.get("paid", "").lower())
        if paid is None:
            problem(
                line,
                _("paid “%(value)s” is not yes, gift or no (oui, cadeau, non).")
                % {"value": row.get("paid", "")},
            )
        relationship = ""
        if row.get("relationship"):
            relationship = RELATIONSHIPS.get(row["relationship"].lower(), "")
            if not relationship:
                problem(
                    line,
                    _("relationship “%(value)s” is not one of %(choices)s.")
                    % {"value": row["relationship"], "choices": ", ".join(Relationship.values)},
                )
        followers = None
        try:
            followers = followers_of(row.get("followers", ""))
        except ValueError as exc:
            if str(exc):
                problem(
                    line,
                    _("followers “%(value)s” is not a number: write %(number)s.")
                    % {"value": row["followers"], "number": exc},
                )
            else:
                problem(
                    line,
                    _(
                        "followers “%(value)s” is not a number: write the count in digits, "
                        "such as 12000."
                    )
                    % {"value": row["followers"]},
                )
        consent_at, consent_note = None, ""
        if row.get("consent"):
            try:
                consent_at, consent_note = consent_of(row["consent"])
            except ValueError:
                problem(
                    line,
                    _(
                        "consent “%(value)s” must start with the day it was given, then how "
                        "(2026-03-01 signed form)."
                    )
                    % {"value": row["consent"]},
                )
        network = handle = ""
        try:
            network = roster.network_code(row.get("network", ""))
            handle = roster.normalise_handle(network, row.get("handle", ""))
        except DomainError as exc:
            problem(line, exc.message)
        targets = [t.strip() for t in row.get("targets", "").split(";") if t.strip()]
        key = name.lower()
        member = members.get(key)
        if member is None:
            member = members[key] = _Member(
                line, name, kind or "", paid or "", relationship=relationship
            )
        else:
            for label, mine, theirs in (
                (_("kind"), kind, member.kind),
                (_("paid"), paid, member.compensation),
            ):
                if mine and theirs and mine != theirs:
                    problem(
                        line,
                        _(
                            "%(name)s has another %(column)s on line %(first)d: give each "
                            "member one value."
                        )
                        % {"name": name, "column": label, "first": member.line},
                    )
            member.relationship = member.relationship or relationship
        if row.get("email"):
            email = row["email"].strip().lower()
            if member.email and member.email != email:
                problem(
                    line,
                    _("%(name)s has another e-mail on line %(first)d: give one.")
                    % {"name": name, "first": member.line},
                )
            member.email = email
        member.targets.extend(t for t in targets if t not in member.targets)
        if consent_at is not None:
            member.consent_at, member.consent_note = consent_at, consent_note
        if network and handle:
            earlier = seen_accounts.get((network, handle))
            if earlier and earlier[1] != key:
                problem(
                    line,
                    _("%(handle)s on %(network)s is also on line %(first)d, for another member.")
                    % {"handle": handle, "network": network, "first": earlier[0]},
                )
            seen_accounts[(network, handle)] = (line, key)
            member.accounts.append(_Account(line, network, handle, followers))

    # What the workspace already has: other members' accounts, the strategy's targets.
    owners = {
        (a.network, a.handle): a.member.name.lower()
        for a in MemberAccount.objects.filter(workspace=workspace).select_related("member")
    }
    for key, member in members.items():
        for account in member.accounts:
            holder = owners.get((account.network, account.handle))
            if holder is not None and holder != key:
                problem(
                    account.line,
                    _(
                        "%(handle)s on %(network)s is already another member's account in "
                        "the roster."
                    )
                    % {"handle": account.handle, "network": account.network},
                )
        try:
            roster.checked(
                workspace,
                roster.MemberInput(
                    name=member.name,
                    kind=member.kind or MemberKind.AMBASSADOR,
                    compensation=member.compensation or Compensation.NONE,
                    relationship=member.relationship,
                    email=member.email,
                    targets=member.targets,
                ),
            )
        except DomainError as exc:
            problem(member.line, exc.message)
    if problems:
        raise ImportRefused(sorted(problems, key=_line_of))
    return list(members.values())


def _line_of(message: str) -> int:
    found = re.search(r"\d+", message)
    return int(found[0]) if found else 0


def import_roster(membership: Membership, raw: bytes) -> ImportResult:
    """Import the file's members and accounts, all or nothing."""
    roster.require_editor(membership)
    members = _read(membership, raw)
    workspace = membership.workspace
    result = ImportResult()
    existing = {
        m.name.lower(): m
        for m in Member.objects.filter(workspace=workspace).prefetch_related("targets")
    }
    try:
        with transaction.atomic():
            for read in members:
                current = existing.get(read.name.lower())
                data = roster.MemberInput(
                    name=read.name,
                    kind=read.kind,
                    compensation=read.compensation,
                    relationship=read.relationship or (current.relationship if current else ""),
                    email=read.email or (current.email if current else ""),
                    consent_at=read.consent_at or (current.consent_at if current else None),
                    consent_note=(
                        read.consent_note
                        if read.consent_at
                        else (current.consent_note if current else "")
                    ),
                    targets=read.targets
                    or ([t.key for t in current.targets.all()] if current else []),
                    notes=current.notes if current else "",
                    active=current.active if current else True,
                )
                if current is None:
                    member = roster.create_member(membership, data)
                    result.members_created += 1
                else:
                    member = roster.update_member(membership, current, data)
                    result.members_updated += 1
                had = set(member.accounts.values_list("network", "handle"))
                for account in read.accounts:
                    roster.add_account(
                        membership, member, account.network, account.handle, account.followers
                    )
                    if (account.network, account.handle) in had:
                        result.accounts_updated += 1
                    else:
                        result.accounts_added += 1
    except DomainError as exc:
        raise ImportRefused([exc.message]) from None
    return result
