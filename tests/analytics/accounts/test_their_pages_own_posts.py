"""Our own posts published by mostra carry their format to "what works on their pages":
the variant's first media (image; GIF or video), else a web address in its text, else
text."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.analytics.models import AccountPost
from mostra.analytics.sync import sync_publications
from mostra.editorial.models import PostMedia
from tests.publishing.builders_ui import make_account, make_publication

pytestmark = pytest.mark.django_db

T = dt.datetime(2026, 10, 5, 8, 0, tzinfo=dt.UTC)


def media(publication, kind: str, position: int) -> None:
    PostMedia.objects.create(
        variant=publication.variant, file=f"x{position}", kind=kind, mime_type="image/png",
        size=1, sha256="0" * 64, position=position,
    )  # fmt: skip


def test_the_format_of_what_mostra_published(workspace):
    social = make_account(workspace, network="bluesky", handle="@lac.example")
    made = {
        name: make_publication(social, published_at=T, remote_uri=f"at://x/p/{name}", text=text)
        for name, text in [
            ("video", "La cave"),
            ("image", "La tomme https://lac.example"),
            ("link", "Voir https://lac.example/tomme"),
            ("text", "Ouvert samedi"),
        ]
    }
    media(made["video"], "video", 1)
    media(made["video"], "image", 2)
    media(made["image"], "image", 1)
    assert sync_publications(list(made.values())) == 4
    formats = dict(AccountPost.objects.values_list("network_id", "format"))
    assert formats == {f"at://x/p/{name}": name for name in made}
    media(made["text"], "gif", 1)  # added later: read again at the next copy
    sync_publications([made["text"]])
    assert AccountPost.objects.get(network_id="at://x/p/text").format == "video"
