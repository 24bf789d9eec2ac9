"""The programme's tracked posts: added by their address, found in listening's mentions,
read from the members' public feeds; each attributed to a campaign and checked.

Three ways in, one storage (:func:`store_read`): an upsert on the post's identity
(``workspace, network, network_id``: the ``at://`` URI on Bluesky, the status URI on
Mastodon, the same in listening's mentions and the public readers), so a post found by
listening and read again from the feed is one row; reading again updates the counts.

* :func:`track_url`: a post's address pasted by a person; the post is read at once
  through the reader analytics gives (:mod:`mostra.ambassadors.services.post_reading`),
  then stored; a post that cannot be read is not stored (the message says why).
* :func:`track_from_listening`: the mentions whose author is one of the members'
  accounts (handle or profile address), run by the refresh and the daily job;
  idempotent.
* :func:`refresh_member`: each account's recent public posts.

A post is attributed (:func:`campaign_for`) to a campaign the member collaborates in
when it was published within the campaign's dates and holds the member's tracked link
(its short code), one of the campaign's hashtags or the campaign's link. Every stored
post is checked (:func:`check_post`): the collaboration's compensation (else the
member's) says whether the law's disclosure applies.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.ambassadors.models import (
    Collaboration,
    Compliance,
    InfluenceCampaign,
    Member,
    MemberAccount,
    TrackedPost,
    TrackedPostSource,
)
from mostra.ambassadors.services.compliance import check_text
from mostra.ambassadors.services.post_reading import ReadPost, parse_post_url, reader
from mostra.core.errors import DomainError
from mostra.core.models import Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.listening.enrichment.workspace_languages import workspace_languages
from mostra.listening.models import Mention
from mostra.strategy import networks

#: The networks whose posts are read publicly (the others are entered by hand or listened).
READ_NETWORKS = networks.having("public_profile")


def can_edit(membership: Membership) -> bool:
    return has_perm(membership, Perm.EDIT_CONTENT)


def _require_edit(membership: Membership) -> None:
    if not can_edit(membership):
        raise DomainError(_("Only editors, managers and owners can add or refresh posts."))


def normalise_handle(handle: str) -> str:
    return handle.strip().lstrip("@").lower()


# --- Attribution and the check ------------------------------------------------------


def _mentions_link(text: str, collaboration: Collaboration) -> bool:
    folded = text.lower()
    link = collaboration.tracked_link
    if link is not None and re.search(rf"/{re.escape(link.code.lower())}(?![\w-])", folded):
        return True
    campaign = collaboration.campaign
    if campaign.link:
        bare = re.sub(r"^https?://(www\.)?", "", campaign.link.lower()).rstrip("/")
        if bare and bare in folded:
            return True
    for tag in campaign.hashtags or []:
        word = str(tag).strip().lstrip("#").lower()
        if word and re.search(rf"#{re.escape(word)}(?!\w)", folded):
            return True
    return False


def campaign_for(
    post: TrackedPost, collaborations: Iterable[Collaboration]
) -> InfluenceCampaign | None:
    """The campaign (of the member's ``collaborations``) ``post`` belongs to, or None."""
    if post.published_at is None:
        return None
    day = timezone.localdate(post.published_at)
    for collaboration in collaborations:
        campaign = collaboration.campaign
        if campaign.start <= day <= campaign.end and _mentions_link(post.text, collaboration):
            return campaign
    return None


def _collaborations(member: Member) -> list[Collaboration]:
    return list(
        Collaboration.objects.filter(member=member)
        .select_related("campaign", "tracked_link")
        .order_by("-campaign__start", "pk")
    )


def _disclosure_facts(workspace: Workspace) -> tuple[str, list[str]]:
    """The workspace's language and its charter's accepted mentions, read once per
    workspace instance (a refresh checks many posts of one workspace)."""
    facts = getattr(workspace, "_programme_disclosure", None)
    if facts is None:
        try:
            charter = workspace.charter
        except ObjectDoesNotExist:
            charter = None
        mentions = list(charter.disclosure_list) if charter is not None else []
        facts = (workspace_languages(workspace)[0], mentions)
        workspace._programme_disclosure = facts  # type: ignore[attr-defined]
    return facts


def _equivalents(workspace: Workspace, campaign: InfluenceCampaign | None) -> list[str]:
    found = list(_disclosure_facts(workspace)[1])
    if campaign is not None and campaign.disclosure:
        found.append(campaign.disclosure)
    return found


def check_post(
    post: TrackedPost,
    collaborations: Iterable[Collaboration] | None = None,
    *,
    language: str = "",
) -> None:
    """Set ``post``'s compliance, findings and checked time (not saved)."""
    campaign = post.campaign
    compensation = post.member.compensation
    if campaign is not None:
        pool = collaborations if collaborations is not None else _collaborations(post.member)
        found = next((c for c in pool if c.campaign_id == campaign.pk), None)
        if found is not None:
            compensation = found.compensation
    workspace = post.member.workspace
    result = check_text(
        post.text,
        compensation,
        language=language,
        fallback_language=_disclosure_facts(workspace)[0],
        equivalents=_equivalents(workspace, campaign),
        image_retouched=post.image_retouched or bool(campaign and campaign.image_retouched),
        image_virtual=post.image_virtual or bool(campaign and campaign.image_virtual),
        member_name=post.member.name,
        campaign_name=campaign.name if campaign else "",
        url=post.url,
    )
    post.compliance = result.compliance
    post.findings = result.findings_data()
    post.checked_at = timezone.now()


# --- Storage ------------------------------------------------------------------------


def store_read(
    member: Member,
    read: ReadPost,
    source: str,
    *,
    account: MemberAccount | None = None,
    campaign: InfluenceCampaign | None = None,
    mention: Mention | None = None,
    collaborations: list[Collaboration] | None = None,
    existing: dict[str, TrackedPost] | None = None,
) -> tuple[TrackedPost, bool]:
    """Upsert the post read (``created`` True when new), attributed and checked.

    A post already tracked keeps its source, its campaign (unless one is given) and its
    member; its text and counts are updated. ``existing``: the posts already tracked
    by network id, when the caller read them at once (:func:`_tracked`).
    """
    pool = collaborations if collaborations is not None else _collaborations(member)
    if existing is not None:
        post = existing.get(read.network_id)
    else:
        post = TrackedPost.objects.filter(
            workspace_id=member.workspace_id, network=read.network, network_id=read.network_id
        ).first()
    created = post is None
    if post is not None and post.member_id == member.pk:
        post.member = member  # the caller's instance: its workspace is read once
    elif post is not None:  # tracked for another member, who keeps it
        pool = _collaborations(post.member)
    if post is None:
        post = TrackedPost(
            workspace_id=member.workspace_id,
            member=member,
            network=read.network,
            network_id=read.network_id,
            source=source,
        )
    if post.account_id is None:
        post.account = account
    post.url = read.url or post.url
    post.text = read.text if read.text or created else post.text
    post.published_at = read.published_at or post.published_at
    if mention is not None:
        post.mention = mention
    for name in ("likes", "reposts", "replies", "quotes"):
        value = getattr(read, name)
        if value is not None:
            setattr(post, name, value)
    followers = (
        read.followers if read.followers is not None else getattr(account, "followers", None)
    )
    if followers is not None:
        post.reach = followers
    post.metrics_at = timezone.now()
    if campaign is not None:
        post.campaign = campaign
    elif post.campaign_id is None:
        post.campaign = campaign_for(post, pool)
    check_post(post, pool, language=read.language)
    post.save()
    if existing is not None:
        existing[read.network_id] = post
    return post, created


def _tracked(workspace_id: int, network: str, network_ids: list[str]) -> dict[str, TrackedPost]:
    """The posts already tracked among ``network_ids``, by network id (one query)."""
    found = TrackedPost.objects.filter(
        workspace_id=workspace_id, network=network, network_id__in=network_ids
    ).select_related("campaign")
    return {p.network_id: p for p in found}


def _account_for(workspace: Workspace, network: str, handle: str) -> MemberAccount | None:
    """The account of ``handle`` (or of its id: a Bluesky address may name the DID); on
    Mastodon, else the only account of that user name (an instance may show its posts
    under another domain than its accounts')."""
    accounts = MemberAccount.objects.select_related("member").filter(
        workspace=workspace, network=network
    )
    handle = normalise_handle(handle)
    found = accounts.filter(Q(handle__iexact=handle) | Q(external_id=handle)).first()
    if found is None and "@" in handle:
        same_user = list(accounts.filter(handle__istartswith=handle.split("@")[0] + "@")[:2])
        found = same_user[0] if len(same_user) == 1 else None
    return found


def track_url(
    membership: Membership,
    url: str,
    member: Member | None = None,
    campaign: InfluenceCampaign | None = None,
) -> TrackedPost:
    """Track the post at ``url``: read at once (text, counts, the author's followers),
    then stored, attributed and checked. The member is the one given, else the one whose
    account wrote it. DomainError (nothing stored) when the address is not a post's,
    nobody of the programme wrote it, or it cannot be read."""
    _require_edit(membership)
    workspace = membership.workspace
    address = parse_post_url(url)
    account = _account_for(workspace, address.network, address.handle)
    if member is not None and member.workspace_id != workspace.pk:
        raise DomainError(_("Choose a member of this workspace's programme."), "member")
    if member is None:
        if account is None:
            raise DomainError(
                _(
                    "No member of the programme has the account @%(handle)s: add it to a "
                    "member's accounts, or choose the member."
                )
                % {"handle": address.handle},
                "member",
            )
        member = account.member
    elif account is not None and account.member_id != member.pk:
        account = None
    collaborations = _collaborations(member)
    if campaign is not None:
        if campaign.workspace_id != workspace.pk:
            raise DomainError(_("Choose a campaign of this workspace."), "campaign")
        if not any(c.campaign_id == campaign.pk for c in collaborations):
            raise DomainError(
                _("%(member)s does not take part in “%(campaign)s”: add them to it first.")
                % {"member": member.name, "campaign": campaign.name},
                "campaign",
            )
    read = reader().read_post(address)
    with transaction.atomic():
        post, _created = store_read(
            member,
            read,
            TrackedPostSource.URL,
            account=account,
            campaign=campaign,
            collaborations=collaborations,
        )
    return post


def _counts(mention: Mention) -> dict[str, int | None]:
    counts = mention.counts if isinstance(mention.counts, dict) else {}
    found: dict[str, int | None] = {}
    for name in ("likes", "reposts", "replies", "quotes"):
        value = counts.get(name)
        found[name] = value if isinstance(value, int) and value >= 0 else None
    return found


def track_from_listening(workspace: Workspace, since: dt.datetime | None = None) -> int:
    """Make a tracked post of each mention written by a member's account (its handle or
    profile address as the mention's author), fetched since ``since`` when given;
    returns how many posts were new. Run again, it adds only what is new (and refreshes
    the counts)."""
    accounts = list(
        MemberAccount.objects.filter(workspace=workspace, member__active=True).select_related(
            "member"
        )
    )
    if not accounts:
        return 0
    for account in accounts:
        account.member.workspace = workspace  # one instance: its charter read once
    by_handle = {(a.network, a.handle.lower()): a for a in accounts}
    by_url = {a.profile_url.rstrip("/").lower(): a for a in accounts if a.profile_url}
    handles = [h for _n, h in by_handle] + [f"@{h}" for _n, h in by_handle]
    urls = [a.profile_url for a in accounts if a.profile_url]
    mentions = (
        Mention.objects.filter(workspace=workspace)
        .filter(Q(author__in=handles) | Q(author_url__in=urls))
        .exclude(guid="")
    )
    if since is not None:
        mentions = mentions.filter(fetched_at__gte=since)
    pools: dict[int, list[Collaboration]] = {}
    new = 0
    found = list(mentions.order_by("pk"))
    existing = {
        p.network_id: p
        for p in TrackedPost.objects.filter(
            workspace=workspace, network_id__in=[m.guid for m in found]
        ).select_related("campaign")
    }
    with transaction.atomic():
        for mention in found:
            author = by_handle.get(
                (mention.network, normalise_handle(mention.author))
            ) or by_url.get(mention.author_url.rstrip("/").lower())
            if author is None:
                continue
            account = author
            member = account.member
            if member.pk not in pools:
                pools[member.pk] = _collaborations(member)
            counts = _counts(mention)
            read = ReadPost(
                network=account.network,
                network_id=mention.guid,
                url=mention.url,
                text=mention.text or mention.title,
                published_at=mention.published_at,
                language=mention.lang,
                followers=mention.author_followers,
                likes=counts["likes"],
                reposts=counts["reposts"],
                replies=counts["replies"],
                quotes=counts["quotes"],
            )
            _post, created = store_read(
                member,
                read,
                TrackedPostSource.LISTENING,
                account=account,
                mention=mention,
                collaborations=pools[member.pk],
                existing=existing,
            )
            new += created
    return new


@dataclass
class Refreshed:
    new: int = 0
    updated: int = 0
    errors: list[str] | None = None


def refresh_account(account: MemberAccount) -> tuple[int, int]:
    """Read ``account``'s public feed and store its posts; (new, updated). The read's
    error is kept on the account (``read_error``) and raised."""
    now = timezone.now()
    try:
        posts, followers = reader().read_account(account)
    except DomainError as exc:
        MemberAccount.objects.filter(pk=account.pk).update(
            read_at=now, read_error=exc.message[:500]
        )
        raise
    account.read_at, account.read_error = now, ""
    if followers is not None:
        account.followers, account.followers_at = followers, now
    collaborations = _collaborations(account.member)
    new = updated = 0
    existing = _tracked(account.workspace_id, account.network, [p.network_id for p in posts])
    with transaction.atomic():
        account.save(update_fields=["read_at", "read_error", "followers", "followers_at"])
        for read in posts:
            _post, created = store_read(
                account.member,
                read,
                TrackedPostSource.PUBLIC_FEED,
                account=account,
                collaborations=collaborations,
                existing=existing,
            )
            new += created
            updated += not created
    return new, updated


def _read_member(member: Member, done: Refreshed) -> None:
    for account in member.accounts.filter(network__in=READ_NETWORKS):
        account.member = member
        try:
            new, updated = refresh_account(account)
        except DomainError as exc:
            done.errors.append(f"@{account.handle}: {exc.message}")  # type: ignore[union-attr]
            continue
        done.new += new
        done.updated += updated


def recheck(workspace: Workspace, posts: Any) -> int:
    """Check ``posts`` again (a collaboration's compensation or a campaign's declared
    images may have changed since they were read); the number saved."""
    found = list(posts.select_related("member", "campaign"))
    for post in found:
        post.member.workspace = workspace
    in_memory: dict[int, list[Collaboration]] = {}
    for collaboration in Collaboration.objects.filter(
        member_id__in={p.member_id for p in found}
    ).select_related("campaign"):
        in_memory.setdefault(collaboration.member_id, []).append(collaboration)
    for post in found:
        check_post(post, in_memory.get(post.member_id, []))
    TrackedPost.objects.bulk_update(found, ["compliance", "findings", "checked_at"], batch_size=500)
    return len(found)


def refresh_member(membership: Membership | None, member: Member) -> Refreshed:
    """Read each of ``member``'s Bluesky and Mastodon accounts, then listening's
    mentions, then check all their posts again; an account that cannot be read is told
    (the others are stored)."""
    if membership is not None:
        _require_edit(membership)
    done = Refreshed(errors=[])
    _read_member(member, done)
    done.new += track_from_listening(member.workspace)
    recheck(member.workspace, TrackedPost.objects.filter(member=member))
    return done


def refresh_campaign(membership: Membership, campaign: InfluenceCampaign) -> Refreshed:
    """Refresh every active member collaborating in ``campaign``, then check all the
    campaign's posts again."""
    _require_edit(membership)
    done = Refreshed(errors=[])
    workspace = membership.workspace
    for member in Member.objects.filter(collaborations__campaign=campaign, active=True):
        member.workspace = workspace
        _read_member(member, done)
    done.new += track_from_listening(workspace)
    recheck(workspace, TrackedPost.objects.filter(campaign=campaign))
    return done


# --- Reading -------------------------------------------------------------------------


def posts_of(
    workspace: Workspace,
    *,
    member: int | None = None,
    campaign: int | None = None,
    compliance: str = "",
) -> Any:
    """The workspace's tracked posts, newest first, filtered by member, campaign and
    compliance (each optional)."""
    posts = TrackedPost.objects.filter(workspace=workspace).select_related(
        "member", "campaign", "account"
    )
    if member:
        posts = posts.filter(member_id=member)
    if campaign:
        posts = posts.filter(campaign_id=campaign)
    if compliance:
        posts = posts.filter(compliance=compliance)
    return posts.order_by("-published_at", "-pk")


@dataclass
class CampaignCompliance:
    campaign: InfluenceCampaign
    #: Posts of paid or gifted collaborations (the law applies), and how many comply.
    checked: int
    compliant: int
    non_compliant: list[TrackedPost]

    @property
    def share(self) -> float | None:
        """The share of compliant posts (0 to 1), None when no post is concerned."""
        return self.compliant / self.checked if self.checked else None

    @property
    def percent(self) -> int | None:
        return round(100 * self.compliant / self.checked) if self.checked else None


def campaign_compliance(campaign: InfluenceCampaign) -> CampaignCompliance:
    """The compliance of the campaign's posts: two queries whatever their number."""
    counts = dict(
        TrackedPost.objects.filter(campaign=campaign)
        .exclude(compliance=Compliance.NOT_APPLICABLE)
        .values_list("compliance")
        .annotate(n=Count("pk"))
    )
    failing = list(
        TrackedPost.objects.filter(campaign=campaign, compliance=Compliance.NON_COMPLIANT)
        .select_related("member", "campaign")
        .order_by("-published_at", "-pk")
    )
    compliant = counts.get(Compliance.COMPLIANT, 0)
    return CampaignCompliance(
        campaign, compliant + counts.get(Compliance.NON_COMPLIANT, 0), compliant, failing
    )


def in_reader_language(workspace: Workspace, posts: list[TrackedPost]) -> list[TrackedPost]:
    """``posts`` with the findings of the non-compliant ones said again in the active
    language (a post checked by the worker or by a teammate reading English keeps the
    codes, the rules and the ready messages; what to change is said in the reader's
    words). Nothing saved; one query for the members' collaborations."""
    failing = [p for p in posts if p.compliance == Compliance.NON_COMPLIANT]
    if not failing:
        return posts
    pools: dict[int, list[Collaboration]] = {}
    for collaboration in Collaboration.objects.filter(
        member_id__in={p.member_id for p in failing}
    ).select_related("campaign"):
        pools.setdefault(collaboration.member_id, []).append(collaboration)
    for post in failing:
        post.member.workspace = workspace
        check_post(post, pools.get(post.member_id, []))
    return posts
