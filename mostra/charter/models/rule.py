"""The charter's rules for one network."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mostra.charter.models.charter import Charter, split_lines


class EmojiPolicy(models.TextChoices):
    ALLOWED = "allowed", _("Allowed")
    NONE = "none", _("None")
    MAX = "max", _("At most a number")


class CharterNetworkRule(models.Model):
    """What the charter asks of posts on one network (at most one per network)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="network_rules")
    network = models.CharField(_("network"), max_length=20)
    max_hashtags = models.PositiveSmallIntegerField(
        _("maximum hashtags"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the network's own limit."),
    )
    emoji_policy = models.CharField(
        _("emoji"), max_length=8, choices=EmojiPolicy, default=EmojiPolicy.ALLOWED
    )
    emoji_max = models.PositiveSmallIntegerField(_("maximum emoji"), null=True, blank=True)
    required_words = models.TextField(
        _("required words or expressions"),
        blank=True,
        help_text=_("One per line: a handle, a legal notice…"),
    )
    forbidden_words = models.TextField(
        _("forbidden words or expressions"),
        blank=True,
        help_text=_("One per line; a * at the end matches any ending."),
    )
    utm_required = models.BooleanField(
        _("links tracked with UTM parameters"),
        default=False,
        help_text=_("utm_source must be the network, utm_medium and utm_campaign present."),
    )
    alt_text_required = models.BooleanField(_("alternative text required"), default=False)
    disclosure_required = models.BooleanField(
        _("disclosure checked as an error on sponsored posts"),
        default=True,
        help_text=_("Unticked, a missing mention is only a warning: the law still applies."),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("network rule")
        constraints = [
            models.UniqueConstraint(fields=["charter", "network"], name="one_rule_per_network")
        ]

    def __str__(self) -> str:
        return self.network

    @property
    def forbidden_list(self) -> list[str]:
        return split_lines(self.forbidden_words)

    @property
    def required_list(self) -> list[str]:
        return split_lines(self.required_words)
