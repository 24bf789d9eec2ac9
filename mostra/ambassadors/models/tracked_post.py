"""A post of a programme member: found by listening, read from their public feed, shared
from a kit or entered by URL; with its counts and its disclosure check."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mostra.ambassadors.models.campaign import InfluenceCampaign
from mostra.ambassadors.models.member import Member, MemberAccount


class TrackedPostSource(models.TextChoices):
    LISTENING = "listening", _("Listening")
    PUBLIC_FEED = "public-feed", _("Public feed")
    SHARE = "share", _("Share kit")
    URL = "url", _("Entered by URL")


class Compliance(models.TextChoices):
    #: Unpaid and ungifted: the law's disclosure does not apply.
    NOT_APPLICABLE = "n/a", _("Not applicable")
    COMPLIANT = "compliant", _("Compliant")
    NON_COMPLIANT = "non-compliant", _("Not compliant")


class TrackedPost(models.Model):
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="programme_posts"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="posts")
    account = models.ForeignKey(
        MemberAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    campaign = models.ForeignKey(
        InfluenceCampaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("campaign"),
    )
    network = models.CharField(_("network"), max_length=20)
    #: The network's id (AT URI, status URI…), else the URL: the post's identity.
    network_id = models.CharField(max_length=500)
    url = models.URLField(_("address"), max_length=2000, blank=True)
    text = models.TextField(_("text"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    source = models.CharField(_("found by"), max_length=12, choices=TrackedPostSource.choices)
    mention = models.ForeignKey(
        "listening.Mention", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    likes = models.PositiveBigIntegerField(_("likes"), null=True, blank=True)
    reposts = models.PositiveBigIntegerField(_("reposts"), null=True, blank=True)
    replies = models.PositiveBigIntegerField(_("replies"), null=True, blank=True)
    quotes = models.PositiveBigIntegerField(_("quotes"), null=True, blank=True)
    impressions = models.PositiveBigIntegerField(_("impressions"), null=True, blank=True)
    #: The audience the post could reach (the account's followers when it was read).
    reach = models.PositiveBigIntegerField(_("reach"), null=True, blank=True)
    metrics_at = models.DateTimeField(null=True, blank=True)
    #: Declared for this post (else the campaign's declaration applies).
    image_retouched = models.BooleanField(_("image retouched"), default=False)
    image_virtual = models.BooleanField(_("image virtual"), default=False)
    compliance = models.CharField(
        _("compliance"),
        max_length=14,
        choices=Compliance.choices,
        default=Compliance.NOT_APPLICABLE,
    )
    #: Each rule broken: {"code", "rule", "message"}; empty when compliant.
    findings = models.JSONField(default=list, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    #: When the team was told the post lacks the disclosure (once per post).
    flagged_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("tracked programme post")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "network", "network_id"], name="unique_programme_post"
            )
        ]
        indexes = [models.Index(fields=["workspace", "published_at"], name="programme_post_day")]

    def __str__(self) -> str:
        return f"{self.network}:{self.network_id}"

    @property
    def engagements(self) -> int | None:
        """The catalogue's one definition (:mod:`mostra.core.engagement`):
        likes + replies + reposts + quotes; None unless likes, replies and reposts are
        all known."""
        from mostra.core.engagement import engagements

        return engagements(self)
