"""The interactive API documentation (Swagger UI), served entirely by the app.

ninja loads Swagger UI from a CDN unless ``ninja`` is an installed app; mostra uses
no CDN, so the page and its assets (shipped inside the ninja package) are served here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSETS_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
#: The only files the assets route serves.
ASSETS = frozenset(
    {"swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js", "favicon.svg", "favicon.png"}
)


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        return render(
            request,
            "api/docs.html",
            {
                "api": api,
                "swagger_settings": json.dumps(settings),
                "asset": reverse(f"{api.urls_namespace}:docs_asset", args=["NAME"]),
            },
        )


def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """One of Swagger UI's files, from the installed ninja package."""
    if name not in ASSETS:
        raise Http404
    response = FileResponse((ASSETS_DIR / name).open("rb"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
