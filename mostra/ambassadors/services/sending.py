"""Sending a campaign's brief and share kit: one e-mail to each member taking part who
has an address, in the workspace's language (its charter's), with their private page's
address; the paid and gifted ones are told the mandatory disclosure.

Members without an address are listed: the campaign's page shows their private link to
copy. Sending again sends again to the same private pages (one invite per member and
campaign, never two). Only when SMTP is configured (``settings.EMAIL_ENABLED``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mostra.ambassadors.models import Collaboration, InfluenceCampaign, KitInvite
from mostra.ambassadors.services import kits
from mostra.ambassadors.services.campaigns import (
    charter_of,
    charter_rules,
    ensure_invite,
    ensure_tracked_link,
    require_editor,
)
from mostra.core.errors import DomainError
from mostra.core.models import Membership

logger = logging.getLogger("mostra.ambassadors")


@dataclass
class Sent:
    """What a sending did: the members e-mailed, those to give the link by hand, and
    those whose e-mail failed."""

    emailed: list[str] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def private_url(invite: KitInvite, request: Any = None) -> str:
    path = reverse("share_kits:kit", args=[invite.token])
    if request is not None and not getattr(settings.CONFIG, "base_url_explicit", False):
        return request.build_absolute_uri(path)
    return settings.CONFIG.base_url.rstrip("/") + path


def _message(
    collaboration: Collaboration, invite: KitInvite, request: Any, rules: list[str]
) -> tuple[str, str]:
    campaign = collaboration.campaign
    kit = list(campaign.kit.all())
    context = {
        "campaign": campaign,
        "workspace": campaign.workspace.name,
        "member": collaboration.member,
        "url": private_url(invite, request),
        "disclosure": kits.disclosure_for(collaboration),
        "rules": rules,
        "posts": kits.personal_posts(collaboration, kit, request),
    }
    subject = render_to_string("ambassadors/campaign_email_subject.txt", context)
    body = render_to_string("ambassadors/campaign_email.txt", context)
    return " ".join(subject.split()), body


def send_brief(membership: Membership, campaign: InfluenceCampaign, request: Any = None) -> Sent:
    """E-mail the brief and share kit to each member taking part who has an address."""
    require_editor(membership)
    if campaign.workspace_id != membership.workspace_id:
        raise DomainError(_("That campaign is not in this workspace."))
    collaborations = list(
        campaign.collaborations.select_related("member", "tracked_link").order_by("member__name")
    )
    if not collaborations:
        raise DomainError(_("Add the members taking part first: nobody would receive the brief."))
    if not campaign.kit.exists():
        raise DomainError(_("Write at least one post in the share kit before sending it."))
    with_email = [c for c in collaborations if c.member.email and c.member.active]
    if with_email and not getattr(settings, "EMAIL_ENABLED", False):
        raise DomainError(
            _(
                "E-mail is not configured on this mostra (MOSTRA_SMTP_URL): copy each "
                "member's private link below and send it yourself."
            )
        )
    sent = Sent()
    language = charter_of(campaign.workspace).language or settings.LANGUAGE_CODE
    now = timezone.now()
    for collaboration in collaborations:
        invite = ensure_invite(collaboration)
        ensure_tracked_link(membership, collaboration)
        member = collaboration.member
        if not member.active:
            continue
        if not member.email:
            sent.without_email.append(member.name)
            continue
        with translation.override(language):
            rules = charter_rules(campaign.workspace, campaign.networks)
            subject, body = _message(collaboration, invite, request, rules)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [member.email])
        except Exception as exc:  # noqa: BLE001 - told to the user, the others still go
            logger.warning(
                "brief of campaign %s not e-mailed to %s: %s", campaign.pk, member.pk, exc
            )
            sent.failed.append(member.name)
            continue
        KitInvite.objects.filter(pk=invite.pk).update(sent_at=now)
        sent.emailed.append(member.name)
    if sent.emailed:
        InfluenceCampaign.objects.filter(pk=campaign.pk).update(brief_sent_at=now)
        campaign.brief_sent_at = now
    return sent
