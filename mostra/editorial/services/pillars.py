"""Content pillars: the recurring themes of the editorial line.

Those who edit the strategy name them; everyone sees them. Deleting a pillar keeps its
posts (their pillar becomes empty). Names are unique in a workspace, whatever their
case.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.editorial.models import ContentPillar

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _require(actor: Membership) -> None:
    if not has_perm(actor, Perm.EDIT_STRATEGY):
        raise DomainError(_("Only those who edit the strategy can change the content pillars."))


def _state(pillar: ContentPillar) -> dict[str, str]:
    return {"name": pillar.name, "description": pillar.description, "color": pillar.color}


def save_pillar(
    actor: Membership,
    *,
    name: str,
    description: str = "",
    color: str = "#4c6ef5",
    pillar: ContentPillar | None = None,
) -> ContentPillar:
    """Create (``pillar=None``) or update a content pillar."""
    _require(actor)
    workspace = actor.workspace
    name = name.strip()
    if not name:
        raise DomainError(_("Give the pillar a name."), field="name")
    if not COLOUR.match(color or ""):
        raise DomainError(
            _("Choose the colour as #rrggbb, such as #4c6ef5."),
            field="color",
        )
    clash = ContentPillar.objects.filter(workspace=workspace, name__iexact=name)
    if pillar is not None:
        if pillar.workspace_id != workspace.pk:
            raise DomainError(_("This pillar is not in this workspace."))
        clash = clash.exclude(pk=pillar.pk)
    if clash.exists():
        raise DomainError(
            _("A pillar is already called “%(name)s”: choose another name.") % {"name": name},
            field="name",
        )
    with transaction.atomic():
        before = _state(pillar) if pillar is not None else None
        if pillar is None:
            last = ContentPillar.objects.filter(workspace=workspace).aggregate(m=Max("position"))[
                "m"
            ]
            pillar = ContentPillar(workspace=workspace, position=0 if last is None else last + 1)
        pillar.name = name
        pillar.description = description.strip()
        pillar.color = color.lower()
        pillar.save()
        if before is None:
            audit.record(AuditAction.CREATE, actor=actor.user, workspace=workspace, obj=pillar)
        else:
            changes = audit.diff(before, _state(pillar))
            if changes:
                audit.record(
                    AuditAction.UPDATE,
                    actor=actor.user,
                    workspace=workspace,
                    obj=pillar,
                    changes=changes,
                )
    return pillar


def delete_pillar(actor: Membership, pillar: ContentPillar) -> int:
    """Delete a pillar; its posts stay, without a pillar. Returns how many posts it had."""
    _require(actor)
    if pillar.workspace_id != actor.workspace.pk:
        raise DomainError(_("This pillar is not in this workspace."))
    with transaction.atomic():
        count = pillar.posts.count()
        audit.record(
            AuditAction.DELETE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=pillar,
            changes={"posts": [count, 0]},
        )
        pillar.posts.update(pillar=None)
        pillar.delete()
    return count
