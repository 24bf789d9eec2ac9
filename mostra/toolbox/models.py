"""The team's toolbox (the tools it pays for, who owns each, when each renews) and the
website kit's embed key (the unguessable token of the public latest-posts list)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Days before a renewal the owner is warned, unless the tool says otherwise.
DEFAULT_WARN_DAYS = 30


class Category(models.TextChoices):
    """The seeds' three categories of tools, and the rest."""

    MONITORING = "monitoring", _("Monitoring")
    CONTENT = "content", _("Content creation")
    DISTRIBUTION = "distribution", _("Distribution")
    OTHER = "other", _("Other")


class Tool(models.Model):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="tools")
    name = models.CharField(_("tool"), max_length=120)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    #: The member who owns it (pays, renews, cancels); warned before its renewal.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    #: None: unknown (not free: a free tool costs 0).
    monthly_cost = models.DecimalField(
        _("cost per month"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    renews_on = models.DateField(_("renewal date"), null=True, blank=True)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    used_for = models.TextField(_("used for"), blank=True)
    #: The catalogue's key of the well-known tool it is (``buffer``…), or "".
    known_as = models.CharField(_("well-known tool"), max_length=40, blank=True)
    warn_days = models.PositiveIntegerField(
        _("warn days before renewal"),
        default=DEFAULT_WARN_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    #: The renewal date its owner was last notified of: once per renewal.
    warned_for = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "name", "id"]
        indexes = [models.Index(fields=["renews_on"], name="toolbox_tool_renews_idx")]

    def __str__(self) -> str:
        return self.name

    def warn_from(self) -> dt.date | None:
        """The first day its renewal is warned of; None without a renewal date."""
        if self.renews_on is None:
            return None
        return self.renews_on - dt.timedelta(days=self.warn_days)

    def renewal_near(self, today: dt.date) -> bool:
        start = self.warn_from()
        return start is not None and self.renews_on is not None and start <= today <= self.renews_on


def new_token() -> str:
    return secrets.token_urlsafe(24)


class EmbedKey(models.Model):
    """The workspace's key to its public latest-posts list; rotating it ends the old one."""

    workspace = models.OneToOneField(
        "core.Workspace", on_delete=models.CASCADE, related_name="embed_key"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    rotated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"embed key of {self.workspace_id}"
