"""One post of a tracked account, with its latest counts: the rows every KPI reads."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mostra.core.counts import COUNT_FIELDS

__all__ = ["COUNT_FIELDS", "AccountPost", "PostFormat", "PostKind", "PostSource"]


class PostKind(models.TextChoices):
    #: A post of the account's own (a quote post is one too: it has content of its own).
    ORIGINAL = "original", pgettext_lazy("post kind", "Original")
    #: An answer to a post (the account's own, in a thread, or someone else's).
    REPLY = "reply", pgettext_lazy("post kind", "Reply")
    #: Someone else's post shared as is (a retweet, a boost, a Bluesky repost).
    REPOST = "repost", pgettext_lazy("post kind", "Repost")


class PostFormat(models.TextChoices):
    """What a post is made of, as its network says (its attachment, else its link);
    a post whose source does not say stays None: an unknown format, never "text"."""

    TEXT = "text", pgettext_lazy("post format", "Text")
    IMAGE = "image", pgettext_lazy("post format", "Image")
    VIDEO = "video", pgettext_lazy("post format", "Video")
    LINK = "link", pgettext_lazy("post format", "Link")
    POLL = "poll", pgettext_lazy("post format", "Poll")


class PostSource(models.TextChoices):
    X_ARCHIVE = "x-archive", _("X archive")
    MASTODON_ARCHIVE = "mastodon-archive", _("Mastodon archive")
    BLUESKY_CAR = "bluesky-car", _("Bluesky repository")
    CSV = "csv", _("Analytics export")
    PUBLISHING = "publishing", _("Published by mostra")
    PUBLIC_PROFILE = "public-profile", _("Public profile")


class AccountPost(models.Model):
    """A post as the network knows it, whatever brought it in.

    ``network_id`` is the network's own id (tweet id, status or activity URI, AT URI,
    page post id): importing the same file twice updates the same rows. Counts are the
    latest known; a count the source does not give stays None (the KPI then says which
    data is missing instead of counting 0).
    """

    account = models.ForeignKey(
        "analytics.TrackedAccount", on_delete=models.CASCADE, related_name="posts"
    )
    network_id = models.CharField(max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind, default=PostKind.ORIGINAL)
    published_at = models.DateTimeField(_("published"))
    text = models.TextField(_("text"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    #: For a reply or a repost: the post it answers or shares (id or URI), if known.
    target_id = models.CharField(max_length=500, blank=True)
    #: Text, image, video, link or poll; None when the source does not say.
    format = models.CharField(  # noqa: DJ001 (None: unknown, kept by a source that lacks it)
        _("format"), max_length=10, choices=PostFormat, null=True, blank=True
    )
    likes = models.PositiveBigIntegerField(_("likes"), null=True, blank=True)
    reposts = models.PositiveBigIntegerField(_("reposts"), null=True, blank=True)
    replies = models.PositiveBigIntegerField(_("replies"), null=True, blank=True)
    quotes = models.PositiveBigIntegerField(_("quotes"), null=True, blank=True)
    impressions = models.PositiveBigIntegerField(_("impressions"), null=True, blank=True)
    reach = models.PositiveBigIntegerField(_("reach"), null=True, blank=True)
    clicks = models.PositiveBigIntegerField(_("clicks"), null=True, blank=True)
    saves = models.PositiveBigIntegerField(_("saves"), null=True, blank=True)
    video_views = models.PositiveBigIntegerField(_("video views"), null=True, blank=True)
    #: When the counts were read (the archive's date, the snapshot's time).
    metrics_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=PostSource)
    #: The mostra post it came from, when mostra published it (tactic, pillar, objective).
    post = models.ForeignKey(
        "editorial.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measured",
    )
    publication = models.OneToOneField(
        "publishing.Publication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measured",
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "id"]
        verbose_name = _("measured post")
        constraints = [
            models.UniqueConstraint(fields=["account", "network_id"], name="unique_account_post")
        ]
        indexes = [models.Index(fields=["account", "published_at"])]

    def __str__(self) -> str:
        return f"{self.account_id}:{self.network_id}"
