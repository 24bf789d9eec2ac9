"""Adding, changing and removing a workspace's listening queries, and trying one: what
the Queries page, the API and ``mostra query`` call, with the same rights (owners and
managers change them, every member reads them) and audit entries.

A query that does not read is refused with its line, column and problem
(:class:`QueryInvalid`); its warnings (:func:`~mostra.listening.query.lint`) are shown but
do not stop it. A query added or changed is matched at once against the last 30 days of
mentions (:func:`~mostra.listening.services.matching.rematch_recent`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.listening.models import ListeningQuery, Mention, QueryGroup
from mostra.listening.query import QuerySyntaxError, QueryWarning, compile_query, lint
from mostra.listening.query.document import Document
from mostra.listening.services import matching

#: The most queries a workspace may have (the matcher is built for thousands).
MAX_QUERIES = 5000
#: The longest query text.
MAX_LENGTH = 4000
NAME_LENGTH = 120
#: How many matches "try it" shows.
TRY_SHOWN = 20


class QueryNotFound(DomainError):
    """No query of the workspace has this id or name (pages and API answer 404)."""


class QueryInvalid(DomainError):
    """The query text does not read: :attr:`error` says where and why."""

    def __init__(self, error: QuerySyntaxError) -> None:
        super().__init__(
            _("Line %(line)d, column %(column)d: %(problem)s")
            % {"line": error.line, "column": error.column, "problem": error.message},
            field="text",
        )
        self.error = error


def ensure_may_manage(actor: Membership) -> None:
    if not has_perm(actor, Perm.EDIT_STRATEGY):
        raise DomainError(_("Only owners and managers can change the listening's queries."))


def checked(text: str) -> tuple[str, list[QueryWarning]]:
    """The query text, stripped, and its warnings; :class:`QueryInvalid` when it does not
    read, DomainError when empty or too long."""
    text = text.strip()
    if not text:
        raise DomainError(_("Write the query: words, phrases in quotes, AND, OR, NOT."), "text")
    if len(text) > MAX_LENGTH:
        raise DomainError(
            _("Keep the query to %(max)s characters at most: split it in several.")
            % {"max": MAX_LENGTH},
            field="text",
        )
    try:
        compile_query(text)
    except QuerySyntaxError as exc:
        raise QueryInvalid(exc) from None
    return text, lint(text)


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Give the query a name."), field="name")
    if len(name) > NAME_LENGTH:
        raise DomainError(
            _("Keep the name to %(max)s characters at most.") % {"max": NAME_LENGTH}, "name"
        )
    return name


def _group(group: str) -> str:
    if group not in QueryGroup.values:
        raise DomainError(
            _("Unknown group %(group)s: choose one of %(groups)s.")
            % {"group": repr(group), "groups": ", ".join(QueryGroup.values)},
            field="group",
        )
    return group


def _unique(workspace: Workspace, name: str, exclude: int | None = None) -> None:
    rows = ListeningQuery.objects.filter(workspace=workspace, name__iexact=name)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    if rows.exists():
        raise DomainError(
            _("This workspace already has a query named %(name)s: choose another name.")
            % {"name": name},
            field="name",
        )


@dataclass
class Saved:
    """A query saved, its warnings, and how many recent mentions it matched."""

    query: ListeningQuery
    warnings: list[QueryWarning] = field(default_factory=list)
    matched: int = 0


@transaction.atomic
def add_query(
    actor: Membership,
    *,
    name: str,
    text: str,
    group: str = QueryGroup.BRAND,
    ip_address: str | None = None,
) -> Saved:
    """Add a query and match the last 30 days of mentions for it; audited."""
    ensure_may_manage(actor)
    workspace = actor.workspace
    name, group = _name(name), _group(group)
    text, warnings = checked(text)
    _unique(workspace, name)
    if ListeningQuery.objects.filter(workspace=workspace).count() >= MAX_QUERIES:
        raise DomainError(
            _("A workspace can have %(max)s queries at most: remove some first.")
            % {"max": MAX_QUERIES}
        )
    query = ListeningQuery.objects.create(
        workspace=workspace, name=name, group=group, text=text, created_by=actor.user
    )
    audit.record(
        AuditAction.CREATE,
        actor=actor.user,
        workspace=workspace,
        obj=query,
        changes={"name": [None, name], "group": [None, group], "text": [None, text]},
        ip_address=ip_address,
    )
    return Saved(query, warnings, matching.rematch_recent(query))


def get_query(
    actor: Membership, query_id: int | None = None, *, name: str | None = None
) -> ListeningQuery:
    rows = ListeningQuery.objects.filter(workspace=actor.workspace)
    rows = rows.filter(pk=query_id) if query_id is not None else rows.filter(name__iexact=name)
    query = rows.select_for_update().first()
    if query is None:
        raise QueryNotFound(_("No query of this workspace has this id or name."))
    return query


@transaction.atomic
def update_query(
    actor: Membership,
    query_id: int,
    *,
    name: str | None = None,
    text: str | None = None,
    group: str | None = None,
    ip_address: str | None = None,
) -> Saved:
    """Rename a query, change its group or its text; a new text is matched again against
    the last 30 days of mentions (its earlier matches dropped). Audited."""
    ensure_may_manage(actor)
    query = get_query(actor, query_id)
    before = {"name": query.name, "group": query.group, "text": query.text}
    warnings: list[QueryWarning] = []
    if name is not None:
        query.name = _name(name)
        _unique(actor.workspace, query.name, exclude=query.pk)
    if group is not None:
        query.group = _group(group)
    if text is not None:
        query.text, warnings = checked(text)
    changes = audit.diff(before, {"name": query.name, "group": query.group, "text": query.text})
    if not changes:
        return Saved(query, warnings, 0)
    query.save()
    audit.record(
        AuditAction.UPDATE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=query,
        changes=changes,
        ip_address=ip_address,
    )
    matched = matching.rematch_recent(query) if "text" in changes else query.mentions.count()
    return Saved(query, warnings, matched)


@transaction.atomic
def delete_query(
    actor: Membership,
    query_id: int | None = None,
    *,
    name: str | None = None,
    ip_address: str | None = None,
) -> str:
    """Remove a query (the mentions stay, without its matches); audited. Returns its
    name."""
    ensure_may_manage(actor)
    query = get_query(actor, query_id, name=name)
    audit.record(
        AuditAction.DELETE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=query,
        changes={"name": [query.name, None], "text": [query.text, None]},
        ip_address=ip_address,
    )
    label = query.name
    query.delete()
    return label


@dataclass(frozen=True)
class Trial:
    """What a query finds among the recent mentions: how many, and the newest few."""

    count: int
    examples: list[Mention]
    read: int
    warnings: list[QueryWarning]


def try_query(workspace: Workspace, text: str, *, now: dt.datetime | None = None) -> Trial:
    """Run ``text`` against the workspace's last 30 days of mentions (at most
    :data:`~.matching.RECHECK_LIMIT`, the newest) without saving anything."""
    text, warnings = checked(text)
    test = compile_query(text)
    count, read = 0, 0
    examples: list[int] = []
    for mention in matching.recent(workspace, now or timezone.now()):
        read += 1
        if test.matches(Document.of(mention)):
            count += 1
            if len(examples) < TRY_SHOWN:
                examples.append(mention.pk)
    shown = Mention.objects.filter(pk__in=examples).select_related("source")
    by_pk = {m.pk: m for m in shown}
    return Trial(count, [by_pk[pk] for pk in examples if pk in by_pk], read, warnings)
