"""What the reply tests share: an item of the inbox, and a workspace that already posts
on a network (the readiness gate lets its replies through)."""

from __future__ import annotations

from mostra.core.models import Workspace
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.listening.models import Mention


def already_posting(workspace: Workspace, network: str) -> None:
    """A published post on ``network``: the network is no first one any more."""
    post = Post.objects.create(workspace=workspace, title="Earlier", status=PostStatus.PUBLISHED)
    PostVariant.objects.create(post=post, network=network, text="Bonjour")


def item(workspace: Workspace, network: str, guid: str, url: str = "", **fields) -> Mention:
    return Mention.objects.create(
        workspace=workspace,
        guid=guid,
        url=url or guid,
        network=network,
        kind=fields.pop("kind", "reply"),
        text=fields.pop("text", "Vous réparez les vélos cargo ?"),
        author=fields.pop("author", "fan"),
        **fields,
    )
