from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalPolicy(models.TextChoices):
    NONE = "none", _("No approval")
    ONE = "one", _("One approver")
    TWO = "two", _("Two distinct approvers (four eyes)")


class WorkspaceQuerySet(models.QuerySet["Workspace"]):
    def for_user(self, user: object) -> WorkspaceQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user).distinct()

    def active(self) -> WorkspaceQuerySet:
        """The workspaces that are not archived."""
        return self.filter(archived_at__isnull=True)

    def archived(self) -> WorkspaceQuerySet:
        return self.filter(archived_at__isnull=False)


def in_active_workspace(path: str = "workspace") -> models.Q:
    """Rows whose workspace, reached through ``path``, is not archived.

    The workers' queries filter with it (``Publication.objects.filter(
    in_active_workspace("variant__post__workspace"))``): an archived workspace's rows are
    skipped without a query of their own.
    """
    return models.Q(**{f"{path}__archived_at__isnull": True})


def publishing_not_paused(path: str = "workspace") -> models.Q:
    """Rows whose workspace, reached through ``path``, has its publishing running (not
    paused by an incident): the publishing claims filter with it."""
    return models.Q(**{f"{path}__publishing_paused_at__isnull": True})


class Workspace(models.Model):
    """One brand or client: everything else belongs to a workspace."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    country = models.CharField(_("country"), max_length=2, default="FR")
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    approval_policy = models.CharField(
        _("approval policy"),
        max_length=8,
        choices=ApprovalPolicy.choices,
        default=ApprovalPolicy.NONE,
    )
    sensitive_topics = models.TextField(
        _("sensitive topics"),
        blank=True,
        help_text=_("One topic per line. Posts on these topics always need approval."),
    )
    separate_scheduling = models.BooleanField(
        _("separate scheduling step"),
        default=False,
        help_text=_(
            "Approved posts wait for someone to schedule them. Otherwise approving a post "
            "whose date is to come schedules it at once."
        ),
    )
    require_two_factor = models.BooleanField(
        _("two-factor authentication required"),
        default=False,
        help_text=_("Members open the workspace only once they sign in with a code too."),
    )
    #: Publications by hand: the hours after their time when the person publishing them
    #: is reminded, then when the owners and managers are told too.
    by_hand_reminder_hours = models.PositiveSmallIntegerField(
        _("remind after (hours)"),
        default=2,
        help_text=_(
            "A publication by hand not done this many hours after its time: its "
            "responsible person is reminded."
        ),
    )
    by_hand_escalation_hours = models.PositiveSmallIntegerField(
        _("tell the managers after (hours)"),
        default=24,
        help_text=_(
            "Still not done this many hours after its time: the owners and managers are told too."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    #: Set while the workspace is archived: read-only for everyone, skipped by the workers.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archived by"),
    )

    #: Set while its scheduled publishing is paused (an incident): the workers' claims
    #: skip its publications until it is resumed (:func:`publishing_not_paused`).
    publishing_paused_at = models.DateTimeField(_("publishing paused"), null=True, blank=True)
    publishing_paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publishing paused by"),
    )

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self) -> str:
        return self.name

    @property
    def is_publishing_paused(self) -> bool:
        return self.publishing_paused_at is not None

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def sensitive_topic_list(self) -> list[str]:
        return [t.strip() for t in self.sensitive_topics.splitlines() if t.strip()]

    @property
    def required_approvals(self) -> int:
        return {"none": 0, "one": 1, "two": 2}[self.approval_policy]
