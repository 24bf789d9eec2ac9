"""``mostra post show`` and ``mostra post published``: a post's publications, and saying
that a publication by hand is done, from the command line.

They belong to the ``post`` group (:mod:`mostra.charter.cli`) but read and change
publications, so they live here, in the publishing layer, and :mod:`mostra.cli` adds
them to the group (the editorial layer never imports publishing).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from mostra.core.cli_support import acting_member, refuse, table_or_json, with_django

if TYPE_CHECKING:
    from mostra.editorial.models import Post


def _post(pk: int) -> Post:
    from django.utils.translation import gettext as _

    from mostra.editorial.models import Post

    post = Post.objects.select_related("workspace").filter(pk=pk).first()
    if post is None:
        refuse(_("No post has the id %(id)s.") % {"id": pk})
    return post


def post_data(post: Post) -> dict[str, Any]:
    """The post's status and, per variant, its publication (state, account, link)."""
    from mostra.publishing.models import Publication

    publications = {
        p.variant_id: p
        for p in Publication.objects.filter(variant__post=post).select_related("account")
    }
    variants = []
    for variant in post.variants.order_by("position", "id"):
        publication = publications.get(variant.pk)
        row: dict[str, Any] = {"network": variant.network, "publication": None}
        if publication is not None:
            row["publication"] = {
                "id": publication.pk,
                "state": publication.state,
                "state_label": str(publication.get_state_display()),
                "account": publication.account.handle,
                "by_hand": publication.account.by_hand,
                "due_at": publication.due_at.isoformat(),
                "published_at": (
                    publication.published_at.isoformat() if publication.published_at else None
                ),
                "url": publication.remote_url or None,
                "reason": publication.error_message or None,
            }
        variants.append(row)
    return {
        "id": post.pk,
        "workspace": post.workspace.slug,
        "title": post.title,
        "status": post.status,
        "status_label": str(post.get_status_display()),
        "scheduled_at": post.scheduled_at.isoformat() if post.scheduled_at else None,
        "variants": variants,
    }


@click.command("show")
@click.argument("pk", metavar="ID", type=int)
@table_or_json
@with_django
def show(pk: int, fmt: str) -> None:
    """A post's status and each variant's publication: its state, account and link.

    \b
    Example:
        mostra post show 42
        mostra post show 42 --format json
    """
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import echo_table

    data = post_data(_post(pk))
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"#{data['id']} {data['title']} · {data['status_label']} ({data['workspace']})")
    rows = []
    for variant in data["variants"]:
        publication = variant["publication"] or {}
        rows.append(
            [
                variant["network"],
                publication.get("account", "—"),
                publication.get("state_label", _("not planned")),
                publication.get("url") or publication.get("reason") or "",
            ]
        )
    echo_table([_("Network"), _("Account"), _("State"), _("Link")], rows)


@click.command("published")
@click.argument("pk", metavar="ID", type=int)
@click.option("--network", required=True, metavar="NETWORK", help="The variant's network.")
@click.option("--url", required=True, metavar="URL", help="The post's address on the network.")
@click.option("--as", "email", metavar="EMAIL", help="Who published it (default: the owner).")
@with_django
def published(pk: int, network: str, url: str, email: str | None) -> None:
    """Say that a publication by hand is done: the post's address, checked against the
    network's, as on its page (the post's status follows; audited).

    \b
    Example:
        mostra post published 42 --network instagram \\
            --url https://www.instagram.com/p/C8xYz12AbCd/ --as bob@example.org
    """
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import refuse_if_archived
    from mostra.core.errors import DomainError
    from mostra.publishing.models import Publication
    from mostra.publishing.services import by_hand

    post = _post(pk)
    refuse_if_archived(post.workspace)
    publication = (
        Publication.objects.select_related("account", "variant__post")
        .filter(variant__post=post, variant__network=network.strip().lower())
        .first()
    )
    if publication is None:
        networks = ", ".join(post.variants.values_list("network", flat=True)) or "—"
        refuse(
            _("Post %(id)s has no publication on %(network)s (its networks: %(networks)s).")
            % {"id": pk, "network": network, "networks": networks}
        )
    membership = acting_member(post.workspace, email)
    try:
        by_hand.mark_published(publication, membership, url)
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _("Post %(id)s is published on %(network)s: %(url)s")
        % {"id": pk, "network": publication.variant.network, "url": url.strip()}
    )
