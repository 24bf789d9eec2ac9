from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Locked out after failed attempts")
    UNLOCKED = "unlocked", _("Unlocked")
    TWO_FACTOR_ON = "two_factor_on", _("Turned on two-factor authentication")
    TWO_FACTOR_OFF = "two_factor_off", _("Turned off two-factor authentication")
    RECOVERY_CODES = "recovery_codes", _("Made new recovery codes")
    PASSWORD_CHANGED = "password_changed", _("Changed their password")
    PASSWORD_RESET_REQUESTED = "password_reset_asked", _("Asked for a password reset link")
    PASSWORD_RESET = "password_reset", _("Chose a new password with a reset link")
    PASSWORD_SET_BY_ADMIN = "password_set_by_admin", _("Password set by the administrator")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    ROLE_CHANGE = "role_change", _("Changed a role")
    INVITE = "invite", _("Invited")
    JOIN = "join", _("Joined")
    APPROVAL = "approval", pgettext_lazy("audit action", "Approved")
    PUBLICATION = "publication", pgettext_lazy("audit action", "Published")
    ARCHIVE = "archive", pgettext_lazy("audit action", "Archived")
    RESTORE = "restore", pgettext_lazy("audit action", "Restored")
    PAUSE = "pause", pgettext_lazy("audit action", "Paused publishing")
    RESUME = "resume", pgettext_lazy("audit action", "Resumed publishing")


#: What a person does to their own account, shown in the log of each workspace they are in.
ACCOUNT_ACTIONS = (
    AuditAction.LOGIN,
    AuditAction.TWO_FACTOR_ON,
    AuditAction.TWO_FACTOR_OFF,
    AuditAction.RECOVERY_CODES,
    AuditAction.PASSWORD_CHANGED,
    AuditAction.PASSWORD_RESET,
)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_workspace(self, workspace: object) -> AuditEventQuerySet:
        """Events of the workspace, plus the logins and two-factor changes of its members."""
        return self.filter(
            models.Q(workspace=workspace)
            | models.Q(
                workspace__isnull=True,
                action__in=ACCOUNT_ACTIONS,
                actor__memberships__workspace=workspace,
            )
        ).distinct()


class AuditEvent(models.Model):
    """Who did what, and when. Rows are only ever added."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, null=True, blank=True, related_name="audit"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=24, choices=AuditAction.choices)
    object_type = models.CharField(_("object"), max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=254, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"
        )
