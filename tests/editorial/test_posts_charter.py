"""The charter checks each variant live while it is typed, and on the post's page."""

from __future__ import annotations

import json
import re

from django.urls import reverse

from tests.editorial.test_posts import new_url, post_url


def _attrs(page: str, name: str) -> dict[str, str]:
    """The attributes of the form field called ``name``."""
    tag = re.search(rf'<(?:textarea|input)[^>]*name="{re.escape(name)}"[^>]*>', page)
    assert tag, name
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag.group(0)))


def test_each_variant_field_asks_the_charter_while_typing(owner_client, make_post, tactic):
    post = make_post(tactic=tactic, networks=("instagram",))
    page = owner_client.get(post_url(post)).content.decode()
    check = reverse("charter:check", args=[post.workspace.slug])
    for field in ("text", "link", "first_comment"):
        attrs = _attrs(page, f"v-instagram-{field}")
        assert attrs["hx-post"] == check
        assert attrs["hx-trigger"].startswith("input changed delay:300ms")
        assert attrs["hx-include"] == "#variant-instagram, #post-flags"
        assert attrs["hx-target"] == "#findings-instagram"
        vals = json.loads(attrs["hx-vals"].replace("&quot;", '"'))
        assert vals == {"network": "instagram", "prefix": "v-instagram-", "post": post.pk}
    assert "load" in _attrs(page, "v-instagram-text")["hx-trigger"]
    # The flags are sent unprefixed, from the fieldset the variants include.
    flags = page[
        page.index('id="post-flags"') : page.index("</fieldset>", page.index('id="post-flags"'))
    ]
    for flag in ("sensitive", "sponsored", "image_retouched", "image_virtual"):
        assert f'name="{flag}"' in flags
    assert 'id="findings-instagram"' in page and 'id="variant-instagram"' in page


def test_networks_not_chosen_are_not_checked_on_load(owner_client, workspace, tactic):
    page = owner_client.get(new_url(workspace) + f"?tactic={tactic.pk}").content.decode()
    assert "load" in _attrs(page, "v-instagram-text")["hx-trigger"]
    assert "load" not in _attrs(page, "v-linkedin-text")["hx-trigger"]


def test_findings_are_shown_on_the_page_without_javascript(owner_client, make_post, tactic):
    post = make_post(tactic=tactic, networks=("instagram",), text="#a #b #c #d #e #f #g")
    page = owner_client.get(post_url(post)).content.decode()
    block = page[page.index('id="findings-instagram"') :]
    assert '<div class="findings" data-errors="' in block
    assert 'data-errors="0"' not in block[:300]  # Instagram takes at most 5 hashtags


def test_a_real_round_trip_to_the_live_check(owner_client, workspace, tactic):
    response = owner_client.post(
        reverse("charter:check", args=[workspace.slug]),
        {
            "network": "instagram",
            "prefix": "v-instagram-",
            "v-instagram-text": "#a #b #c #d #e #f #g",
            "v-instagram-link": "",
            "v-instagram-first_comment": "",
            "sponsored": "on",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="findings"' in html
    errors = int(re.search(r'data-errors="(\d+)"', html).group(1))
    assert errors >= 1
