"""A member's personal data on request (GDPR): everything the programme keeps about
them, exported as one JSON document, and erased.

Erasing deletes the member with their accounts, collaborations, share-kit invitations,
shares and tracked posts; the audit log records that a member was erased (by whom,
when, how many rows) without their name or contact, and the earlier entries about them
lose their name too. Their personal tracked links keep counting the campaign's clicks
but lose their label.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.ambassadors.models import Collaboration, Member, Share, TrackedPost
from mostra.ambassadors.services.roster import require_editor
from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, AuditEvent, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.links.models import TrackedLink

#: The export's format, for whoever reads it later.
EXPORT_VERSION = 1


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def require_data_steward(membership: Membership) -> None:
    """Exporting and erasing a person's data: owners and managers."""
    if not has_perm(membership, Perm.EDIT_STRATEGY):
        raise DomainError(
            _("Only the workspace's owners and managers export or erase a member's data.")
        )


def export(member: Member) -> dict[str, Any]:
    """Everything the programme keeps about ``member``, in one document."""
    collaborations = list(
        Collaboration.objects.filter(member=member).select_related("campaign", "tracked_link")
    )
    shares = Share.objects.filter(collaboration__member=member).select_related(
        "collaboration__campaign"
    )
    posts = TrackedPost.objects.filter(member=member).select_related("campaign")
    return {
        "format": "mostra-programme-member",
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "workspace": member.workspace.name,
        "member": {
            "name": member.name,
            "kind": member.kind,
            "relationship": member.relationship,
            "compensation": member.compensation,
            "email": member.email,
            "consent_at": _when(member.consent_at),
            "consent_note": member.consent_note,
            "targets": [t.key for t in member.targets.all()],
            "notes": member.notes,
            "active": member.active,
            "created_at": _when(member.created_at),
            "updated_at": _when(member.updated_at),
        },
        "accounts": [
            {
                "network": a.network,
                "handle": a.handle,
                "profile_url": a.profile_url,
                "followers": a.followers,
                "followers_at": _when(a.followers_at),
                "external_id": a.external_id,
                "read_at": _when(a.read_at),
            }
            for a in member.accounts.all()
        ],
        "collaborations": [
            {
                "campaign": c.campaign.name,
                "compensation": c.compensation,
                "fee": str(c.fee) if c.fee is not None else None,
                "currency": c.currency,
                "gift": c.gift,
                "contract_reference": c.contract_reference,
                "start": _when(c.start),
                "end": _when(c.end),
                "tracked_link": c.tracked_link.code if c.tracked_link else None,
            }
            for c in collaborations
        ],
        "shares": [
            {
                "campaign": s.collaboration.campaign.name,
                "network": s.network,
                "url": s.url,
                "shared_at": _when(s.shared_at),
            }
            for s in shares
        ],
        "tracked_posts": [
            {
                "network": p.network,
                "url": p.url,
                "text": p.text,
                "published_at": _when(p.published_at),
                "campaign": p.campaign.name if p.campaign else None,
                "source": p.source,
                "likes": p.likes,
                "reposts": p.reposts,
                "replies": p.replies,
                "quotes": p.quotes,
                "reach": p.reach,
                "compliance": p.compliance,
            }
            for p in posts
        ],
    }


def export_for(membership: Membership, member: Member) -> dict[str, Any]:
    require_data_steward(membership)
    audit.record(
        AuditAction.UPDATE,
        actor=membership.user,
        workspace=membership.workspace,
        obj=member,
        label=_("Programme member #%(id)s") % {"id": member.pk},
        changes={"exported": True},
    )
    return export(member)


def what_goes(member: Member) -> dict[str, int]:
    """What erasing ``member`` deletes, counted (the confirmation page shows it)."""
    return {
        "accounts": member.accounts.count(),
        "collaborations": Collaboration.objects.filter(member=member).count(),
        "shares": Share.objects.filter(collaboration__member=member).count(),
        "tracked_posts": TrackedPost.objects.filter(member=member).count(),
    }


def erase(membership: Membership, member: Member) -> dict[str, int]:
    """Delete ``member`` and everything personal about them; return what went."""
    require_editor(membership)
    require_data_steward(membership)
    workspace = membership.workspace
    counts = what_goes(member)
    pk = member.pk
    anonymous = _("Programme member #%(id)s (erased)") % {"id": pk}
    with transaction.atomic():
        links = [
            c.tracked_link_id
            for c in Collaboration.objects.filter(member=member)
            if c.tracked_link_id is not None
        ]
        if links:
            TrackedLink.objects.filter(pk__in=links).update(label="")
        # The earlier entries about them keep what happened, not who it was.
        AuditEvent.objects.filter(
            workspace=workspace, object_type="member", object_id=str(pk)
        ).update(object_label=anonymous, changes={})
        member.delete()
        audit.record(
            AuditAction.DELETE,
            actor=membership.user,
            workspace=workspace,
            label=anonymous,
            changes={"erased": counts},
        )
    return counts
