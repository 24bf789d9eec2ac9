"""A programme's campaigns: the brief (what to say and not to say, the mandatory
disclosure, the charter's rules beside it), the members taking part (their
collaboration: compensation, fee, gift, contract, dates) and their personal tracked links.

Every member of the workspace reads; editors, managers and owners change (as tracked
links). Each change is one transaction: a refused value changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from mostra.ambassadors.models import (
    Collaboration,
    Compensation,
    InfluenceCampaign,
    KitInvite,
    KitPost,
    Member,
)
from mostra.charter.checks.variant import load_charter
from mostra.charter.models import Charter
from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.links.models import TrackedLink
from mostra.links.services import links
from mostra.strategy import networks as registry
from mostra.strategy.models import Objective

#: The placeholder a kit post's text carries where each member's personal link goes.
LINK_PLACEHOLDER = "{link}"
MAX_KIT_TEXT = 5000


def require_editor(membership: Membership) -> None:
    if not has_perm(membership, Perm.EDIT_CONTENT):
        raise DomainError(
            _("Only the workspace's editors, managers and owners change the programme's campaigns.")
        )
    if membership.workspace.archived_at:
        raise DomainError(_("This workspace is archived: it is read-only."))


def network_codes() -> list[str]:
    return [n.code for n in registry.all_networks()]


def checked_networks(values: list[str]) -> list[str]:
    known = set(network_codes())
    cleaned = [v.strip().lower() for v in values if v.strip()]
    unknown = [v for v in cleaned if v not in known]
    if unknown:
        raise DomainError(
            _("“%(network)s” is not a network mostra knows (such as %(example)s).")
            % {"network": unknown[0], "example": ", ".join(sorted(known))},
            "networks",
        )
    return list(dict.fromkeys(cleaned))


def checked_hashtags(values: list[str]) -> list[str]:
    tags: list[str] = []
    for value in values:
        for word in value.replace(",", " ").split():
            tag = "#" + word.lstrip("#")
            if len(tag) > 1 and tag not in tags:
                tags.append(tag[:100])
    return tags


@dataclass
class CampaignInput:
    """A campaign's fields and its brief, as the form, the API and the demo give them."""

    name: str
    start: dt.date
    end: dt.date
    networks: list[str] = field(default_factory=list)
    objective_id: int | None = None
    key_messages: str = ""
    do_say: str = ""
    dont_say: str = ""
    hashtags: list[str] = field(default_factory=list)
    link: str = ""
    utm_campaign: str = ""
    disclosure: str = "Collaboration commerciale"
    image_retouched: bool = False
    image_virtual: bool = False


def _apply(workspace: Workspace, campaign: InfluenceCampaign, data: CampaignInput) -> None:
    name = data.name.strip()
    if not name:
        raise DomainError(_("Give the campaign a name."), "name")
    if data.end < data.start:
        raise DomainError(_("The campaign must end on or after its first day."), "end")
    objective = None
    if data.objective_id is not None:
        objective = Objective.objects.filter(workspace=workspace, pk=data.objective_id).first()
        if objective is None:
            raise DomainError(_("That objective is not in this workspace."), "objective")
    link = data.link.strip()
    if link:
        link = links.checked_target(link)
    campaign.name = name[:200]
    campaign.start, campaign.end = data.start, data.end
    campaign.networks = checked_networks(data.networks)
    campaign.objective = objective
    campaign.key_messages = data.key_messages.strip()
    campaign.do_say = data.do_say.strip()
    campaign.dont_say = data.dont_say.strip()
    campaign.hashtags = checked_hashtags(data.hashtags)
    campaign.link = link
    campaign.utm_campaign = links.campaign_tag(data.utm_campaign or name)
    campaign.disclosure = data.disclosure.strip()[:100]
    campaign.image_retouched = data.image_retouched
    campaign.image_virtual = data.image_virtual


def _save(campaign: InfluenceCampaign) -> None:
    try:
        with transaction.atomic():
            campaign.save()
    except IntegrityError:
        raise DomainError(
            _("A campaign named “%(name)s” already exists: choose another name.")
            % {"name": campaign.name},
            "name",
        ) from None


def _audit(membership: Membership, action: AuditAction, obj: Model, label: str) -> None:
    audit.record(
        action, actor=membership.user, workspace=membership.workspace, obj=obj, label=label
    )


@transaction.atomic
def create_campaign(membership: Membership, data: CampaignInput) -> InfluenceCampaign:
    require_editor(membership)
    campaign = InfluenceCampaign(workspace=membership.workspace, created_by=membership.user)
    _apply(membership.workspace, campaign, data)
    _save(campaign)
    _audit(
        membership,
        AuditAction.CREATE,
        campaign,
        _("Programme campaign %(name)s") % {"name": campaign.name},
    )
    return campaign


@transaction.atomic
def update_campaign(
    membership: Membership, campaign: InfluenceCampaign, data: CampaignInput
) -> InfluenceCampaign:
    """Change the brief; the members' tracked links follow a new link or campaign tag."""
    require_editor(membership)
    _apply(membership.workspace, campaign, data)
    _save(campaign)
    _audit(
        membership,
        AuditAction.UPDATE,
        campaign,
        _("Brief of %(name)s") % {"name": campaign.name},
    )
    for collaboration in campaign.collaborations.select_related("tracked_link", "member"):
        link = collaboration.tracked_link
        if link is None:
            ensure_tracked_link(membership, collaboration)
        elif campaign.link and link.target != campaign.link:
            links.change_target(membership, link, campaign.link)
    return campaign


# --- The share kit ---------------------------------------------------------------------


@dataclass(frozen=True)
class KitPostInput:
    network: str
    text: str


def checked_kit_post(data: KitPostInput) -> KitPostInput:
    network = checked_networks([data.network])
    if not network:
        raise DomainError(_("Choose the network this post is for."), "network")
    text = data.text.strip()
    if not text:
        raise DomainError(_("Write the post's text."), "text")
    if len(text) > MAX_KIT_TEXT:
        raise DomainError(
            _("A kit post has at most %(n)d characters.") % {"n": MAX_KIT_TEXT}, "text"
        )
    return KitPostInput(network[0], text)


def add_kit_post(
    membership: Membership, campaign: InfluenceCampaign, data: KitPostInput
) -> KitPost:
    require_editor(membership)
    data = checked_kit_post(data)
    last = campaign.kit.order_by("-position").values_list("position", flat=True).first()
    return KitPost.objects.create(
        campaign=campaign,
        network=data.network,
        text=data.text,
        position=(last or 0) + 1,
    )


@transaction.atomic
def replace_kit(
    membership: Membership, campaign: InfluenceCampaign, posts: list[KitPostInput]
) -> list[KitPost]:
    """The kit becomes these posts, in this order (all checked before any is written)."""
    require_editor(membership)
    checked = [checked_kit_post(p) for p in posts]
    campaign.kit.all().delete()
    return KitPost.objects.bulk_create(
        KitPost(campaign=campaign, network=p.network, text=p.text, position=i + 1)
        for i, p in enumerate(checked)
    )


def delete_kit_post(membership: Membership, post: KitPost) -> None:
    require_editor(membership)
    post.delete()


# --- The members taking part -----------------------------------------------------------


@dataclass
class CollaborationInput:
    member_id: int
    compensation: str = ""
    fee: Decimal | None = None
    currency: str = "EUR"
    gift: str = ""
    contract_reference: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


def _apply_collaboration(collaboration: Collaboration, data: CollaborationInput) -> None:
    compensation = data.compensation or collaboration.member.compensation
    if compensation not in Compensation.values:
        raise DomainError(
            _("The compensation must be one of %(choices)s.")
            % {"choices": ", ".join(Compensation.values)},
            "compensation",
        )
    if data.fee is not None and data.fee < 0:
        raise DomainError(_("The fee cannot be negative."), "fee")
    if data.start and data.end and data.end < data.start:
        raise DomainError(_("The collaboration must end on or after its first day."), "end")
    currency = (data.currency or "EUR").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise DomainError(_("The currency is a three-letter code such as EUR."), "currency")
    collaboration.compensation = compensation
    collaboration.fee = data.fee
    collaboration.currency = currency
    collaboration.gift = data.gift.strip()[:200]
    collaboration.contract_reference = data.contract_reference.strip()[:200]
    collaboration.start, collaboration.end = data.start, data.end


@transaction.atomic
def add_collaboration(
    membership: Membership, campaign: InfluenceCampaign, data: CollaborationInput
) -> Collaboration:
    """A member taking part, with their private page and personal tracked link."""
    require_editor(membership)
    member = Member.objects.filter(workspace=campaign.workspace, pk=data.member_id).first()
    if member is None:
        raise DomainError(_("That member is not in this workspace's programme."), "member")
    if campaign.collaborations.filter(member=member).exists():
        raise DomainError(
            _("%(name)s already takes part in this campaign.") % {"name": member.name}, "member"
        )
    collaboration = Collaboration(campaign=campaign, member=member)
    _apply_collaboration(collaboration, data)
    collaboration.save()
    KitInvite.objects.create(collaboration=collaboration)
    ensure_tracked_link(membership, collaboration)
    _audit(
        membership,
        AuditAction.CREATE,
        collaboration,
        _("%(member)s takes part in %(campaign)s")
        % {"member": member.name, "campaign": campaign.name},
    )
    return collaboration


@transaction.atomic
def update_collaboration(
    membership: Membership, collaboration: Collaboration, data: CollaborationInput
) -> Collaboration:
    require_editor(membership)
    _apply_collaboration(collaboration, data)
    collaboration.save()
    return collaboration


@transaction.atomic
def remove_collaboration(membership: Membership, collaboration: Collaboration) -> None:
    require_editor(membership)
    _audit(
        membership,
        AuditAction.DELETE,
        collaboration,
        _("%(member)s no longer takes part in %(campaign)s")
        % {"member": collaboration.member.name, "campaign": collaboration.campaign.name},
    )
    collaboration.delete()


def ensure_tracked_link(membership: Membership, collaboration: Collaboration) -> TrackedLink | None:
    """The member's personal tracked link to the campaign's page: created once, kept on
    the collaboration (None while the campaign has no link)."""
    campaign = collaboration.campaign
    if collaboration.tracked_link_id is not None or not campaign.link:
        return collaboration.tracked_link
    network = campaign.networks[0] if len(campaign.networks) == 1 else ""
    accounts = [a.network for a in collaboration.member.accounts.all()]
    if not network and len(accounts) == 1:
        network = accounts[0]
    link = links.create_link(
        membership,
        campaign.link,
        medium="ambassador",
        campaign=campaign.utm_campaign or campaign.name,
        content=collaboration.member.name,
        network=network if network in network_codes() else "",
        label=_("%(member)s · %(campaign)s")
        % {
            "member": collaboration.member.name,
            "campaign": campaign.name,
        },
    )
    collaboration.tracked_link = link
    collaboration.save(update_fields=["tracked_link"])
    return link


def ensure_invite(collaboration: Collaboration) -> KitInvite:
    invite = KitInvite.objects.filter(collaboration=collaboration).first()
    return invite or KitInvite.objects.create(collaboration=collaboration)


def rotate_invite(membership: Membership, collaboration: Collaboration) -> KitInvite:
    """A new private address for the member: the old one answers 404 from now on."""
    from mostra.ambassadors.models.campaign import new_invite_token

    require_editor(membership)
    invite = ensure_invite(collaboration)
    invite.token = new_invite_token()
    invite.save(update_fields=["token"])
    return invite


# --- What the brief shows beside it ----------------------------------------------------


def disclosure_mentions(campaign: InfluenceCampaign, compensation: str) -> list[str]:
    """The mentions a member's post must carry: the commercial one when paid or gifted,
    and the image mentions the brand declared (in the charter's language)."""
    if compensation == Compensation.NONE:
        return []
    mentions = [campaign.disclosure] if campaign.disclosure else []
    charter = charter_of(campaign.workspace)
    french = charter.language != "en"
    if campaign.image_retouched:
        mentions.append("Image retouchée" if french else "Retouched image")
    if campaign.image_virtual:
        mentions.append("Image virtuelle" if french else "Virtual image")
    return mentions


def charter_of(workspace: Workspace) -> Charter:
    """The workspace's charter (an unsaved default when none is saved), read once per
    workspace object (a page shows its rules and each member's mentions)."""
    cached = getattr(workspace, "_programme_charter", None)
    if cached is None:
        cached = load_charter(workspace)
        workspace._programme_charter = cached  # type: ignore[attr-defined]
    return cached


def charter_rules(workspace: Workspace, campaign_networks: list[str]) -> list[str]:
    """The charter's rules in words, as the members must follow them."""
    charter = charter_of(workspace)
    rules: list[str] = []
    if charter.tone:
        rules.append(_("Tone: %(tone)s") % {"tone": charter.tone})
    if charter.address_form == "tu":
        rules.append(_("Address the reader with “tu”."))
    elif charter.address_form == "vous":
        rules.append(_("Address the reader with “vous”."))
    if charter.inclusive_writing == "forbidden":
        rules.append(_("No point médian: use doublets or epicene words."))
    if charter.forbidden_list:
        rules.append(_("Never write: %(words)s") % {"words": ", ".join(charter.forbidden_list)})
    if charter.required_list:
        rules.append(_("Always write: %(words)s") % {"words": ", ".join(charter.required_list)})
    if charter.max_exclamations is not None:
        rules.append(
            _("At most %(n)d exclamation marks per post.") % {"n": charter.max_exclamations}
        )
    if charter.max_caps_ratio is not None:
        rules.append(_("At most %(n)d%% capital letters.") % {"n": charter.max_caps_ratio})
    for code, rule in sorted(charter.rules_by_network().items()):
        if campaign_networks and code not in campaign_networks:
            continue
        name = registry.label(code)
        if rule.max_hashtags is not None:
            rules.append(
                _("%(network)s: at most %(n)d hashtags.")
                % {"network": name, "n": rule.max_hashtags}
            )
        if rule.forbidden_list:
            rules.append(
                _("%(network)s: never write %(words)s")
                % {"network": name, "words": ", ".join(rule.forbidden_list)}
            )
        if rule.required_list:
            rules.append(
                _("%(network)s: always write %(words)s")
                % {"network": name, "words": ", ".join(rule.required_list)}
            )
    return rules


# --- The whole brief at once (the API) -------------------------------------------------


def input_of(campaign: InfluenceCampaign) -> CampaignInput:
    """The campaign's fields as they stand (a partial change starts from them)."""
    return CampaignInput(
        name=campaign.name,
        start=campaign.start,
        end=campaign.end,
        networks=list(campaign.networks),
        objective_id=campaign.objective_id,
        key_messages=campaign.key_messages,
        do_say=campaign.do_say,
        dont_say=campaign.dont_say,
        hashtags=list(campaign.hashtags),
        link=campaign.link,
        utm_campaign=campaign.utm_campaign,
        disclosure=campaign.disclosure,
        image_retouched=campaign.image_retouched,
        image_virtual=campaign.image_virtual,
    )


@transaction.atomic
def save_brief(
    membership: Membership,
    campaign: InfluenceCampaign | None,
    data: CampaignInput,
    *,
    kit: list[KitPostInput] | None = None,
    collaborations: list[CollaborationInput] | None = None,
) -> InfluenceCampaign:
    """Create or change a campaign with its kit (replaced when given) and its members
    (added, or their collaboration changed): all or nothing."""
    if campaign is None:
        campaign = create_campaign(membership, data)
    else:
        update_campaign(membership, campaign, data)
    if kit is not None:
        replace_kit(membership, campaign, kit)
    for wanted in collaborations or []:
        existing = campaign.collaborations.filter(member_id=wanted.member_id).first()
        if existing is None:
            add_collaboration(membership, campaign, wanted)
        else:
            update_collaboration(membership, existing, wanted)
    return campaign
