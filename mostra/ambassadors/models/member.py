"""The roster: ambassadors (speaking for the brand, unpaid) and influencers (paid or
gifted, outside the organisation), their accounts per network and the tier thresholds.

Personal data is kept to the minimum the programme needs (a name, an optional e-mail
to send briefs, the consent given); a member is exported and erased on request.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MemberKind(models.TextChoices):
    AMBASSADOR = "ambassador", pgettext_lazy("programme member", "Ambassador")
    INFLUENCER = "influencer", pgettext_lazy("programme member", "Influencer")


class Relationship(models.TextChoices):
    """Who an ambassador is to the organisation (influencers are outside it)."""

    EMPLOYEE = "employee", pgettext_lazy("ambassador relationship", "Employee")
    VOLUNTEER = "volunteer", pgettext_lazy("ambassador relationship", "Volunteer")
    CLIENT = "client", pgettext_lazy("ambassador relationship", "Client")
    PARTNER = "partner", pgettext_lazy("ambassador relationship", "Partner")
    CREATOR = "creator", pgettext_lazy("ambassador relationship", "Outside creator")


class Compensation(models.TextChoices):
    """What the member receives: the law's disclosure applies to paid and gifted posts."""

    PAID = "paid", pgettext_lazy("compensation", "Paid")
    GIFT = "gift", pgettext_lazy("compensation", "Gift")
    NONE = "none", pgettext_lazy("compensation", "Unpaid")


def new_share_token() -> str:
    return secrets.token_urlsafe(24)


class Member(models.Model):
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="programme_members"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=MemberKind.choices, default=MemberKind.AMBASSADOR
    )
    relationship = models.CharField(
        _("relationship"), max_length=12, choices=Relationship.choices, blank=True
    )
    #: The default for their posts when no campaign's collaboration says otherwise.
    compensation = models.CharField(
        _("compensation"), max_length=6, choices=Compensation.choices, default=Compensation.NONE
    )
    #: Only to send briefs and share kits; optional.
    email = models.EmailField(_("e-mail"), blank=True)
    #: When and how the member agreed to be in the programme (GDPR: the lawful basis).
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_note = models.CharField(_("how consent was given"), max_length=300, blank=True)
    targets = models.ManyToManyField(
        "strategy.Target", blank=True, related_name="programme_members", verbose_name=_("targets")
    )
    notes = models.TextField(_("notes"), blank=True)
    #: The private link's key to their share kits, without an account; rotating ends it.
    share_token = models.CharField(max_length=64, unique=True, default=new_share_token)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("programme member")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="unique_programme_member")
        ]

    def __str__(self) -> str:
        return self.name


class MemberAccount(models.Model):
    """One account of a member on one network; the handle is stored as
    :func:`mostra.analytics`-style normalised (no ``@``, lowercase)."""

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="accounts")
    network = models.CharField(_("network"), max_length=20)
    handle = models.CharField(_("handle"), max_length=255)
    #: None: unknown (never 0 for "not read").
    followers = models.PositiveBigIntegerField(_("followers"), null=True, blank=True)
    followers_at = models.DateTimeField(null=True, blank=True)
    profile_url = models.URLField(_("profile"), max_length=500, blank=True)
    #: The network's id (DID, ActivityPub actor URI…) once read.
    external_id = models.CharField(max_length=255, blank=True)
    #: The last time its public feed was read, and the error of that read ("" when fine).
    read_at = models.DateTimeField(null=True, blank=True)
    read_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "network", "handle"]
        verbose_name = _("member account")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "network", "handle"], name="unique_member_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network}:{self.handle}"


class TierThresholds(models.Model):
    """The smallest audience of each tier on one network (``network`` "": every network
    without its own row). Defaults: nano 1k, micro 10k, mid 50k, macro 500k, mega 1M."""

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    network = models.CharField(_("network"), max_length=20, blank=True)
    nano = models.PositiveBigIntegerField(_("nano from"), default=1_000)
    micro = models.PositiveBigIntegerField(_("micro from"), default=10_000)
    mid = models.PositiveBigIntegerField(_("mid-tier from"), default=50_000)
    macro = models.PositiveBigIntegerField(_("macro from"), default=500_000)
    mega = models.PositiveBigIntegerField(_("mega from"), default=1_000_000)

    class Meta:
        ordering = ["network"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "network"], name="unique_tier_thresholds"),
            models.CheckConstraint(
                condition=models.Q(nano__lt=models.F("micro"))
                & models.Q(micro__lt=models.F("mid"))
                & models.Q(mid__lt=models.F("macro"))
                & models.Q(macro__lt=models.F("mega")),
                name="tier_thresholds_increase",
            ),
        ]

    def __str__(self) -> str:
        return f"tiers {self.network or '*'}"
