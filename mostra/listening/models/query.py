"""A saved query of the listening: what the team looks for, in the boolean language of
:mod:`mostra.listening.query` (which validates the text; the row only stores it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QueryGroup(models.TextChoices):
    BRAND = "brand", _("Own brand")
    COMPETITOR = "competitor", _("Competitors")
    TOPIC = "topic", _("Topics")
    CAMPAIGN = "campaign", pgettext_lazy("listening query group", "Campaigns")


class ListeningQuery(models.Model):
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="listening_queries"
    )
    name = models.CharField(_("name"), max_length=120)
    group = models.CharField(
        _("group"), max_length=20, choices=QueryGroup.choices, default=QueryGroup.BRAND
    )
    text = models.TextField(_("query"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"], name="listening_query_unique_name"
            )
        ]
        verbose_name_plural = "listening queries"

    def __str__(self) -> str:
        return self.name
