"""A post: one message planned for one moment, with one variant per network."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PostStatus(models.TextChoices):
    """The post's place in the workflow; the transitions live in mostra.editorial.workflow."""

    DRAFT = "draft", pgettext_lazy("post status", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("post status", "In review")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("post status", "Changes requested")
    APPROVED = "approved", pgettext_lazy("post status", "Approved")
    SCHEDULED = "scheduled", pgettext_lazy("post status", "Scheduled")
    PUBLISHING = "publishing", pgettext_lazy("post status", "Publishing")
    PUBLISHED = "published", pgettext_lazy("post status", "Published")
    FAILED = "failed", pgettext_lazy("post status", "Failed")
    CANCELLED = "cancelled", pgettext_lazy("post status", "Cancelled")


class PostQuerySet(models.QuerySet["Post"]):
    def for_workspace(self, workspace: object) -> PostQuerySet:
        return self.filter(workspace=workspace)


class Post(models.Model):
    """What the team plans to say, when, and why (the tactic it belongs to)."""

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="posts")
    tactic = models.ForeignKey(
        "strategy.Tactic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("tactic"),
    )
    pillar = models.ForeignKey(
        "editorial.ContentPillar",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("content pillar"),
    )
    title = models.CharField(
        _("working title"),
        max_length=200,
        blank=True,
        help_text=_("For the team only; never published."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="posts",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PostStatus, default=PostStatus.DRAFT
    )
    #: When it goes out, in UTC (shown in the workspace's time zone). None: not planned yet.
    scheduled_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Always needs an approval, whatever the workspace's policy."),
    )
    sponsored = models.BooleanField(
        _("sponsored or influencer content"),
        default=False,
        help_text=_("Paid partnership: the disclosure rules of the charter apply."),
    )
    image_retouched = models.BooleanField(_("retouched image"), default=False)
    image_virtual = models.BooleanField(_("AI-generated image"), default=False)
    #: The text and link the variants share, unless a variant overrides them
    #: (``PostVariant.overridden``). Each variant's ``text`` and ``link`` stay what goes
    #: out: saving the main text rewrites the variants that follow it.
    main_text = models.TextField(_("main text"), blank=True)
    main_link = models.URLField(_("main link"), max_length=2000, blank=True)
    #: An answer to someone (a reply from the inbox): published by the engine like any
    #: post, but not part of the editorial plan (kept out of the calendar and its
    #: exports) and never the workspace's first post on a network (the readiness gate).
    is_reply = models.BooleanField(_("reply to a conversation"), default=False)
    #: Bumped on every change of content; approvals are given to one version.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_at", "id"]
        verbose_name = _("post")
        indexes = [
            models.Index(fields=["workspace", "scheduled_at"]),
            models.Index(fields=["workspace", "status"]),
        ]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"


class PostVariant(models.Model):
    """The post as it goes out on one network."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="variants")
    network = models.CharField(_("network"), max_length=20)
    text = models.TextField(_("text"), blank=True)
    link = models.URLField(_("link"), max_length=2000, blank=True)
    first_comment = models.TextField(_("first comment"), blank=True)
    #: Whether this network has its own text and link (False: the post's main ones,
    #: copied into ``text`` and ``link`` on every save). A variant made elsewhere
    #: (import, script) keeps its own text.
    overridden = models.BooleanField(_("customised for this network"), default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("variant")
        constraints = [
            models.UniqueConstraint(fields=["post", "network"], name="unique_variant_network")
        ]

    def __str__(self) -> str:
        return f"{self.post} · {self.network}"


class MediaKind(models.TextChoices):
    IMAGE = "image", _("Image")
    GIF = "gif", _("Animated GIF")
    VIDEO = "video", _("Video")


def media_path(instance: PostMedia, filename: str) -> str:
    workspace_id = instance.variant.post.workspace_id
    return f"posts/{workspace_id}/{instance.sha256[:2]}/{instance.sha256}-{filename}"


class PostMedia(models.Model):
    """An image or video attached to one variant, checked on upload."""

    variant = models.ForeignKey(PostVariant, on_delete=models.CASCADE, related_name="media")
    file = models.FileField(_("file"), upload_to=media_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(_("duration in seconds"), null=True, blank=True)
    sha256 = models.CharField(max_length=64)
    alt_text = models.TextField(_("alternative text"), blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("media")
        verbose_name_plural = _("media")

    def __str__(self) -> str:
        return self.original_name or self.sha256[:12]


class PostComment(models.Model):
    """An internal comment of the team on a post (never published)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    #: Not stored: set by ``add_comment`` for its caller, the ids of the members it told.
    mentioned: list[int]

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")

    def __str__(self) -> str:
        return self.body[:60]


class Decision(models.TextChoices):
    APPROVED = "approved", pgettext_lazy("approval decision", "Approved")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("approval decision", "Changes requested")


class Approval(models.Model):
    """One approver's decision on one version of a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField()
    decision = models.CharField(max_length=20, choices=Decision)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "approver", "version"], name="one_decision_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision} v{self.version}"


class Revision(models.Model):
    """One change of a post's content: who made which version.

    Written by :func:`mostra.editorial.workflow.content_changed`, the one way content
    changes after the post is created (the creation itself is its author's). Whoever
    made a revision of a post may not approve it (:mod:`mostra.core.permissions`).
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    #: The version this change made.
    version = models.PositiveIntegerField()
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "id"]

    def __str__(self) -> str:
        return f"v{self.version}"
