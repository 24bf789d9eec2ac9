"""An account whose history mostra measures: the workspace's own, or a competitor's."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrackedAccount(models.Model):
    """One account on one network, measured from imports, collection or public reads.

    The workspace's own accounts are linked to their :class:`SocialAccount` when they are
    connected for publishing (``social_account``); competitors never are. ``handle`` is
    normalised by :func:`normalise_handle` so that the same account imported twice (or
    imported, then connected) is one row.
    """

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="tracked_accounts"
    )
    network = models.CharField(_("network"), max_length=20)
    handle = models.CharField(_("handle"), max_length=255)
    display_name = models.CharField(_("name"), max_length=255, blank=True)
    #: The network's id of the account (X user id, DID, ActivityPub actor URI…), if known.
    external_id = models.CharField(_("account id"), max_length=255, blank=True)
    is_competitor = models.BooleanField(_("competitor"), default=False)
    social_account = models.OneToOneField(
        "publishing.SocialAccount",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tracked",
    )
    profile_url = models.URLField(_("profile"), max_length=500, blank=True)
    #: The audience's time zone for the best time to post; empty: the workspace's.
    time_zone = models.CharField(_("audience time zone"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["is_competitor", "network", "handle"]
        verbose_name = _("tracked account")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "network", "handle"], name="unique_tracked_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network}:{self.handle}"


def normalise_handle(network: str, handle: str) -> str:
    """The handle as stored: no leading ``@``, lowercase, surrounding spaces removed.

    Mastodon handles keep their instance (``user@instance``); a bare Mastodon username
    stays as given (the importer adds the instance when the archive names it).
    """
    return handle.strip().lstrip("@").lower()
