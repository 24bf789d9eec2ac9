"""Writing posts: saving a post with its variants at once (who may change which post
is :func:`mostra.core.permissions.may_edit_post`'s question).

A post is saved whole (:func:`save_post`): its fields, its variants (one per network),
the alt text of its media, media removed and media uploaded, in one transaction. When
anything fails, nothing is saved and the files written for it are removed.

Dates are typed as local wall times in the workspace's time zone; :func:`localize`
turns them into an instant, refusing a time that does not exist (the hour skipped when
clocks go forward) or that happens twice (when they go back), as the calendar does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm, may_edit_post
from mostra.editorial import mentions, signals, workflow
from mostra.editorial.models import ContentPillar, Post, PostComment, PostStatus, PostVariant
from mostra.editorial.services import media as media_service
from mostra.editorial.services.calendar_time import workspace_zone
from mostra.editorial.services.reschedule import can_move, resolve_local
from mostra.strategy import catalogue
from mostra.strategy.models import Tactic

#: Once a post is on its way out (or cancelled), nothing in it may change.
LOCKED = frozenset({PostStatus.PUBLISHING, PostStatus.PUBLISHED, PostStatus.CANCELLED})


# --- Local time ------------------------------------------------------------------------


def zone(workspace: Workspace) -> ZoneInfo:
    return workspace_zone(workspace)


def localize(workspace: Workspace, date: dt.date, time: dt.time) -> dt.datetime:
    """The instant (UTC) of a wall time in the workspace's time zone.

    A wall time the clocks skip (DST gap) or that happens twice (DST overlap) raises a
    DomainError saying which time to choose: the same rule and words as moving a post
    on the calendar (:func:`mostra.editorial.services.reschedule.resolve_local`).
    """
    naive = dt.datetime.combine(date, time.replace(second=0, microsecond=0))
    return resolve_local(naive, zone(workspace)).astimezone(dt.UTC)


def local(workspace: Workspace, when: dt.datetime) -> dt.datetime:
    """An instant as the workspace's wall time."""
    return when.astimezone(zone(workspace))


# --- Who may do what -------------------------------------------------------------------


def may_comment(membership: Membership) -> bool:
    return has_perm(membership, Perm.DRAFT_CONTENT)


def locked_message(post: Post) -> str | None:
    """Why the post can no longer be edited, or None."""
    if post.status in LOCKED:
        return _(
            "This post is %(status)s: it can no longer be changed. Duplicate it to reuse "
            "its content in a new draft."
        ) % {"status": post.get_status_display().lower()}
    return None


# --- Saving ----------------------------------------------------------------------------


@dataclass
class VariantInput:
    network: str
    text: str = ""
    link: str = ""
    first_comment: str = ""
    #: True: this network has its own ``text`` and ``link``; False: it follows the
    #: post's main text and link (its ``text`` and ``link`` are ignored); None: it
    #: follows them when it says the same (a caller that knows no main text).
    overridden: bool | None = None
    #: media id -> new alt text, for the media already attached to this variant.
    alt_texts: dict[int, str] = field(default_factory=dict)
    remove_media: set[int] = field(default_factory=set)


@dataclass
class UploadInput:
    checked: media_service.CheckedMedia
    alt_text: str = ""
    #: The networks of the variants that get the file.
    networks: list[str] = field(default_factory=list)


@dataclass
class PostInput:
    tactic: Tactic | None
    pillar: ContentPillar | None = None
    title: str = ""
    scheduled_at: dt.datetime | None = None
    sensitive: bool = False
    sponsored: bool = False
    image_retouched: bool = False
    image_virtual: bool = False
    variants: list[VariantInput] = field(default_factory=list)
    uploads: list[UploadInput] = field(default_factory=list)
    #: The text and link the networks share (None: keep the post's; a new post whose
    #: variants all say the same takes theirs).
    main_text: str | None = None
    main_link: str | None = None


FLAGS = ("sensitive", "sponsored", "image_retouched", "image_virtual")


def content_state(post: Post) -> dict[str, Any]:
    """What goes out: the flags and every variant with its media (for audit and review)."""
    variants = {}
    for v in post.variants.all():
        variants[v.network] = {
            "text": v.text,
            "link": v.link,
            "first_comment": v.first_comment,
            "media": [[m.sha256, m.alt_text] for m in v.media.all()],
        }
    return {**{f: getattr(post, f) for f in FLAGS}, "variants": variants}


def plan_state(post: Post) -> dict[str, Any]:
    return {
        "title": post.title,
        "main_text": post.main_text,
        "main_link": post.main_link,
        "customised": [v.network for v in post.variants.all() if v.overridden],
        "tactic": str(post.tactic) if post.tactic_id else None,
        "pillar": str(post.pillar) if post.pillar_id else None,
        "scheduled_at": post.scheduled_at.isoformat() if post.scheduled_at else None,
    }


def _check(actor: Membership, data: PostInput, post: Post | None) -> None:
    workspace = actor.workspace
    if post is None:
        if not has_perm(actor, Perm.DRAFT_CONTENT):
            raise DomainError(_("Your role does not let you write posts."))
    else:
        if post.workspace_id != workspace.pk or not may_edit_post(actor, post.author_id):
            raise DomainError(_("Only its author or an editor can change this post."))
        message = locked_message(post)
        if message:
            raise DomainError(message)
    if data.tactic is None:
        raise DomainError(
            _("Choose the tactic this post serves: every post belongs to a tactic."),
            field="tactic",
        )
    if data.tactic.workspace_id != workspace.pk:
        raise DomainError(_("This tactic is not in this workspace."), field="tactic")
    if data.pillar is not None and data.pillar.workspace_id != workspace.pk:
        raise DomainError(_("This content pillar is not in this workspace."), field="pillar")
    moved = post is None or post.scheduled_at != data.scheduled_at
    if (
        post is not None
        and moved
        and not can_move(actor, status=post.status, author_id=post.author_id)
    ):
        raise DomainError(
            _(
                "You can move only your own drafts and posts with changes requested; "
                "ask an editor to move this one."
            ),
            field="date",
        )
    if data.scheduled_at is not None and moved and data.scheduled_at <= timezone.now():
        raise DomainError(
            _("This date and time are past: choose a moment to come, or leave them empty."),
            field="date",
        )
    if not data.variants:
        raise DomainError(
            _("Choose at least one network: a post needs a variant to go out."),
            field="networks",
        )
    for v in data.variants:
        if v.network not in catalogue.NETWORKS:
            raise DomainError(
                _("“%(network)s” is not a network mostra knows.") % {"network": v.network},
                field="networks",
            )
    kept = {v.network for v in data.variants}
    for upload in data.uploads:
        if not set(upload.networks) <= kept or not upload.networks:
            raise DomainError(
                _("Choose a network of this post for the file “%(name)s”.")
                % {"name": upload.checked.original_name},
                field="upload",
            )


def save_post(actor: Membership, data: PostInput, post: Post | None = None) -> Post:
    """Create (``post=None``) or update a post with its variants and media, all or nothing."""
    _check(actor, data, post)
    written: list[str] = []
    try:
        with transaction.atomic():
            post = _save(actor, data, post, written)
    except BaseException:
        media_service.remove_files(written)
        raise
    return post


def _save(actor: Membership, data: PostInput, post: Post | None, written: list[str]) -> Post:
    creating = post is None
    if post is None:
        post = Post(workspace=actor.workspace, author=actor.user, status=PostStatus.DRAFT)
        before_content, before_plan = None, None
    else:
        post = Post.objects.select_for_update().get(pk=post.pk)
        before_content, before_plan = content_state(post), plan_state(post)
    post.tactic = data.tactic
    post.pillar = data.pillar
    post.title = data.title.strip()
    post.scheduled_at = data.scheduled_at
    for flag in FLAGS:
        setattr(post, flag, getattr(data, flag))
    post.main_text, post.main_link = _main(data, post, creating)
    post.save()

    existing = {v.network: v for v in post.variants.all()} if not creating else {}
    kept: dict[str, PostVariant] = {}
    for position, item in enumerate(data.variants):
        variant = existing.pop(item.network, None) or PostVariant(post=post, network=item.network)
        text, link = lines(item.text), item.link.strip()
        overridden = item.overridden
        if overridden is None:
            overridden = (text, link) != (post.main_text, post.main_link)
        variant.overridden = overridden
        variant.text = text if overridden else post.main_text
        variant.link = link if overridden else post.main_link
        variant.first_comment = lines(item.first_comment)
        variant.position = position
        variant.save()
        kept[item.network] = variant
        if variant.pk and (item.alt_texts or item.remove_media):
            media_service.update_media(variant, item.alt_texts, item.remove_media)
    dropped_files = [m.file.name for v in existing.values() for m in v.media.all()]
    for variant in existing.values():
        variant.delete()
    for upload in data.uploads:
        targets = [kept[n] for n in upload.networks]
        written.extend(media_service.attach(upload.checked, targets, upload.alt_text))
    media_service.forget_files_after_commit(dropped_files)

    if creating:
        audit.record(AuditAction.CREATE, actor=actor.user, workspace=actor.workspace, obj=post)
        return post
    post = Post.objects.get(pk=post.pk)
    after_content = content_state(post)
    changes = audit.diff(before_plan or {}, plan_state(post))
    if after_content != before_content:
        before_content = before_content or {}
        changes.update(
            audit.diff(
                {f: before_content.get(f) for f in FLAGS}, {f: after_content[f] for f in FLAGS}
            )
        )
        networks = sorted(set(before_content.get("variants", {})) | set(after_content["variants"]))
        changed = [
            n
            for n in networks
            if before_content.get("variants", {}).get(n) != after_content["variants"].get(n)
        ]
        if changed:
            changes["variants"] = [None, changed]
        # A new version: approvals given to the old one stop counting (back to review).
        workflow.content_changed(post, actor)
    if changes:
        audit.record(
            AuditAction.UPDATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=post,
            changes=changes,
        )
    return post


def lines(text: str) -> str:
    """A text as sent by a browser's text area (CR LF line ends) stored with LF only, so
    that a thread's ``---`` lines are found (:mod:`mostra.charter.checks.thread`)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _main(data: PostInput, post: Post, creating: bool) -> tuple[str, str]:
    """The post's main text and link: given, kept, or (a new post given none) the one
    its variants all share."""
    if data.main_text is not None or data.main_link is not None:
        text = lines(data.main_text if data.main_text is not None else post.main_text)
        link = (data.main_link if data.main_link is not None else post.main_link).strip()
        return text, link
    if creating:
        said = {(lines(v.text), v.link.strip()) for v in data.variants}
        if len(said) == 1 and all(v.overridden is None for v in data.variants):
            return said.pop()
    return post.main_text, post.main_link


def delete_post(actor: Membership, post: Post) -> None:
    """Delete a draft; any other post is cancelled through the workflow instead."""
    if post.workspace_id != actor.workspace.pk or not may_edit_post(actor, post.author_id):
        raise DomainError(_("Only its author or an editor can delete this post."))
    if post.status != PostStatus.DRAFT:
        raise DomainError(
            _(
                "Only drafts can be deleted. Abandon this post instead: it stays in the "
                "history as cancelled."
            )
        )
    files = [m.file.name for v in post.variants.all() for m in v.media.all()]
    with transaction.atomic():
        audit.record(
            AuditAction.DELETE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=post,
            changes={"status": [post.status, None]},
        )
        post.delete()
        media_service.forget_files_after_commit(files)


#: The longest comment accepted (the form and the API say the same).
COMMENT_MAX = 5000


def add_comment(actor: Membership, post: Post, body: str) -> PostComment:
    """An internal comment of the team, never published.

    The members it mentions (``@name``, :func:`mostra.editorial.mentions.mentioned_members`),
    its author aside, are announced with the comment by
    :data:`mostra.editorial.signals.comment_posted` once it is committed.
    """
    if post.workspace_id != actor.workspace.pk or not may_comment(actor):
        raise DomainError(_("Your role does not let you comment on posts."))
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write something before sending the comment."), field="body")
    if len(body) > COMMENT_MAX:
        raise DomainError(
            _("The comment is too long: keep it under %(max)d characters.") % {"max": COMMENT_MAX},
            field="body",
        )
    mentioned = [
        user_id
        for user_id in mentions.mentioned_members(post.workspace_id, body)
        if user_id != actor.user_id
    ]
    with transaction.atomic():
        comment = PostComment.objects.create(post=post, author=actor.user, body=body)
        comment.mentioned = mentioned  # for the caller's answer: who is told
        audit.record(
            AuditAction.CREATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=comment,
            label=_("Comment on “%(post)s”") % {"post": post},
        )
        transaction.on_commit(
            lambda: signals.comment_posted.send(
                sender=PostComment, comment=comment, mentioned=mentioned
            )
        )
    return comment


def duplicate_post(actor: Membership, post: Post) -> Post:
    """A new draft with the post's content (variants, media, flags), not planned yet."""
    if post.workspace_id != actor.workspace.pk or not has_perm(actor, Perm.DRAFT_CONTENT):
        raise DomainError(_("Your role does not let you write posts."))
    with transaction.atomic():
        copy = Post.objects.create(
            workspace=actor.workspace,
            author=actor.user,
            tactic=post.tactic,
            pillar=post.pillar,
            title=(_("Copy of %(title)s") % {"title": post.title})[:200] if post.title else "",
            main_text=post.main_text,
            main_link=post.main_link,
            **{flag: getattr(post, flag) for flag in FLAGS},
        )
        for variant in post.variants.prefetch_related("media"):
            new = PostVariant.objects.create(
                post=copy,
                network=variant.network,
                text=variant.text,
                link=variant.link,
                first_comment=variant.first_comment,
                overridden=variant.overridden,
                position=variant.position,
            )
            for item in variant.media.all():
                item.pk, item.id, item.variant = None, None, new
                item.save()
        audit.record(
            AuditAction.CREATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=copy,
            changes={"copied_from": [None, post.pk]},
        )
    return copy
