"""Import a CSV file of posts: all or nothing, every problem with its line number."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from mostra.core import audit
from mostra.core.models import AuditAction, User, Workspace
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.editorial.services.csv_posts.planning import PlannedPost, Planner
from mostra.editorial.services.csv_posts.reading import FileRefused, read_rows


@dataclass(frozen=True)
class ImportSummary:
    posts: int
    variants: int
    first: Post | None  # the earliest imported post, to show where the import landed


def check_csv(workspace: Workspace, data: bytes) -> list[PlannedPost]:
    """The posts the file describes, or :class:`FileRefused` with every problem."""
    _columns, rows = read_rows(data)
    planner = Planner(workspace)
    planned = planner.plan(rows)
    if planner.problems:
        raise FileRefused(sorted(planner.problems, key=lambda p: p.line or 0))
    return planned


def import_csv(
    workspace: Workspace,
    data: bytes,
    *,
    author: User | None = None,
    file_name: str = "",
    ip_address: str | None = None,
) -> ImportSummary:
    """Create the file's posts as drafts, in one transaction, audited once.

    Raises :class:`FileRefused` (nothing imported) when any line has a problem.
    """
    planned = check_csv(workspace, data)
    with transaction.atomic():
        posts = Post.objects.bulk_create(
            Post(
                workspace=workspace,
                author=author,
                status=PostStatus.DRAFT,
                scheduled_at=p.scheduled_at,
                title=p.title,
                tactic=p.tactic,
                pillar=p.pillar,
                sensitive=p.sensitive,
                sponsored=p.sponsored,
            )
            for p in planned
        )
        variants = PostVariant.objects.bulk_create(
            PostVariant(
                post=post,
                network=v.network,
                text=v.text,
                link=v.link,
                first_comment=v.first_comment,
                position=position,
            )
            for post, p in zip(posts, planned, strict=True)
            for position, v in enumerate(p.variants)
        )
        audit.record(
            AuditAction.CREATE,
            actor=author,
            workspace=workspace,
            label=f"CSV import: {len(posts)} posts"[:254],
            changes={
                "imported": {"posts": len(posts), "variants": len(variants), "file": file_name}
            },
            ip_address=ip_address,
        )
    # (moment, position): the earliest, the first in the file among equals
    dated = [(p.scheduled_at, i) for i, p in enumerate(posts) if p.scheduled_at is not None]
    first = posts[min(dated)[1]] if dated else (posts[0] if posts else None)
    return ImportSummary(len(posts), len(variants), first)
