"""What listening found: one item of a source (or of an import), stored once.

Deduplicated twice, by constraints the bulk insert leans on (rows that would break one
are skipped): the same ``guid`` from the same source, and the same public address
(:attr:`Mention.url_key`, the SHA-256 of the address) within a workspace, whatever the
source (a post seen by a search and by a timeline).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MentionState(models.TextChoices):
    NEW = "new", pgettext_lazy("mention state", "New")
    TO_HANDLE = "to_handle", pgettext_lazy("mention state", "To handle")
    HANDLED = "handled", pgettext_lazy("mention state", "Handled")
    IGNORED = "ignored", pgettext_lazy("mention state", "Ignored")


class Mention(models.Model):
    # The ingest writes thousands of rows a second: each index is a write per row, so
    # none repeats another. The workspace and the source are served by the composite
    # indexes they lead (no index of their own); the assignee and the duplicate-of
    # links, empty on most rows, by partial indexes of the rows that have one.
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="mentions", db_index=False
    )
    #: None for imported mentions (an export of another tool). Removing a source removes
    #: what it found (its page says so): kept without it, they could not stay unique.
    source = models.ForeignKey(
        "listening.Source",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
        db_index=False,
    )
    #: The source's own id of the item, at most 255 characters (a longer one is hashed).
    guid = models.CharField(max_length=255)
    url = models.CharField(_("address"), max_length=2000, blank=True)
    #: SHA-256 of :attr:`url` (hex), for the per-workspace deduplication by address; NULL
    #: without an address (never "", which the unique constraint would see as one address).
    url_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    title = models.TextField(_("title"), blank=True)
    text = models.TextField(_("text"), blank=True)
    author = models.CharField(_("author"), max_length=255, blank=True)
    author_url = models.CharField(max_length=2000, blank=True)
    author_followers = models.PositiveBigIntegerField(null=True, blank=True)
    #: When it was published, as the source says; None when the source gave no readable
    #: date (the pages show the time it was fetched instead, marked as such).
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), default=timezone.now)
    lang = models.CharField(max_length=8, blank=True)
    country = models.CharField(max_length=2, blank=True)
    network = models.CharField(_("network"), max_length=20, default="feed")
    kind = models.CharField(max_length=20, default="post")
    counts = models.JSONField(default=dict, blank=True)
    declared_sentiment = models.CharField(max_length=10, blank=True)
    # --- Filled by later parts (triage, enrichment, matching) -----------------------------
    state = models.CharField(
        _("state"), max_length=12, choices=MentionState.choices, default=MentionState.NEW
    )
    sentiment = models.FloatField(_("sentiment"), null=True, blank=True)
    matched_queries = models.ManyToManyField(
        "listening.ListeningQuery", blank=True, related_name="mentions"
    )
    # --- Inbox (triage) ---------------------------------------------------------------
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
        db_index=False,
    )
    tags = models.ManyToManyField("listening.MentionTag", blank=True, related_name="mentions")
    #: When it was first handled or ignored (the response time's end); kept if reopened.
    responded_at = models.DateTimeField(null=True, blank=True)
    #: SHA-256 of the text normalised (case, accents, spaces, links dropped), "" when too
    #: short to compare: near-duplicates across sources share it.
    text_key = models.CharField(max_length=64, blank=True, db_index=False)
    #: The first mention of the workspace with the same :attr:`text_key` (shown folded).
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        db_index=False,
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "source", "guid"],
                condition=models.Q(source__isnull=False),
                name="mention_unique_guid_per_source",
            ),
            models.UniqueConstraint(
                fields=["workspace", "guid"],
                condition=models.Q(source__isnull=True),
                name="mention_unique_guid_imported",
            ),
            models.UniqueConstraint(
                fields=["workspace", "url_key"], name="mention_unique_url_per_workspace"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "state", "-published_at"], name="mention_inbox"),
            models.Index(fields=["workspace", "-fetched_at"], name="mention_latest"),
            models.Index(fields=["source", "fetched_at"], name="mention_source_fetched"),
            models.Index(fields=["workspace", "text_key"], name="mention_text_key"),
            models.Index(
                fields=["assignee"],
                condition=models.Q(assignee__isnull=False),
                name="mention_assigned",
            ),
            models.Index(
                fields=["duplicate_of"],
                condition=models.Q(duplicate_of__isnull=False),
                name="mention_folded",
            ),
        ]

    # Texts are "" when the source gave none (FetchedItem's None), as elsewhere in mostra.

    def __str__(self) -> str:
        return self.title or self.text[:80]

    @property
    def link(self) -> str | None:
        """:attr:`url` when it is a web address (a page may link it), else None."""
        return _web(self.url)

    @property
    def author_link(self) -> str | None:
        return _web(self.author_url)


def _web(url: str | None) -> str | None:
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None
