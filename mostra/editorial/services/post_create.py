"""Create a post and, when asked, submit it at once: one service for the command line
(``mostra post create``) and the API (``POST /posts`` with ``submit``).

All or nothing: the post is saved (:func:`mostra.editorial.services.posts.save_post`),
the charter's checks run (:func:`mostra.charter.checks.check_post`), and with
``submit`` it goes through the workflow (:func:`mostra.editorial.workflow.apply`):
submitted for approval or, under the policy "no approval", approved and scheduled at
once (the readiness gate and the publishing hooks apply). A refusal — the charter's
errors, the workflow's guards — rolls everything back and removes the files written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.editorial.models import Post, PostMedia, PostStatus
from mostra.editorial.services import media
from mostra.editorial.services.posts import PostInput, save_post


class CharterRefused(DomainError):
    """The charter finds an error in the new post: nothing is created. ``findings``
    lists everything it found (errors and warnings)."""

    def __init__(self, message: str, findings: list[Any]) -> None:
        super().__init__(message, field="variants")
        self.findings = findings


@dataclass
class Created:
    post: Post
    #: The charter's findings on the saved post (warnings only, once created).
    findings: list[Any] = field(default_factory=list)


def create_post(
    actor: Membership, data: PostInput, *, submit: bool = False, strict: bool = False
) -> Created:
    """Save a new post by ``actor``; with ``submit``, submit it (scheduled at once when
    the workspace needs no approval). A charter error refuses it when submitting, and
    even as a draft with ``strict`` (the command line's rule)."""
    from mostra.charter.checks import blocking, check_post
    from mostra.editorial import workflow, workflow_rules

    written: list[str] = []
    try:
        with transaction.atomic():
            post = save_post(actor, data)
            written = list(
                PostMedia.objects.filter(variant__post=post).values_list("file", flat=True)
            )
            findings = [f for group in check_post(post).values() for f in group]
            if (submit or strict) and blocking(findings):
                problem = workflow_rules.charter_ok(post, actor) or ""
                raise CharterRefused(problem, findings)
            if submit:
                post = workflow.apply(post, "submit", actor)
                if post.status == PostStatus.APPROVED:
                    post = workflow.apply(post, "schedule", actor)
    except DomainError:
        media.remove_files(written)
        raise
    return Created(post, findings)
