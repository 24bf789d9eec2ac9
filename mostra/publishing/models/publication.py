"""The publication of one post variant to one account: the state machine of publishing.

``pending → publishing → published | failed | unknown``; on an account published by
hand, ``pending → publishing → manual_due → published | skipped`` (a person says it).
A worker claims a pending publication with a compare-and-set update (one row or
nothing), so two workers never both publish it; ``unknown`` is a publication whose
outcome could not be established (never re-sent silently: a person decides).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mostra.core.state_machines import Machine


class PublicationState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("publication state", "Waiting for its time")
    PUBLISHING = "publishing", pgettext_lazy("publication state", "Publishing")
    PUBLISHED = "published", pgettext_lazy("publication state", "Published")
    FAILED = "failed", pgettext_lazy("publication state", "Failed")
    UNKNOWN = "unknown", pgettext_lazy("publication state", "Outcome unknown")
    CANCELLED = "cancelled", pgettext_lazy("publication state", "Cancelled")
    #: An account published by hand: its time came, a person must publish it.
    MANUAL_DUE = "manual_due", pgettext_lazy("publication state", "To publish by hand")
    #: A publication by hand a person decided not to make (the reason in error_message).
    SKIPPED = "skipped", pgettext_lazy("publication state", "Skipped")


_S = PublicationState

#: Every allowed change of a publication's state, and what makes it. Each goes through
#: :meth:`Machine.move` or :meth:`Machine.change` (a refused one raises, nothing written).
MACHINE = Machine(
    "publication",
    "state",
    {
        (_S.PENDING, _S.PUBLISHING): "a worker claims it (services/claims.py)",
        (_S.PUBLISHING, _S.PUBLISHED): "the network took it",
        (_S.PUBLISHING, _S.FAILED): "a permanent error, or the attempts used up",
        (_S.PUBLISHING, _S.UNKNOWN): "its outcome cannot be established",
        (_S.PUBLISHING, _S.PENDING): "retried later, given back unstarted, or its lease expired",
        (_S.PUBLISHING, _S.MANUAL_DUE): "an account published by hand: a person is told",
        (_S.PENDING, _S.PUBLISHED): "a success written after its claim was lost, or by hand early",
        (_S.UNKNOWN, _S.PUBLISHED): "a person saw it on the network, or a late success",
        (_S.UNKNOWN, _S.PENDING): "a person retries it anyway",
        (_S.FAILED, _S.PENDING): "a person retries it, or its post is scheduled again",
        (_S.CANCELLED, _S.PENDING): "its post is scheduled again",
        (_S.PENDING, _S.CANCELLED): "its post is unscheduled or cancelled",
        (_S.PENDING, _S.FAILED): "its time passed while the workspace was archived",
        (_S.MANUAL_DUE, _S.PUBLISHED): "a person published it by hand",
        (_S.MANUAL_DUE, _S.SKIPPED): "a person decided not to publish it",
        (_S.PENDING, _S.SKIPPED): "a person decided early not to publish it",
    },
    frozenset(PublicationState.values),
)


class ManualStage(models.TextChoices):
    """How far a publication by hand went in telling people (each stage told once)."""

    DUE = "due", _("Due")
    REMINDER = "reminder", _("Reminded")
    ESCALATED = "escalated", _("Escalated")


class Publication(models.Model):
    variant = models.OneToOneField(
        "editorial.PostVariant", on_delete=models.CASCADE, related_name="publication"
    )
    account = models.ForeignKey(
        "publishing.SocialAccount",
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("account"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=PublicationState, default=PublicationState.PENDING
    )
    #: When it should go out (UTC): the post's date, or now for "publish now".
    due_at = models.DateTimeField(_("due"))
    #: When the next attempt may run (backoff, Retry-After); due_at at first.
    next_attempt_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    #: Who holds it while publishing: a worker's id and the claim's time.
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    #: The network's reference: a record key or status id, an AT URI, the public link.
    remote_id = models.CharField(max_length=255, blank=True)
    remote_uri = models.CharField(max_length=500, blank=True)
    remote_url = models.URLField(_("link"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    error_code = models.CharField(max_length=100, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    #: Publications by hand: when it became due (the worker's time), and who was told.
    manual_since = models.DateTimeField(null=True, blank=True)
    manual_stage = models.CharField(max_length=10, choices=ManualStage, blank=True, default="")
    #: A reply: the address of the post it answers (a Bluesky ``at://`` URI, a Mastodon
    #: status's URI or link); the integration resolves it when sending. "" for a post.
    reply_to = models.CharField(max_length=2000, blank=True)
    #: When metrics are next collected (dense in the first days, sparse later).
    next_metrics_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("publication")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["next_metrics_at"]),
            # The claim's "none of its account publishing, none earlier still due".
            models.Index(
                fields=["account", "state", "next_attempt_at"], name="publication_account_queue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id} → {self.account_id} ({self.state})"


class PublicationAttempt(models.Model):
    """One try at publishing: what happened, for the post page and for support."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="log")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"{self.publication_id} {self.outcome}"
