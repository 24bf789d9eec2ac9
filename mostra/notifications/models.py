"""What mostra tells each member: one :class:`Notification` per person and event.

A notification stores its *kind* and its parameters (who acted, the note, the network,
the link...), never a sentence: its text is written when it is shown or e-mailed, in
the reader's language (:mod:`mostra.notifications.texts`). ``message`` keeps a
network's own words as it said them.

Each person chooses, per workspace and kind, how they hear of it
(:class:`Preference`); the workspace's owners can make a kind required
(:class:`RequiredKind`): nobody can switch it off.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mostra.core.state_machines import Machine


class Kind(models.TextChoices):
    APPROVAL_REQUESTED = "approval_requested", _("A post waits for my approval")
    POST_APPROVED = "post_approved", _("My post was approved")
    POST_SENT_BACK = "post_sent_back", _("My post was sent back for changes")
    POST_REJECTED = "post_rejected", _("My post was cancelled during its review")
    POST_PUBLISHED = "post_published", _("A post was published")
    PUBLICATION_FAILED = "publication_failed", _("A publication failed")
    PUBLICATION_UNKNOWN = "publication_unknown", _("A publication's outcome is unknown")
    MENTIONED = "mentioned", _("Someone mentioned me in a comment")
    MANUAL_PUBLICATION_DUE = "manual_publication_due", _("A publication by hand is due")
    INVITATION_ACCEPTED = "invitation_accepted", _("Someone accepted an invitation")
    INCIDENT_OPENED = "incident_opened", _("An incident was opened or escalated")
    MENTION_ASSIGNED = "mention_assigned", _("A mention was assigned to me")
    TOOL_RENEWAL = "tool_renewal", _("A tool I own renews soon")
    PROGRAMME_NON_COMPLIANT = (
        "programme_non_compliant",
        _("A programme member's paid post lacks the disclosure"),
    )


#: Kept for the code that knew the publishing app's name for it.
NotificationKind = Kind


class Channel(models.TextChoices):
    """How a person hears of a kind of notification."""

    APP = "app", pgettext_lazy("notification channel", "In the app")
    EMAIL = "email", pgettext_lazy("notification channel", "In the app and by e-mail at once")
    DIGEST = "digest", pgettext_lazy("notification channel", "In the app and in a daily e-mail")
    OFF = "off", pgettext_lazy("notification channel", "Off")


#: Each kind's channel until the person chooses: all in the app; what waits for
#: someone (an approval, a publication by hand) and what went wrong by e-mail at once.
DEFAULT_CHANNELS: dict[str, str] = {
    **{kind: Channel.APP for kind in Kind.values},
    Kind.APPROVAL_REQUESTED: Channel.EMAIL,
    Kind.MANUAL_PUBLICATION_DUE: Channel.EMAIL,
    Kind.PUBLICATION_FAILED: Channel.EMAIL,
    Kind.PUBLICATION_UNKNOWN: Channel.EMAIL,
    Kind.INCIDENT_OPENED: Channel.EMAIL,
    Kind.MENTION_ASSIGNED: Channel.EMAIL,
    Kind.TOOL_RENEWAL: Channel.EMAIL,
    Kind.PROGRAMME_NON_COMPLIANT: Channel.EMAIL,
}


class Delivery(models.TextChoices):
    """Whether the notification is to be e-mailed, decided when it is made."""

    NONE = "", _("not e-mailed")
    NOW = "now", _("e-mailed at once")
    DIGEST = "digest", _("in the daily e-mail")


class EmailState(models.TextChoices):
    """Where a notification's e-mail is (see :data:`EMAIL_MACHINE`)."""

    NONE = "", pgettext_lazy("e-mail state", "Not e-mailed")
    WAITING = "waiting", pgettext_lazy("e-mail state", "Waiting to be sent")
    SENDING = "sending", pgettext_lazy("e-mail state", "Being sent")
    SENT = "sent", pgettext_lazy("e-mail state", "Sent")
    GIVEN_UP = "given_up", pgettext_lazy("e-mail state", "Given up")


_E = EmailState

#: Every allowed change of a notification's e-mail state, and what makes it
#: (:mod:`mostra.notifications.services.emails`). A notification is made ``waiting``
#: when it is to be e-mailed, else stays ``""`` for good.
EMAIL_MACHINE = Machine(
    "notification e-mail",
    "email_state",
    {
        (_E.WAITING, _E.SENDING): "a sender claims it",
        (
            _E.SENDING,
            _E.SENDING,
        ): "its sender's claim expired (it died, or SMTP failed): taken again",
        (_E.SENDING, _E.SENT): "sent (or nobody to write to: never tried again)",
        (_E.SENDING, _E.GIVEN_UP): "its attempts used up, the last claim expired",
    },
    frozenset(EmailState.values),
)


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_member(self, user: object, workspace: object) -> NotificationQuerySet:
        return self.filter(recipient=user, workspace=workspace)


class Notification(models.Model):
    """One event told to one member."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    post = models.ForeignKey(
        "editorial.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    publication = models.ForeignKey(
        "publishing.Publication",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    #: Who acted (never the recipient); their name is also kept in ``params``.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: What the text needs: actor, post, note, network, handle, url, stage, role...
    params = models.JSONField(default=dict, blank=True)
    #: A network's own words, kept as it said them.
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=8, choices=Delivery, default=Delivery.NONE, blank=True)
    email_state = models.CharField(
        max_length=10, choices=EmailState, default=EmailState.NONE, blank=True
    )
    #: The sender's claim: who took it and when (a crashed sender's claim expires).
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_claimed_by = models.CharField(max_length=64, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["email", "emailed_at"], name="notification_email_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class Preference(models.Model):
    """A person's choice for one kind in one workspace (the default otherwise)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel)

    class Meta:
        verbose_name = _("notification preference")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "workspace", "kind"], name="one_preference_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.channel}"


class RequiredKind(models.Model):
    """A kind the workspace's owners require: its members cannot switch it off."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="required_notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)

    class Meta:
        verbose_name = _("required notification")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "kind"], name="one_required_kind")
        ]

    def __str__(self) -> str:
        return self.kind
