"""A programme's campaign: its brief (what to say and not to say, the mandatory
disclosure), its share kit (ready-to-share posts per network), the members taking part
(with their contract or gift) and what each one shared."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mostra.ambassadors.models.member import Compensation, Member


class InfluenceCampaign(models.Model):
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="influence_campaigns"
    )
    name = models.CharField(_("name"), max_length=200)
    #: The objective the programme serves in this campaign.
    objective = models.ForeignKey(
        "strategy.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="influence_campaigns",
        verbose_name=_("objective"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    networks = models.JSONField(_("networks"), default=list, blank=True)
    # The brief.
    key_messages = models.TextField(_("key messages"), blank=True)
    do_say = models.TextField(_("what to say"), blank=True)
    dont_say = models.TextField(_("what not to say"), blank=True)
    hashtags = models.JSONField(_("hashtags"), default=list, blank=True)
    #: The page the campaign sends people to; each member gets a tracked link to it.
    link = models.URLField(_("link"), max_length=2000, blank=True)
    utm_campaign = models.CharField(_("campaign tag (utm_campaign)"), max_length=100, blank=True)
    #: The mention the law asks on paid or gifted posts ("" for an unpaid campaign).
    disclosure = models.CharField(
        _("mandatory disclosure"), max_length=100, blank=True, default="Collaboration commerciale"
    )
    #: Declared by the brand: the images given are retouched / virtual (AI-generated).
    image_retouched = models.BooleanField(_("images retouched"), default=False)
    image_virtual = models.BooleanField(_("images virtual"), default=False)
    brief_sent_at = models.DateTimeField(_("brief sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "name"]
        verbose_name = _("influence campaign")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"], name="unique_influence_campaign_name"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="influence_campaign_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Collaboration(models.Model):
    """One member in one campaign, with the contract or gift that binds them."""

    campaign = models.ForeignKey(
        InfluenceCampaign, on_delete=models.CASCADE, related_name="collaborations"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="collaborations")
    compensation = models.CharField(
        _("compensation"), max_length=6, choices=Compensation.choices, default=Compensation.NONE
    )
    #: What the brand pays (a paid collaboration) or what the gift is worth; None: unknown.
    fee = models.DecimalField(
        _("fee"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    gift = models.CharField(_("gift"), max_length=200, blank=True)
    contract_reference = models.CharField(_("contract"), max_length=200, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    #: The member's personal tracked link to the campaign's page.
    tracked_link = models.ForeignKey(
        "links.TrackedLink", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="one_collaboration")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.campaign_id}"


class KitPost(models.Model):
    """A ready-to-share post of the campaign's share kit, for one network. ``{link}`` in
    the text is replaced by each member's personal tracked link."""

    campaign = models.ForeignKey(InfluenceCampaign, on_delete=models.CASCADE, related_name="kit")
    network = models.CharField(_("network"), max_length=20)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["campaign", "position", "id"]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.network}"


def new_invite_token() -> str:
    return secrets.token_urlsafe(24)


class KitInvite(models.Model):
    """A share kit sent to one member: the private page they open without an account."""

    collaboration = models.OneToOneField(
        Collaboration, on_delete=models.CASCADE, related_name="invite"
    )
    token = models.CharField(max_length=64, unique=True, default=new_invite_token)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invite {self.collaboration_id}"


class Share(models.Model):
    """What a member shared from the kit: the post they took, when, and where (URL)."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="shares"
    )
    kit_post = models.ForeignKey(
        KitPost, on_delete=models.SET_NULL, null=True, blank=True, related_name="shares"
    )
    network = models.CharField(_("network"), max_length=20)
    url = models.URLField(_("address"), max_length=2000, blank=True)
    shared_at = models.DateTimeField(_("shared"))

    class Meta:
        ordering = ["-shared_at", "id"]

    def __str__(self) -> str:
        return f"share {self.collaboration_id} {self.network}"
