"""The ambassador and influencer programme: the roster (members, their accounts, a
member's data exported), the campaigns' briefs and the tracked posts.

Every member of the workspace reads them; editors, managers and owners change them (the
services of :mod:`mostra.ambassadors.services`: the same as the pages and
``mostra ambassadors``). Each part keeps its routes in its own section below.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from mostra.ambassadors.models import (
    Collaboration,
    InfluenceCampaign,
    Member,
    MemberAccount,
    TrackedPost,
)
from mostra.ambassadors.services import campaigns as campaign_service
from mostra.ambassadors.services import (
    compliance,
    kits,
    member_data,
    roster,
    sending,
    tracked_posts,
)
from mostra.api.access import member
from mostra.api.schemas.ambassador_campaigns import (
    CampaignBriefIn,
    CampaignBriefOut,
    CampaignBriefPatch,
    CollaborationIn,
    KitPostIn,
    SendOut,
)
from mostra.api.schemas.ambassador_posts import CheckIn, CheckOut, TrackedPostIn, TrackedPostOut
from mostra.api.schemas.ambassador_roster import (
    AccountIn,
    ErasedOut,
    ProgrammeMemberIn,
    ProgrammeMemberOut,
    ProgrammeMemberPatch,
)
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.listening.enrichment.workspace_languages import workspace_languages
from mostra.strategy import networks

router = Router(tags=["ambassadors"])


# --- Tracked posts and the disclosure check (POSTS) ----------------------------------

POSTS = "/workspaces/{slug}/ambassador-posts"


def _post_data(post: TrackedPost) -> dict[str, Any]:
    return {
        "id": post.pk,
        "member_id": post.member_id,
        "member": post.member.name,
        "campaign_id": post.campaign_id,
        "network": post.network,
        "network_id": post.network_id,
        "url": post.url,
        "text": post.text,
        "published_at": post.published_at,
        "source": post.source,
        "likes": post.likes,
        "reposts": post.reposts,
        "replies": post.replies,
        "quotes": post.quotes,
        "reach": post.reach,
        "engagements": post.engagements,
        "compliance": post.compliance,
        "findings": post.findings,
        "checked_at": post.checked_at,
    }


@router.get(POSTS, response={200: list[TrackedPostOut], **NOT_FOUND})
def list_ambassador_posts(
    request: HttpRequest,
    slug: str,
    member_id: int | None = None,
    campaign_id: int | None = None,
    compliance: str = "",
) -> list[dict[str, Any]]:
    """The programme's tracked posts, newest first; filters: member, campaign and
    compliance (``n/a``, ``compliant``, ``non-compliant``)."""
    workspace = member(request, slug).workspace
    posts = tracked_posts.posts_of(
        workspace, member=member_id, campaign=campaign_id, compliance=compliance
    )
    return [_post_data(p) for p in posts]


@router.post(POSTS, response={201: TrackedPostOut, **INVALID})
def track_ambassador_post(request: HttpRequest, slug: str, payload: TrackedPostIn) -> Status:
    """Track a member's post by its address (editors, managers, owners): read at once,
    attributed to a campaign and checked."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    workspace = membership.workspace
    chosen = campaign = None
    if payload.member_id is not None:
        chosen = Member.objects.filter(workspace=workspace, pk=payload.member_id).first()
        if chosen is None:
            raise Http404
    if payload.campaign_id is not None:
        campaign = InfluenceCampaign.objects.filter(
            workspace=workspace, pk=payload.campaign_id
        ).first()
        if campaign is None:
            raise Http404
    post = tracked_posts.track_url(membership, payload.url, member=chosen, campaign=campaign)
    return Status(201, _post_data(post))


@router.post(f"{POSTS}/check", response={200: CheckOut, **INVALID})
def check_ambassador_post(request: HttpRequest, slug: str, payload: CheckIn) -> dict[str, Any]:
    """Check a text for the disclosure the law asks of a paid or gifted post (French:
    loi n° 2023-451 art. 5; English: the FTC); nothing is stored."""
    membership = member(request, slug)
    if networks.get(payload.network) is None:
        raise DomainError(_("Unknown network “%(network)s”.") % {"network": payload.network})
    result = compliance.check_text(
        payload.text,
        payload.compensation,
        language=payload.lang,
        fallback_language=workspace_languages(membership.workspace)[0],
        image_retouched=payload.image_retouched,
        image_virtual=payload.image_virtual,
    )
    return {
        "compliance": result.compliance,
        "language": result.language,
        "findings": result.findings_data(),
    }


@router.get(f"{POSTS}/{{post_id}}", response={200: TrackedPostOut, **NOT_FOUND})
def get_ambassador_post(request: HttpRequest, slug: str, post_id: int) -> dict[str, Any]:
    """One tracked post with its compliance findings."""
    workspace = member(request, slug).workspace
    post = tracked_posts.posts_of(workspace).filter(pk=post_id).first()
    if post is None:
        raise Http404
    return _post_data(post)


# --- The roster: members, their accounts, a member's data (ROSTER) ------------------

ROSTER = "/workspaces/{slug}/ambassadors"


def _member_data(row: roster.MemberRow) -> dict[str, Any]:
    member_ = row.member
    return {
        "id": member_.pk,
        "name": member_.name,
        "kind": member_.kind,
        "relationship": member_.relationship,
        "compensation": member_.compensation,
        "email": member_.email,
        "consent_at": member_.consent_at,
        "consent_note": member_.consent_note,
        "targets": [t.key for t in row.targets],
        "notes": member_.notes,
        "active": member_.active,
        "tier": row.tier.value if row.tier else None,
        "accounts": [
            {
                "id": a.account.pk,
                "network": a.account.network,
                "handle": a.account.handle,
                "profile_url": a.account.profile_url,
                "followers": a.account.followers,
                "tier": a.tier.value if a.tier else None,
            }
            for a in row.accounts
        ],
        "figures": {
            "posts_tracked": row.figures.posts,
            "reach": row.figures.reach,
            "engagements": row.figures.engagements,
        },
    }


def _roster_member(membership: Membership, pk: int) -> Member:
    found = Member.objects.filter(workspace=membership.workspace, pk=pk).first()
    if found is None:
        raise Http404
    return found


def _member_row(membership: Membership, pk: int) -> dict[str, Any]:
    rows = roster.roster(membership.workspace, members=[pk]).rows
    if not rows:
        raise Http404
    return _member_data(rows[0])


@router.get(ROSTER, response={200: list[ProgrammeMemberOut], **NOT_FOUND})
def list_programme_members(
    request: HttpRequest, slug: str, kind: str = "", tier: str = "", network: str = ""
) -> list[dict[str, Any]]:
    """The roster, ambassadors then influencers, with their accounts, tiers and
    programme figures; filters: kind, tier (or ``none``) and network (five queries)."""
    workspace = member(request, slug).workspace
    found = roster.roster(workspace, kind=kind, tier=tier, network=network)
    return [_member_data(row) for row in found.rows]


@router.post(ROSTER, response={201: ProgrammeMemberOut, **INVALID})
def create_programme_member(request: HttpRequest, slug: str, payload: ProgrammeMemberIn) -> Status:
    """Add a member to the roster (editors, managers, owners). Audited."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    created = roster.create_member(membership, roster.MemberInput(**payload.model_dump()))
    return Status(201, _member_row(membership, created.pk))


@router.get(f"{ROSTER}/{{int:pk}}", response={200: ProgrammeMemberOut, **NOT_FOUND})
def get_programme_member(request: HttpRequest, slug: str, pk: int) -> dict[str, Any]:
    """One member with their accounts, tiers and programme figures."""
    return _member_row(member(request, slug), pk)


@router.patch(f"{ROSTER}/{{int:pk}}", response={200: ProgrammeMemberOut, **INVALID})
def update_programme_member(
    request: HttpRequest, slug: str, pk: int, payload: ProgrammeMemberPatch
) -> dict[str, Any]:
    """Change a member: the fields sent, the others kept. Audited (which fields, not
    their values)."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    current = _roster_member(membership, pk)
    values = {
        "name": current.name,
        "kind": current.kind,
        "relationship": current.relationship,
        "compensation": current.compensation,
        "email": current.email,
        "consent_at": current.consent_at,
        "consent_note": current.consent_note,
        "targets": [t.key for t in current.targets.all()],
        "notes": current.notes,
        "active": current.active,
    }
    values.update(payload.model_dump(exclude_unset=True))
    roster.update_member(membership, current, roster.MemberInput(**values))
    return _member_row(membership, pk)


@router.delete(f"{ROSTER}/{{int:pk}}", response={200: ErasedOut, **INVALID})
def erase_programme_member(request: HttpRequest, slug: str, pk: int) -> dict[str, int]:
    """Erase a member and everything personal about them, on their request (owners and
    managers): accounts, collaborations, shares, tracked posts. The audit log keeps that
    a member was erased, without their name."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    return member_data.erase(membership, _roster_member(membership, pk))


@router.get(f"{ROSTER}/{{int:pk}}/export", response={200: dict[str, Any], **NOT_FOUND})
def export_programme_member(request: HttpRequest, slug: str, pk: int) -> dict[str, Any]:
    """Everything the programme keeps about a member, in one document (owners and
    managers; the GDPR's right of access). Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    return member_data.export_for(membership, _roster_member(membership, pk))


@router.post(f"{ROSTER}/{{int:pk}}/accounts", response={201: ProgrammeMemberOut, **INVALID})
def add_programme_member_account(
    request: HttpRequest, slug: str, pk: int, payload: AccountIn
) -> Status:
    """Add a member's account (or update its followers). Audited."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    found = _roster_member(membership, pk)
    roster.add_account(membership, found, payload.network, payload.handle, payload.followers)
    return Status(201, _member_row(membership, pk))


@router.delete(
    f"{ROSTER}/{{int:pk}}/accounts/{{int:account_pk}}",
    response={200: ProgrammeMemberOut, **INVALID},
)
def remove_programme_member_account(
    request: HttpRequest, slug: str, pk: int, account_pk: int
) -> dict[str, Any]:
    """Remove one of a member's accounts. Audited."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    account = MemberAccount.objects.filter(member=_roster_member(membership, pk), pk=account_pk)
    found = account.select_related("member").first()
    if found is None:
        raise Http404
    roster.remove_account(membership, found)
    return _member_row(membership, pk)


# --- Campaigns: brief, share kit, members taking part, sending (CAMPAIGNS) -------------

BRIEFS = "/workspaces/{slug}/ambassador-campaigns"


def _fee(text: str | None) -> Decimal | None:
    if text is None or not text.strip():
        return None
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise DomainError(_("The fee is not an amount: write it as 150.00."), "fee") from None


def _collaboration_inputs(
    given: list[CollaborationIn] | None,
) -> list[campaign_service.CollaborationInput] | None:
    if given is None:
        return None
    return [
        campaign_service.CollaborationInput(
            member_id=c.member_id,
            compensation=c.compensation,
            fee=_fee(c.fee),
            currency=c.currency,
            gift=c.gift,
            contract_reference=c.contract_reference,
            start=c.start,
            end=c.end,
        )
        for c in given
    ]


def _kit_inputs(given: list[KitPostIn] | None) -> list[campaign_service.KitPostInput] | None:
    if given is None:
        return None
    return [campaign_service.KitPostInput(p.network, p.text) for p in given]


def _with_members(campaigns: Any) -> Any:
    """The campaigns with their kit and members read in three queries, whatever their
    number."""
    members = (
        Collaboration.objects.select_related("member", "tracked_link", "invite")
        .annotate(shared=Count("shares"))
        .order_by("member__name")
    )
    return campaigns.prefetch_related("kit", Prefetch("collaborations", queryset=members))


def _brief_data(campaign: InfluenceCampaign) -> dict[str, Any]:
    collaborations = campaign.collaborations.all()
    rows = []
    for c in collaborations:
        invite = getattr(c, "invite", None)
        rows.append(
            {
                "id": c.pk,
                "member_id": c.member_id,
                "member": c.member.name,
                "compensation": c.compensation,
                "fee": None if c.fee is None else str(c.fee),
                "currency": c.currency,
                "gift": c.gift,
                "contract_reference": c.contract_reference,
                "start": c.start,
                "end": c.end,
                "tracked_link": kits.personal_link(c) if c.tracked_link_id else "",
                "private_url": sending.private_url(invite) if invite else "",
                "disclosure": kits.disclosure_for(c),
                "sent_at": invite.sent_at if invite else None,
                "opened_at": invite.opened_at if invite else None,
                "shares": c.shared,
            }
        )
    return {
        **{
            name: getattr(campaign, name)
            for name in (
                "name",
                "start",
                "end",
                "networks",
                "key_messages",
                "do_say",
                "dont_say",
                "hashtags",
                "link",
                "utm_campaign",
                "disclosure",
                "image_retouched",
                "image_virtual",
                "brief_sent_at",
            )
        },
        "id": campaign.pk,
        "objective": campaign.objective_id,
        "charter_rules": campaign_service.charter_rules(campaign.workspace, campaign.networks),
        "kit": [{"id": p.pk, "network": p.network, "text": p.text} for p in campaign.kit.all()],
        "collaborations": rows,
    }


def _influence_campaign(workspace: object, campaign_id: int) -> InfluenceCampaign:
    campaign = (
        _with_members(InfluenceCampaign.objects.filter(workspace=workspace, pk=campaign_id))
        .select_related("workspace")
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


@router.get(BRIEFS, response={200: list[CampaignBriefOut], **NOT_FOUND})
def list_ambassador_campaigns(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The programme's campaigns with their brief, share kit and members taking part."""
    workspace = member(request, slug).workspace
    campaigns = list(_with_members(InfluenceCampaign.objects.filter(workspace=workspace)))
    for campaign in campaigns:  # one workspace object: its charter is read once
        campaign.workspace = workspace
    return [_brief_data(c) for c in campaigns]


@router.post(BRIEFS, response={201: CampaignBriefOut, **INVALID})
def create_ambassador_campaign(request: HttpRequest, slug: str, payload: CampaignBriefIn) -> Status:
    """Create a campaign with its brief, and its kit and members when given (editors,
    managers, owners): all or nothing; each member gets a personal tracked link."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    data = campaign_service.CampaignInput(
        name=payload.name,
        start=payload.start,
        end=payload.end,
        networks=payload.networks,
        objective_id=payload.objective,
        key_messages=payload.key_messages,
        do_say=payload.do_say,
        dont_say=payload.dont_say,
        hashtags=payload.hashtags,
        link=payload.link,
        utm_campaign=payload.utm_campaign,
        disclosure=payload.disclosure,
        image_retouched=payload.image_retouched,
        image_virtual=payload.image_virtual,
    )
    campaign = campaign_service.save_brief(
        membership,
        None,
        data,
        kit=_kit_inputs(payload.kit),
        collaborations=_collaboration_inputs(payload.collaborations),
    )
    return Status(201, _brief_data(_influence_campaign(membership.workspace, campaign.pk)))


@router.get(f"{BRIEFS}/{{campaign_id}}", response={200: CampaignBriefOut, **NOT_FOUND})
def get_ambassador_campaign(request: HttpRequest, slug: str, campaign_id: int) -> dict[str, Any]:
    """One campaign: brief, the charter's rules, share kit, members with their links."""
    workspace = member(request, slug).workspace
    return _brief_data(_influence_campaign(workspace, campaign_id))


@router.patch(f"{BRIEFS}/{{campaign_id}}", response={200: CampaignBriefOut, **INVALID})
def update_ambassador_campaign(
    request: HttpRequest, slug: str, campaign_id: int, payload: CampaignBriefPatch
) -> dict[str, Any]:
    """Change the fields given (editors, managers, owners): ``kit`` replaces the kit,
    ``collaborations`` adds members or changes theirs; all or nothing."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    campaign = _influence_campaign(membership.workspace, campaign_id)
    data = campaign_service.input_of(campaign)
    given = payload.dict(exclude_unset=True)
    for name, value in given.items():
        if name in ("kit", "collaborations"):
            continue
        setattr(data, "objective_id" if name == "objective" else name, value)
    campaign_service.save_brief(
        membership,
        campaign,
        data,
        kit=_kit_inputs(payload.kit),
        collaborations=_collaboration_inputs(payload.collaborations),
    )
    return _brief_data(_influence_campaign(membership.workspace, campaign.pk))


@router.post(f"{BRIEFS}/{{campaign_id}}/send", response={200: SendOut, **INVALID})
def send_ambassador_campaign(request: HttpRequest, slug: str, campaign_id: int) -> dict[str, Any]:
    """E-mail the brief and share kit to each member taking part who has an address
    (editors, managers, owners); the others are listed: give them their private_url."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    campaign = _influence_campaign(membership.workspace, campaign_id)
    sent = sending.send_brief(membership, campaign)
    return {"emailed": sent.emailed, "without_email": sent.without_email, "failed": sent.failed}
