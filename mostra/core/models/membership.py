from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    EDITOR = "editor", _("Editor")
    CONTRIBUTOR = "contributor", _("Contributor")
    VIEWER = "viewer", _("Viewer")


class OrgLevel(models.TextChoices):
    """Where a person sits in the organisation chart, highest first."""

    EXECUTIVE = "executive", _("Executive management")
    DIRECTOR = "director", _("Head of department")
    MANAGER = "manager", _("Middle management")
    STAFF = "staff", _("Staff")
    EXTERNAL = "external", _("External (agency, freelance)")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_workspace(self, workspace: object) -> MembershipQuerySet:
        return self.filter(workspace=workspace)

    def owners(self) -> MembershipQuerySet:
        return self.filter(role=Role.OWNER)

    def approvers(self) -> MembershipQuerySet:
        return self.filter(is_approver=True)

    def by_rank(self) -> MembershipQuerySet:
        """Owners first, then managers, editors, contributors, viewers; by e-mail within."""
        rank = models.Case(
            *(models.When(role=role, then=i) for i, role in enumerate(Role.values)),
            output_field=models.IntegerField(),
        )
        return self.select_related("user").order_by(rank, "user__email")


class Membership(models.Model):
    """A user's place in a workspace: their role, and their place in the organisation."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.EDITOR)
    is_approver = models.BooleanField(_("approver"), default=False)
    is_sponsor = models.BooleanField(_("sponsor"), default=False)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    department = models.CharField(_("department"), max_length=120, blank=True)
    org_level = models.CharField(
        _("level in the organisation"),
        max_length=16,
        choices=OrgLevel.choices,
        default=OrgLevel.STAFF,
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["workspace", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user")
        ]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
