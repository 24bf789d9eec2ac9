"""What a variant sends to its network: :class:`~mostra.integrations.base.Outgoing`.

The ``key`` is ``mostra-<post id>-<variant id>-v<post version>``: stable across every
retry of one version of the content (a network that dedupes on it meets the first
attempt), new when the content changes. Bluesky derives its record key from it,
Mastodon sends it as ``Idempotency-Key``. ``created_at`` is the publication's due
time, also stable across retries.

A thread is written in the variant's text, its posts separated by a line holding only
``---`` (:mod:`mostra.charter.checks.thread`): on a network whose integration
``supports_threads``, the first part is ``text`` and the others ``thread``; elsewhere
the text goes out whole (the charter refuses the separator before approval). A reply
(``reply_to``) goes out whole too: one answer, not a thread of its own.
"""

from __future__ import annotations

from pathlib import Path

from mostra.charter.checks.thread import split_thread, supports_threads
from mostra.editorial.models import PostMedia
from mostra.integrations.base import Outgoing, OutgoingMedia
from mostra.publishing.models import Publication


def outgoing_key(post_id: int, variant_id: int, version: int) -> str:
    return f"mostra-{post_id}-{variant_id}-v{version}"


def _media(item: PostMedia) -> OutgoingMedia:
    return OutgoingMedia(
        path=Path(item.file.path),
        mime_type=item.mime_type,
        alt_text=item.alt_text,
        size=item.size,
        width=item.width,
        height=item.height,
    )


def build(publication: Publication, media: list[PostMedia]) -> Outgoing:
    """The outgoing of a publication loaded with its variant and post."""
    variant = publication.variant
    post = variant.post
    text, thread = variant.text, ()
    if supports_threads(publication.account.network) and not publication.reply_to:
        parts = split_thread(variant.text)
        if len(parts) > 1:
            text, thread = parts[0], tuple(parts[1:])
    return Outgoing(
        key=outgoing_key(post.pk, variant.pk, post.version),
        text=text,
        thread=thread,
        link=variant.link,
        first_comment=variant.first_comment,
        media=tuple(_media(m) for m in media),
        created_at=publication.due_at,
        reply_to=publication.reply_to,
    )
