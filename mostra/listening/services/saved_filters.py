"""A member's saved inbox filters: a name and the page's query string. Personal (each
member sees and removes only their own), audited like every write."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.listening.models import SavedFilter
from mostra.listening.services.inbox import InboxFilter

NAME_LENGTH = 80
MAX_FILTERS = 50


class FilterNotFound(DomainError):
    """No saved filter of this member has this id (404)."""


def save(actor: Membership, name: str, given: InboxFilter) -> SavedFilter:
    clean = " ".join((name or "").split())
    if not clean:
        raise DomainError(_("Name the filter."), field="name")
    if len(clean) > NAME_LENGTH:
        raise DomainError(
            _("Keep the name to %(max)s characters at most.") % {"max": NAME_LENGTH},
            field="name",
        )
    if not given.active:
        raise DomainError(_("Choose at least one filter before saving it."))
    mine = SavedFilter.objects.filter(workspace=actor.workspace, user=actor.user)
    if mine.count() >= MAX_FILTERS:
        raise DomainError(
            _("You have %(max)s saved filters: remove one first.") % {"max": MAX_FILTERS}
        )
    try:
        with transaction.atomic():
            row = SavedFilter.objects.create(
                workspace=actor.workspace,
                user=actor.user,
                name=clean,
                query=given.as_query_string(),
            )
            audit.record(
                AuditAction.CREATE,
                actor=actor.user,
                workspace=actor.workspace,
                obj=row,
                label=clean,
                changes={"query": [None, row.query]},
            )
    except IntegrityError:
        raise DomainError(
            _("You already have a filter named %(name)s: choose another name.") % {"name": clean},
            field="name",
        ) from None
    return row


def delete(actor: Membership, pk: int) -> None:
    with transaction.atomic():
        row = SavedFilter.objects.filter(workspace=actor.workspace, user=actor.user, pk=pk).first()
        if row is None:
            raise FilterNotFound(_("No such saved filter."))
        audit.record(
            AuditAction.DELETE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=row,
            label=row.name,
        )
        row.delete()
