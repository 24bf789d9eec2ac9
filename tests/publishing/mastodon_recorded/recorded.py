"""The recorded instance: its answers, its token, the routes every test needs."""

from __future__ import annotations

from typing import Any

BASE = "https://mastodon.example"


TOKEN = "Zq8-secret-token-nobody-should-read-4711"


INSTANCE_V2: dict[str, Any] = {
    "domain": "mastodon.example",
    "title": "Mastodon Example",
    "version": "4.3.2",
    "configuration": {
        "statuses": {
            "max_characters": 1000,
            "max_media_attachments": 4,
            "characters_reserved_per_url": 23,
        },
        "media_attachments": {
            "supported_mime_types": ["image/jpeg", "image/png", "video/mp4"],
            "image_size_limit": 16777216,
            "video_size_limit": 103809024,
        },
    },
}


ACCOUNT: dict[str, Any] = {
    "id": "109348729384756",
    "username": "atelier",
    "acct": "atelier",
    "display_name": "Atelier Vélo Solidaire",
    "followers_count": 321,
    "following_count": 12,
    "statuses_count": 87,
}


APP: dict[str, Any] = {"name": "mostra", "scopes": ["read", "write:statuses", "write:media"]}


STATUS: dict[str, Any] = {
    "id": "113456789012345678",
    "uri": "https://mastodon.example/users/atelier/statuses/113456789012345678",
    "url": "https://mastodon.example/@atelier/113456789012345678",
    "visibility": "public",
    "favourites_count": 7,
    "reblogs_count": 3,
    "replies_count": 2,
}


def instance_routes(api, v2: Any = INSTANCE_V2) -> None:
    api.get("/api/v2/instance").respond(200, json=v2)
    api.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)
    api.get("/api/v1/apps/verify_credentials").respond(200, json=APP)
