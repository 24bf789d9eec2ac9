"""Publications' outcomes told to the people concerned, one or a whole chunk at once.

Published: the post's author and the approvers of its version hear of it; failed or
unknown: the author, then the workspace's owners and managers. For a list of finished
publications, in a fixed number of queries whatever its length:

1. their outcome as committed (state, address, the network's words) and whether their
   post's version was approved, one query: the sender's copy may predate the last
   write; its variant, post and account are the copy's own when it loaded them (read
   once more otherwise, one query);
2. the approvers of the approved posts' versions (one query, only when one was), the
   owners and managers of the workspaces where one failed (one query, only then);
3. the notifications (:func:`~mostra.notifications.services.sending.notify_all`: nothing
   more when nobody is left to tell, else the members with their choices, one query,
   and one insert).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from mostra.core.models import Membership, Role
from mostra.notifications.models import Kind, Notification
from mostra.notifications.services.sending import Notice, notify_all


def _loaded(publication: Any) -> bool:
    """Whether the copy holds its variant, the variant's post and its account."""
    from mostra.editorial.models import PostVariant
    from mostra.publishing.models import Publication

    return (
        Publication.variant.is_cached(publication)
        and PostVariant.post.is_cached(publication.variant)
        and Publication.account.is_cached(publication)
    )


def _as_committed(publications: Sequence[Any]) -> list[tuple[Any, str, str, str, bool]]:
    """Each publication still there, with its committed state, address and error, and
    whether its post's version has an approval. In SQL: the worker reads it for every
    publication it finishes, where the ORM spent more building the query than running it."""
    from mostra.editorial.models import Approval, Decision, Post, PostVariant
    from mostra.publishing.models import Publication

    pks = list(dict.fromkeys(p.pk for p in publications))
    bare = [p.pk for p in publications if not _loaded(p)]
    copies = {p.pk: p for p in publications if p.pk not in bare}
    if bare:
        rows = Publication.objects.select_related("variant__post", "account").filter(pk__in=bare)
        copies |= {p.pk: p for p in rows}
    table = connection.ops.quote_name
    sql = (
        "SELECT pub.id, pub.state, pub.remote_url, pub.error_message, EXISTS ("
        f"SELECT 1 FROM {table(Approval._meta.db_table)} a WHERE a.post_id = v.post_id "
        "AND a.version = post.version AND a.decision = %s AND a.approver_id IS NOT NULL) "
        f"FROM {table(Publication._meta.db_table)} pub "
        f"JOIN {table(PostVariant._meta.db_table)} v ON v.id = pub.variant_id "
        f"JOIN {table(Post._meta.db_table)} post ON post.id = v.post_id "
        f"WHERE pub.id IN ({', '.join('%s' for _ in pks)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Decision.APPROVED.value, *pks])
        outcomes = {
            pk: (state, url, error, bool(approved))
            for pk, state, url, error, approved in cursor.fetchall()
        }
    return [(copies[pk], *outcomes[pk]) for pk in pks if pk in outcomes and pk in copies]


def _managers(workspace_ids: set[int]) -> dict[int, list[int]]:
    """The owners and managers of each workspace, in the order they joined."""
    found: dict[int, list[int]] = {w: [] for w in workspace_ids}
    if workspace_ids:
        rows = (
            Membership.objects.filter(
                workspace_id__in=workspace_ids, role__in=[Role.OWNER, Role.MANAGER]
            )
            .order_by("id")
            .values_list("workspace_id", "user_id")
        )
        for workspace_id, user_id in rows:
            found[workspace_id].append(user_id)
    return found


def tell_outcomes(publications: Sequence[Any], actor: Any = None) -> list[Notification]:
    """The notifications of these finished publications' outcomes (the steps above);
    ``actor``: who decided them (marked as published), told of nothing."""
    from mostra.editorial.services.approvals import approvers_of_versions
    from mostra.publishing.models import PublicationState as S

    told = (S.PUBLISHED, S.FAILED, S.UNKNOWN)
    finished = [row for row in _as_committed(publications) if row[1] in told]
    if not finished:
        return []
    approved = [
        p.variant.post for p, state, _u, _e, yes in finished if yes and state == S.PUBLISHED
    ]
    approvers = approvers_of_versions(approved) if approved else {}
    managers = _managers(
        {p.variant.post.workspace_id for p, state, _u, _e, _a in finished if state != S.PUBLISHED}
    )
    notices = []
    for publication, state, url, error, _approved in finished:
        post = publication.variant.post
        params = {"network": publication.variant.network, "handle": publication.account.handle}
        if state == S.PUBLISHED:
            if url:
                params["url"] = url
            kind, who, message = Kind.POST_PUBLISHED, approvers.get(post.pk, []), ""
        else:
            kind = Kind.PUBLICATION_UNKNOWN if state == S.UNKNOWN else Kind.PUBLICATION_FAILED
            who, message = managers[post.workspace_id], error
        notices.append(
            Notice(
                post.workspace_id,
                kind,
                [post.author_id, *who],
                actor=actor,
                post=post,
                publication=publication,
                params=params,
                message=message,
            )
        )
    return notify_all(notices)
