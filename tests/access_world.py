"""The world the access matrix (tests/test_access_matrix.py) calls every route in.

Two copies of the demo workspace (:func:`mostra.core.demo.build_demo`), each furnished
with one of every object a route names (a post in each state, a pending invitation, a
network account and its publication, a webhook, a report schedule, a media file, a
calendar feed...):

- ``this``, owned by Alice, where each role has its member (Bob is the editor);
- ``other``, owned by Charlie (the outsider), whose objects must stay out of reach from
  ``this``'s addresses: a route given ``this``'s slug and ``other``'s ids answers 404.

A route's arguments are declared here, in :data:`WEB_ARGUMENTS` (by URL name) and
:data:`API_ARGUMENTS` (by operationId), by the names of the objects in :attr:`Side.refs`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from PIL import Image

from mostra.ambassadors.models import (
    Collaboration,
    InfluenceCampaign,
    KitInvite,
    KitPost,
    Member,
    MemberAccount,
    TrackedPost,
)
from mostra.analytics.measurements import services as measurements
from mostra.core.demo import build_demo
from mostra.core.models import ApiToken, Incident, Membership, Role, User, Workspace
from mostra.core.services import invitations
from mostra.editorial.models import Post, PostStatus
from mostra.editorial.services import feeds, media
from mostra.editorial.services import posts as post_service
from mostra.integrations.meta.graph import media_token
from mostra.links.models import TrackedLink
from mostra.links.services.links import new_code
from mostra.listening.models import Mention, Source
from mostra.listening.models.query import ListeningQuery
from mostra.paid.models import Campaign
from mostra.publishing.models import (
    OAuthClient,
    Publication,
    PublicationState,
    SocialAccount,
    Webhook,
)
from mostra.publishing.models.webhook import new_secret
from mostra.reports.models import ReportSchedule
from mostra.strategy.models import CustomKpi, Objective, Strategy, Tactic, Target
from mostra.toolbox.models import Tool
from mostra.toolbox.services import embed

#: Who calls, from no rights to every right in ``this`` workspace.
ROLES = ("anonymous", "outsider", "admin", "viewer", "contributor", "editor", "manager", "owner")

#: The person behind each role (all but ``anonymous``); the cast of tests/conftest.py
#: keeps its parts: Alice owns, Bob is on her team, Charlie owns another workspace.
PEOPLE = {
    "owner": "alice@example.org",
    "manager": "maud@example.org",
    "editor": "bob@example.org",
    "contributor": "cyril@example.org",
    "viewer": "victor@example.org",
    "outsider": "charlie@example.org",
    "admin": "ada@example.org",  # a site administrator, member of no workspace
}


@dataclass
class Side:
    """One workspace and the objects routes name, by the names the arguments use.

    A ref is an id, a key or a link's token; a dict by role for what each person has
    of their own (their API token).
    """

    workspace: Workspace
    refs: dict[str, Any] = field(default_factory=dict)

    def ref(self, name: str, role: str) -> Any:
        value = self.refs[name]
        if isinstance(value, dict):  # an anonymous visitor has none: the owner's
            return value.get(role, value["owner"])
        return value


@dataclass
class World:
    this: Side
    other: Side
    #: role -> session key (web pages) and raw personal API token (API).
    sessions: dict[str, str]
    api_tokens: dict[str, str]


@dataclass(frozen=True)
class Arguments:
    """A route's URL arguments besides ``slug``.

    ``objects`` name the workspace's objects (argument -> ref): the matrix also tries
    them with the other workspace's objects, which must answer 404. ``links`` are
    capabilities (an invitation's or a signed media's token), not tried so. ``fixed``
    are the same everywhere (a date, an action, a network code).
    """

    objects: Mapping[str, str] = field(default_factory=dict)
    links: Mapping[str, str] = field(default_factory=dict)
    fixed: Mapping[str, Any] = field(default_factory=dict)

    def resolve(self, side: Side, role: str, *, objects_of: Side | None = None) -> dict[str, Any]:
        """The arguments in ``side``; its objects taken from ``objects_of`` when given."""
        owner = objects_of or side
        values = dict(self.fixed)
        values.update({arg: side.ref(ref, role) for arg, ref in self.links.items()})
        values.update({arg: owner.ref(ref, role) for arg, ref in self.objects.items()})
        return values


def objects(**refs: str) -> Arguments:
    return Arguments(objects=refs)


#: Strategy kinds whose cards are keyed by an id, and those keyed by a network code.
KEYED_KINDS = {
    "targets": "target",
    "objectives": "objective",
    "strategies": "strategy",
    "tactics": "tactic",
}
NETWORK_KINDS = ("networks", "platforms")
#: A network both demo workspaces have, as platform and mission network.
NETWORK = "facebook"


def _strategy_cards() -> dict[str, Arguments]:
    cases = {
        kind: Arguments(objects={"key": ref}, fixed={"kind": kind})
        for kind, ref in KEYED_KINDS.items()
    }
    for kind in NETWORK_KINDS:
        cases[kind] = Arguments(fixed={"kind": kind, "key": NETWORK})
    return cases


#: A KPI whose values the team records (mostra cannot compute it).
RECORDED_KPI = "registrations"

#: One post in each state: the post page is tried in every one.
POST_CASES = {status: objects(pk=f"post_{status}") for status in PostStatus.values}

#: URL name -> its arguments, or case name -> arguments (each case a test of its own).
WEB_ARGUMENTS: dict[str, Arguments | dict[str, Arguments]] = {
    "core:revoke_token": objects(token_id="api_token"),
    "core:accept_invitation": Arguments(links={"token": "invitation_link"}),
    "core:password_reset_link": Arguments(
        links={"uid": "password_reset_uid", "token": "password_reset_token"}
    ),
    "core:edit_member": objects(member_id="member"),
    "core:remove_member": objects(member_id="member"),
    "core:revoke_invitation": objects(invitation_id="invitation"),
    "core:delete_activity": objects(activity_id="activity"),
    "core:edit_crisis_level": objects(level_id="crisis_level"),
    "strategy:move_target": objects(key="target"),
    "strategy:new": {kind: Arguments(fixed={"kind": kind}) for kind in [*KEYED_KINDS, "networks"]},
    "strategy:card": _strategy_cards(),
    "strategy:edit": _strategy_cards(),
    "strategy:delete": _strategy_cards(),
    **{
        name: Arguments(fixed={"network": NETWORK})
        for name in (
            "strategy:readiness",
            "strategy:readiness_override",
            "strategy:readiness_revoke",
        )
    },
    "analytics:account_refresh": objects(pk="competitor"),
    "analytics:account_delete": objects(pk="competitor"),
    "analytics:kpi_values": Arguments(fixed={"code": RECORDED_KPI}),
    "analytics:kpi_values_import": Arguments(fixed={"code": RECORDED_KPI}),
    "analytics:kpi_value_edit": Arguments(
        objects={"pk": "measurement"}, fixed={"code": RECORDED_KPI}
    ),
    "analytics:kpi_value_delete": Arguments(
        objects={"pk": "measurement"}, fixed={"code": RECORDED_KPI}
    ),
    **{
        name: objects(pk="listening_source")
        for name in (
            "listening:source_enable",
            "listening:source_edit",
            "listening:source_poll",
            "listening:source_delete",
        )
    },
    "listening:query_edit": objects(pk="listening_query"),
    "listening:query_delete": objects(pk="listening_query"),
    **{
        name: objects(pk="incident")
        for name in (
            "listening:incident",
            "listening:incident_acknowledge",
            "listening:incident_note",
            "listening:incident_close",
        )
    },
    "listening:mention_note": objects(pk="mention"),
    "listening:mention_reply": objects(pk="mention"),
    "reports:report_schedule_edit": objects(pk="schedule"),
    "reports:report_schedule_delete": objects(pk="schedule"),
    "reports:report_schedule_send": objects(pk="schedule"),
    "publishing:account_connect": Arguments(fixed={"network": "bluesky"}),
    "publishing:account_oauth": Arguments(fixed={"network": "linkedin"}),
    "publishing:account_disconnect": objects(pk="social_account"),
    "publishing:webhook_active": objects(pk="webhook"),
    "publishing:webhook_delete": objects(pk="webhook"),
    "publishing:post_publications": objects(pk="post_published"),
    "publishing:post_publish_now": objects(pk="post_approved"),
    "publishing:publication_retry": objects(pk="publication"),
    "publishing:publication_mark_published": objects(pk="publication"),
    "publishing:by_hand": objects(pk="by_hand_publication"),
    "publishing:by_hand_published": objects(pk="by_hand_publication"),
    "publishing:by_hand_skip": objects(pk="by_hand_publication"),
    "editorial:calendar_month": Arguments(fixed={"year": 2026, "month": 6}),
    "editorial:calendar_week": Arguments(fixed={"year": 2026, "week": 23}),
    "editorial:reschedule": objects(pk="post_draft"),
    "editorial:event_edit": objects(pk="event"),
    "editorial:event_delete": objects(pk="event"),
    "editorial:post": POST_CASES,
    "editorial:post_delete": objects(pk="post_draft"),
    "editorial:post_comment": objects(pk="post_draft"),
    "editorial:post_duplicate": objects(pk="post_draft"),
    "editorial:media": objects(pk="media"),
    "editorial:pillar_edit": objects(pk="pillar"),
    "editorial:pillar_delete": objects(pk="pillar"),
    # Who approves is the approval rules' (tests/editorial/test_approval_rights*.py).
    "editorial:transition": Arguments(objects={"pk": "post_draft"}, fixed={"action": "submit"}),
    "editorial:calendar_feed": objects(token="feed_token"),
    "oauth:callback": Arguments(fixed={"provider": "linkedin"}),
    "oauth:public_media": Arguments(links={"token": "public_media"}),
    "oauth:save_network_app": Arguments(fixed={"provider": "linkedin"}),
    "oauth:remove_network_app": Arguments(fixed={"provider": "linkedin"}),
    "api:docs_asset": Arguments(fixed={"name": "swagger-ui.css"}),
    "links:change_target": objects(pk="tracked_link"),
    "links:change_tags": objects(pk="tracked_link"),
    "links:expiry": objects(pk="tracked_link"),
    "links:disable": objects(pk="tracked_link"),
    "links:track_post": objects(post_id="post_draft"),
    "links:tag_post": objects(post_id="post_draft"),
    "links:qr": objects(pk="tracked_link"),
    "links:profile_qr": objects(pk="social_account"),
    "short_link": Arguments(links={"code": "link_code"}),
    "paid:campaign": objects(pk="paid_campaign"),
    "paid:campaign_edit": objects(pk="paid_campaign"),
    "paid:campaign_day": objects(pk="paid_campaign"),
    "paid:campaign_delete": objects(pk="paid_campaign"),
    "toolbox:tool_edit": objects(pk="tool"),
    "toolbox:tool_delete": objects(pk="tool"),
    "embed:latest_html": Arguments(links={"token": "embed_token"}),
    "embed:latest_json": Arguments(links={"token": "embed_token"}),
    "ambassadors:campaign": objects(pk="influence_campaign"),
    "ambassadors:campaign_edit": objects(pk="influence_campaign"),
    "ambassadors:campaign_kit_add": objects(pk="influence_campaign"),
    "ambassadors:campaign_kit_delete": objects(pk="influence_campaign", post_id="kit_post"),
    "ambassadors:campaign_member_add": objects(pk="influence_campaign"),
    "ambassadors:campaign_member_edit": objects(
        pk="influence_campaign", collaboration_id="collaboration"
    ),
    "ambassadors:campaign_member_remove": objects(
        pk="influence_campaign", collaboration_id="collaboration"
    ),
    "ambassadors:campaign_member_new_link": objects(
        pk="influence_campaign", collaboration_id="collaboration"
    ),
    "ambassadors:campaign_send": objects(pk="influence_campaign"),
    **{
        f"ambassadors:{name}": objects(pk="roster_member")
        for name in ("member", "member_edit", "account_add", "member_export", "member_erase")
    },
    "ambassadors:account_remove": objects(pk="roster_member", account_pk="member_account"),
    "ambassadors:posts_refresh_member": objects(pk="posts_member"),
    "ambassadors:posts_refresh_campaign": objects(pk="influence_campaign"),
    "ambassadors:compliance": objects(pk="influence_campaign"),
    "share_kits:kit": Arguments(links={"token": "kit_invite"}),
}

#: Pages called as htmx calls them: without it, they only send back to the board.
HTMX_ROUTES = {"strategy:card", "strategy:profile_card"}


def _in_a_month() -> dict[str, str]:
    return {"date": (dt.date.today() + dt.timedelta(days=30)).isoformat()}


#: URL name -> the form a POST sends, where the right is decided once the form is read
#: (whose post may be moved depends on the post): an empty one would stop at its errors.
WEB_BODIES: dict[str, Callable[[], dict[str, str]]] = {"editorial:reschedule": _in_a_month}

#: operationId -> its path arguments besides ``slug``.
API_ARGUMENTS: dict[str, Arguments] = {
    "update_member": objects(member_id="member"),
    "remove_member": objects(member_id="member"),
    "put_crisis_level": objects(level_id="crisis_level"),
    "delete_tracked_account": objects(account_id="competitor"),
    "update_listening_source": objects(source_id="listening_source"),
    "delete_listening_source": objects(source_id="listening_source"),
    "poll_listening_source": objects(source_id="listening_source"),
    **{
        name: objects(incident_id="incident")
        for name in ("get_incident", "acknowledge_incident", "note_incident", "close_incident")
    },
    "update_listening_query": objects(query_id="listening_query"),
    "update_tracked_link": objects(link_id="tracked_link"),
    "tag_post": objects(post_id="post_draft"),
    "disable_tracked_link": objects(link_id="tracked_link"),
    "update_campaign": objects(campaign_id="paid_campaign"),
    "delete_campaign": objects(campaign_id="paid_campaign"),
    **{
        name: objects(campaign_id="influence_campaign")
        for name in (
            "get_ambassador_campaign",
            "update_ambassador_campaign",
            "send_ambassador_campaign",
        )
    },
    **{
        name: objects(pk="roster_member")
        for name in (
            "get_programme_member",
            "update_programme_member",
            "erase_programme_member",
            "export_programme_member",
            "add_programme_member_account",
        )
    },
    "remove_programme_member_account": objects(pk="roster_member", account_pk="member_account"),
    "get_ambassador_post": objects(post_id="ambassador_post"),
    "update_tool": objects(tool_id="tool"),
    "link_qr": objects(link_id="qr_link"),
    "profile_qr": objects(account_id="social_account"),
    "delete_tool": objects(tool_id="tool"),
    "delete_listening_query": objects(query_id="listening_query"),
    "update_mention": objects(mention_id="mention"),
    "reply_to_mention": objects(mention_id="mention"),
    "list_mention_replies": objects(mention_id="mention"),
    **{
        f"{verb}_mission_network": Arguments(fixed={"network": NETWORK})
        for verb in ("get", "put", "delete")
    },
    **{
        f"{verb}_platform": Arguments(fixed={"network": NETWORK})
        for verb in ("get", "put", "delete")
    },
    **{f"{verb}_target": objects(key="target") for verb in ("get", "put", "delete")},
    **{f"{verb}_objective": objects(key="objective") for verb in ("get", "put", "delete")},
    "get_objective_smart": objects(key="objective"),
    "get_objective_funnel": objects(key="objective"),
    "get_strategy_item": objects(key="strategy"),
    **{f"{verb}_strategy": objects(key="strategy") for verb in ("put", "delete")},
    **{f"{verb}_tactic": objects(key="tactic") for verb in ("get", "put", "delete")},
    **{f"{verb}_post": objects(pk="post_draft") for verb in ("get", "update", "delete")},
    **{f"{verb}_custom_kpi": objects(key="custom_kpi") for verb in ("get", "put", "delete")},
    **{
        operation_id: Arguments(fixed={"code": RECORDED_KPI})
        for operation_id in ("list_kpi_recorded_values", "add_kpi_recorded_value")
    },
    "import_kpi_recorded_values": Arguments(fixed={"code": RECORDED_KPI}),
    **{
        f"{verb}_kpi_recorded_value": Arguments(
            objects={"value_id": "measurement"}, fixed={"code": RECORDED_KPI}
        )
        for verb in ("change", "delete")
    },
    **{
        operation_id: Arguments(fixed={"network": NETWORK})
        for operation_id in (
            "get_network_readiness",
            "override_readiness",
            "revoke_readiness_override",
        )
    },
    **{
        operation_id: Arguments(fixed={"network": NETWORK, "code": "ready-mission-who"})
        for operation_id in ("put_not_known", "delete_not_known")
    },
    "list_transitions": objects(pk="post_draft"),
    "list_post_comments": objects(pk="post_draft"),
    "add_post_comment": objects(pk="post_draft"),
    "list_post_decisions": objects(pk="post_draft"),
    "list_post_publications": objects(pk="post_published"),
    "mark_by_hand_published": objects(pk="by_hand_publication"),
    "skip_by_hand_publication": objects(pk="by_hand_publication"),
    "take_transition": Arguments(objects={"pk": "post_draft"}, fixed={"action": "submit"}),
}


#: A custom KPI as the API takes it: named (a rule of the model the schema does not tell).
_KPI = {"id": "matrix-kpi", "names": {"en": "Newsletter sign-ups"}}

#: operationId -> its body, where the smallest the OpenAPI document accepts would be
#: refused before the view runs (the API reads the body first: a 422 for everyone).
API_BODIES: dict[str, Any] = {
    "create_custom_kpi": _KPI,
    "put_custom_kpi": _KPI,
    "add_post_comment": {"body": "Vu, merci"},
    "override_readiness": {"reason": "The launch cannot wait."},
    "put_not_known": {"note": "We ask our customers this month."},
    "create_listening_source": {"kind": "reddit", "values": {"subreddit": "bikewrench"}},
    "create_listening_query": {"name": "Matrix", "text": "acme"},
    "update_mention": {"state": "to_handle"},
    "reply_to_mention": {"text": "Merci pour votre message"},
    "note_incident": {"note": "Seen, replying."},
    "create_tracked_link": {"target": "https://example.org/"},
    "create_tool": {"known_as": "canva"},
    "create_campaign": {"name": "Matrix campaign", "start": "2026-03-01", "end": "2026-03-31"},
    "update_campaign": {"name": "Matrix campaign", "start": "2026-03-01", "end": "2026-03-31"},
    "create_ambassador_campaign": {
        "name": "Matrix programme",
        "start": "2026-03-01",
        "end": "2026-03-31",
    },
    "create_programme_member": {"name": "Matrix member"},
    "add_programme_member_account": {"network": "bluesky", "handle": "matrix.example"},
    "track_ambassador_post": {"url": "https://example.org/not-a-post"},
    "check_ambassador_post": {"text": "Merci", "network": "bluesky", "compensation": "paid"},
}


# --- Building it ----------------------------------------------------------------------


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile("velo.png", buffer.getvalue(), content_type="image/png")


def _posts_in_every_state(owner: Membership, workspace: Workspace) -> dict[str, int]:
    """A post in each state, none written by the contributor, the viewer or Bob."""
    posts = Post.objects.filter(workspace=workspace).exclude(author__email__in=PEOPLE.values())
    refs: dict[str, int] = {}
    template = posts.filter(status=PostStatus.DRAFT).order_by("pk").first()
    for status in PostStatus.values:
        post = posts.filter(status=status).order_by("pk").first()
        if post is None:  # the demo has none in this state: a copy, moved there
            post = post_service.duplicate_post(owner, template)
            Post.objects.filter(pk=post.pk).update(status=status, author=template.author)
        refs[f"post_{status}"] = post.pk
    return refs


def _furnish(side: Side, owner: Membership) -> None:
    """Add what the demo lacks: one of every object a route names."""
    workspace = side.workspace
    refs = side.refs
    refs.update(_posts_in_every_state(owner, workspace))
    published = Post.objects.get(pk=refs["post_published"])
    variant = published.variants.order_by("pk").first()
    account = SocialAccount.objects.create(
        workspace=workspace,
        network=variant.network,
        handle=f"{workspace.slug}.example",
        external_id=f"id-{workspace.slug}",
        credentials={"access_token": "not-a-real-token"},
    )
    publication = Publication.objects.create(
        variant=variant,
        account=account,
        state=PublicationState.FAILED,
        due_at=timezone.now(),
        next_attempt_at=timezone.now(),
    )
    scheduled = Post.objects.get(pk=refs["post_scheduled"]).variants.order_by("pk").first()
    by_hand = Publication.objects.create(
        variant=scheduled,
        account=SocialAccount.objects.create(
            workspace=workspace,
            network=scheduled.network,
            handle=f"{workspace.slug}.by-hand",
            external_id=f"by-hand:{workspace.slug}",
            by_hand=True,
            responsible=owner.user,
        ),
        state=PublicationState.MANUAL_DUE,
        due_at=timezone.now(),
        next_attempt_at=timezone.now(),
        manual_since=timezone.now(),
        manual_stage="due",
    )
    media.attach(media.inspect(_png()), [variant], alt_text="Un vélo")
    item = variant.media.get()
    invitation, link = invitations.create_invitation(
        owner, email=f"invitee@{workspace.slug}.example", role=Role.VIEWER
    )
    # A demo member (none of the roles calling), whom owners and managers edit or remove.
    member = (
        workspace.memberships.filter(role=Role.VIEWER, is_sponsor=False)
        .exclude(user__email__in=PEOPLE.values())
        .order_by("pk")
        .first()
    )
    refs.update(
        social_account=account.pk,
        publication=publication.pk,
        by_hand_publication=by_hand.pk,
        media=item.pk,
        public_media=media_token(item.file.name),
        invitation=invitation.pk,
        invitation_link=link,
        member=member.pk,
        activity=workspace.activities.order_by("pk").first().pk,
        crisis_level=workspace.crisis_levels.order_by("pk").first().pk,
        competitor=workspace.tracked_accounts.filter(is_competitor=True).first().pk,
        event=workspace.calendar_events.order_by("pk").first().pk,
        pillar=workspace.content_pillars.order_by("pk").first().pk,
        feed_token=feeds.token_of(feeds.feed_of(owner)),
        webhook=Webhook.objects.create(
            workspace=workspace,
            url=f"https://hooks.example.org/{workspace.slug}",
            secret=new_secret(),
            events=["post.published"],
        ).pk,
        schedule=ReportSchedule.objects.create(
            workspace=workspace, recipients=f"board@{workspace.slug}.example"
        ).pk,
    )
    refs["listening_query"] = ListeningQuery.objects.create(
        workspace=workspace, name=f"{workspace.slug} query", text="acme OR lyon"
    ).pk
    # A feed on this machine: read, it fails at once (no network in the matrix).
    refs["listening_source"] = Source.objects.create(
        workspace=workspace,
        kind="feed",
        name=f"{workspace.slug} feed",
        url=f"http://127.0.0.1:9/{workspace.slug}.xml",
    ).pk
    refs["incident"] = Incident.objects.create(
        workspace=workspace,
        level_name="Alert",
        level_rank=3,
        trigger_kind="same_issue",
        trigger_text="20 people raise the same issue within 3 hours",
        opened_at=timezone.now(),
    ).pk
    tracked = TrackedLink.objects.create(
        workspace=workspace, code=new_code(), target=f"https://{workspace.slug}.example/shop"
    )
    refs["tracked_link"], refs["link_code"] = tracked.pk, tracked.code
    refs["qr_link"] = TrackedLink.objects.create(
        workspace=workspace, code=new_code(), target=f"https://{workspace.slug}.example/"
    ).pk
    refs["paid_campaign"] = Campaign.objects.create(
        workspace=workspace,
        name=f"{workspace.slug} campaign",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
    ).pk
    refs["tool"] = Tool.objects.create(workspace=workspace, name=f"{workspace.slug} tool").pk
    refs["embed_token"] = embed.key_for(workspace).token
    programme_member = Member.objects.create(workspace=workspace, name=f"{workspace.slug} member")
    influence = InfluenceCampaign.objects.create(
        workspace=workspace,
        name=f"{workspace.slug} programme campaign",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
    )
    refs["influence_campaign"] = influence.pk
    refs["kit_post"] = KitPost.objects.create(
        campaign=influence, network="bluesky", text="Le kit {link}"
    ).pk
    collaboration = Collaboration.objects.create(campaign=influence, member=programme_member)
    refs["collaboration"] = collaboration.pk
    refs["kit_invite"] = KitInvite.objects.create(collaboration=collaboration).token
    on_roster = Member.objects.create(workspace=workspace, name=f"{workspace.slug} roster")
    refs["roster_member"] = on_roster.pk
    refs["member_account"] = MemberAccount.objects.create(
        workspace=workspace, member=on_roster, network="bluesky", handle=f"{workspace.slug}.roster"
    ).pk
    refs["posts_member"] = programme_member.pk
    refs["ambassador_post"] = TrackedPost.objects.create(
        workspace=workspace,
        member=programme_member,
        campaign=influence,
        network="bluesky",
        network_id=f"at://did:plc:{workspace.slug}/app.bsky.feed.post/1",
        text="Merci !",
        source="url",
    ).pk
    refs["mention"] = Mention.objects.create(
        workspace=workspace, guid=f"{workspace.slug}-mention", text="Un avis sur l'atelier"
    ).pk
    today = dt.date.today()
    refs["measurement"] = measurements.record_value(
        owner, RECORDED_KPI, day=today - dt.timedelta(days=1), value=12, today=today
    ).pk
    refs["custom_kpi"] = CustomKpi.objects.create(
        workspace=workspace, key=f"{workspace.slug}-newsletter", name_en="Newsletter sign-ups"
    ).key
    for ref, model in [
        ("target", Target),
        ("objective", Objective),
        ("strategy", Strategy),
        ("tactic", Tactic),
    ]:
        refs[ref] = model.objects.filter(workspace=workspace).order_by("pk").first().key


def _rename_keys(side: Side) -> None:
    """Give the other workspace's strategy its own keys (the demo's are the same in both)."""
    for model in (Target, Objective, Strategy, Tactic):
        for obj in model.objects.filter(workspace=side.workspace):
            model.objects.filter(pk=obj.pk).update(key=f"other-{obj.key}"[:60])


def build_world() -> World:
    users = {
        role: User.objects.create_user(email, "x" * 12, display_name=role.capitalize())
        for role, email in PEOPLE.items()
    }
    User.objects.filter(pk=users["admin"].pk).update(is_staff=True, is_superuser=True)
    # The demo is built under one slug: Charlie's copy first, moved to its own.
    other = Side(build_demo(users["outsider"]))
    Workspace.objects.filter(pk=other.workspace.pk).update(slug="other-brand", name="Other brand")
    other.workspace.refresh_from_db()
    _rename_keys(other)
    this = Side(build_demo(users["owner"]))
    for role in ("manager", "editor", "contributor", "viewer"):
        # The manager approves: a draft submitted goes to review, whoever submits it.
        Membership.objects.create(
            workspace=this.workspace, user=users[role], role=role, is_approver=role == "manager"
        )
    for side, owner in [(this, "owner"), (other, "outsider")]:
        _furnish(side, Membership.objects.get(workspace=side.workspace, user=users[owner]))
    # The administrators' network application the removal page removes.
    OAuthClient.objects.create(network="linkedin", client_id="matrix", client_secret="matrix")
    tokens = {role: ApiToken.issue(user, "matrix") for role, user in users.items()}
    this.refs["api_token"] = {role: token.pk for role, (token, _raw) in tokens.items()}
    # In the other workspace's name: its owner's token, which nobody else may revoke.
    other.refs["api_token"] = tokens["outsider"][0].pk
    # The link a forgotten password e-mails (Django's token), here the viewer's.
    this.refs["password_reset_uid"] = urlsafe_base64_encode(force_bytes(users["viewer"].pk))
    this.refs["password_reset_token"] = default_token_generator.make_token(users["viewer"])
    sessions = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[role] = client.session.session_key
    return World(
        this=this,
        other=other,
        sessions=sessions,
        api_tokens={role: raw for role, (_token, raw) in tokens.items()},
    )
