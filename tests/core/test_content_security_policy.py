"""The Content-Security-Policy: every page says it, and no page runs a script of its own.

The policy runs no script but mostra's files (``script-src 'self'``): a template with an
inline ``<script>``, an ``onclick="…"`` or a ``javascript:`` link would stop working in
the browser. Every template's source is read for them, and a representative set of
pages is rendered (the demo workspace, so that charts, pillars and posts are there).
The browser's own reading is in tests/browser/test_content_security_policy_in_browser.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from mostra.core.demo import build_demo
from mostra.core.models import Membership, Role
from mostra.editorial.models import Post, PostStatus
from tests.conftest import client_for

ROOT = Path(__file__).resolve().parents[2] / "mostra"
#: Attributes whose value is an address a browser may follow or submit to.
ADDRESS_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}
#: A <script> that only holds data, which a browser never runs.
DATA_TYPES = {"application/json", "application/ld+json"}


class ScriptFinder(HTMLParser):
    """The places in some markup where a browser would run a script written there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        line = self.getpos()[0]
        if tag == "script" and not (
            named.get("src") or "nonce" in named or named.get("type") in DATA_TYPES
        ):
            self.found.append(f"line {line}: <script> without src")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"line {line}: <{tag} {name}=…>")
            if name in ADDRESS_ATTRIBUTES and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"line {line}: <{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def inline_scripts(markup: str) -> list[str]:
    finder = ScriptFinder()
    finder.feed(markup)
    finder.close()
    return finder.found


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


#: What every page's policy says, apart from form-action.
EXPECTED = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def test_the_finder_sees_what_the_browser_would_run():
    assert inline_scripts('<script src="/static/a.js" defer></script>') == []
    assert inline_scripts('<script type="application/json" id="s">{"a": 1}</script>') == []
    assert inline_scripts("<p>\n<script>alert(1)</script>") == ["line 2: <script> without src"]
    assert inline_scripts('<button type="button" onclick="go()">') == ["line 1: <button onclick=…>"]
    assert inline_scripts('<a href=" JavaScript:go()">') == ["line 1: <a href=' JavaScript:go()'>"]
    assert inline_scripts('<a href="/go" data-on="x" title="onclick=">') == []


def templates() -> list[Path]:
    found = sorted(ROOT.glob("**/templates/**/*.html"))
    assert len(found) > 100  # All of them, not a folder's.
    return found


def test_no_template_writes_a_script_the_page_would_run():
    """Every template's source: no inline script, no on…= handler, no javascript: URL
    (Django's tags are left in: the parser sees an attribute inside {% if %} too)."""
    found = {}
    for path in templates():
        problems = inline_scripts(path.read_text(encoding="utf-8"))
        if problems:
            found[str(path.relative_to(ROOT))] = problems
    assert found == {}


#: In Python source: a <script> tag, a tag with an on…= attribute, a javascript: URL.
SCRIPT_IN_PYTHON = re.compile(r"<script\b|<[a-z][^<>]*\son[a-z]+\s*=|javascript:", re.I)


def test_no_python_code_writes_one_either():
    """Markup built in Python (template tags, SVG charts, format_html) is searched as text."""
    found = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.glob("**/*.py"))
        if SCRIPT_IN_PYTHON.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert SCRIPT_IN_PYTHON.search('format_html(\'<a href="{}" onclick="go()">\', url)')


@pytest.fixture
def demo(owner, teammate, outsider):
    workspace = build_demo(owner)
    Membership.objects.create(workspace=workspace, user=teammate, role=Role.EDITOR)
    return workspace


def representative_pages(workspace) -> dict[str, str]:
    slug = workspace.slug
    draft = Post.objects.filter(workspace=workspace, status=PostStatus.DRAFT).first()
    assert draft is not None
    return {
        "home": reverse("core:home") + "?all=1",
        "overview": reverse("core:workspace", args=[slug]),
        "strategy": reverse("strategy:overview", args=[slug]),
        "calendar": reverse("editorial:calendar", args=[slug]),
        "post edit": reverse("editorial:post", args=[slug, draft.pk]),
        "new post": reverse("editorial:post_new", args=[slug]),
        "accounts": reverse("publishing:accounts", args=[slug]),
        "charter": reverse("charter:edit", args=[slug]),
        "dashboard": reverse("reports:dashboard", args=[slug]),
        "report": reverse("reports:report", args=[slug]),
        "analytics": reverse("analytics:compare", args=[slug]),
        "organisation": reverse("core:organisation", args=[slug]),
        "profile": reverse("core:profile"),
        "API docs": "/api/docs",
    }


@pytest.mark.parametrize("member", ["owner", "teammate"])
def test_every_page_says_the_policy_and_runs_no_inline_script(demo, request, member):
    client = client_for(request.getfixturevalue(member))
    pages = representative_pages(demo)
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        policy = directives(response)
        assert {k: v for k, v in policy.items() if k != "form-action"} == EXPECTED, name
        assert inline_scripts(response.content.decode()) == [], name
        # Only the accounts page's forms lead elsewhere: to the networks' sign-in pages.
        leads_out = ["'self'", "https:"] if name == "accounts" else ["'self'"]
        assert policy["form-action"] == leads_out, name


def test_signed_out_and_refused_pages_say_it_too(client, demo, outsider):
    login = client.get(reverse("core:login"))
    assert login.status_code == 200
    assert directives(login)["script-src"] == ["'self'"]
    assert directives(login)["form-action"] == ["'self'"]
    assert inline_scripts(login.content.decode()) == []
    # Charlie is not a member: the same 404 as for a workspace that does not exist.
    refused = client_for(outsider).get(reverse("strategy:overview", args=[demo.slug]))
    assert refused.status_code == 404
    assert directives(refused)["script-src"] == ["'self'"]
    assert inline_scripts(refused.content.decode()) == []


def test_a_sign_in_form_shown_again_still_leads_out(demo, owner):
    """A refused address brings the accounts page back (400): its forms lead to sign-in
    pages as on the first showing."""
    client = client_for(owner)
    url = reverse("publishing:mastodon_sign_in", args=[demo.slug])
    refused = client.post(url, {"instance_url": "not an address"})
    assert refused.status_code == 400
    assert directives(refused)["form-action"] == ["'self'", "https:"]
