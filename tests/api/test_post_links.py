"""A post's link through the API: refused as on the page and in the CSV import (422 naming
the field, nothing stored) when it is not a web address; the same hostile inputs as
tests/core/test_typed_addresses.py (tests/core/address_support.py)."""

from __future__ import annotations

import pytest

from mostra.editorial.models import Post, PostVariant
from tests.api.conftest import error_locs
from tests.core.address_support import HOSTILE
from tests.editorial.workflow_fixtures import *  # noqa: F403

P = "/workspaces/fromagerie/posts"


def body(link: str) -> dict[str, object]:
    return {
        "tactic": "k-arrivages",
        "title": "Tomme de printemps",
        "variants": [{"network": "facebook", "text": "La tomme est en cave", "link": link}],
    }


@pytest.mark.parametrize("link", [*HOSTILE, "javascript:alert(1)", "example.org/page"])
def test_a_link_that_is_not_a_web_address_is_refused(strategy, api_as, link):
    for who in ("owner", "teammate"):
        response = api_as(who).post(P, body(link))
        assert response.status_code == 422, response.content
        assert error_locs(response) == [["body", "payload", "variants", 0, "link"]]
        assert "web address such as https://example.org/page" in response.json()["detail"][0]["msg"]
    assert api_as("outsider").post(P, body(link)).status_code in (404, 422)
    assert not Post.objects.exists()


def test_a_patched_link_is_checked_too(strategy, api_as):
    alice = api_as("owner")
    pk = alice.post(P, body("https://fromagerie.example/tomme")).json()["id"]
    response = alice.patch(f"{P}/{pk}", {"variants": body("https://[::1")["variants"]})
    assert response.status_code == 422
    assert PostVariant.objects.get().link == "https://fromagerie.example/tomme"
