from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mostra.core.models.membership import Role


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        """Those that can still be used: :attr:`Invitation.is_pending` as a query."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A single-use link that makes whoever opens it a member with the given role."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.EDITOR)
    is_approver = models.BooleanField(_("approver"), default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    #: The raw token encrypted with :mod:`mostra.core.crypto`, kept only while the
    #: invitation e-mail waits for the worker (the task carries the id, never the link),
    #: and emptied once the e-mail is sent, withdrawn or accepted.
    token_to_email = models.TextField(blank=True, default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email or str(_("invitation link"))

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def status(self) -> str:
        if self.accepted_at:
            return str(_("accepted"))
        if self.revoked_at:
            return str(_("revoked"))
        if self.expires_at <= timezone.now():
            return str(_("expired"))
        return str(_("pending"))
