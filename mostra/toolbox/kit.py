"""The website kit: follow links and buttons for the workspace's accounts, as plain
HTML and CSS to copy (no third-party script, no tracking, no image from elsewhere: a
letter mark in the network's colour), and the snippet that embeds the latest posts."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from mostra.publishing.models import SocialAccount
from mostra.publishing.services.profiles import profile_url
from mostra.strategy import networks


@dataclass(frozen=True)
class Follow:
    network: str
    label: str
    handle: str
    url: str
    colour: str
    mark: str


def follows(workspace_id: int) -> list[Follow]:
    accounts = SocialAccount.objects.filter(workspace_id=workspace_id).order_by("network", "handle")
    out = []
    for account in accounts:
        url = profile_url(account)
        if url:
            out.append(
                Follow(
                    account.network,
                    networks.label(account.network),
                    account.handle,
                    url,
                    networks.colour(account.network),
                    networks.mark(account.network),
                )
            )
    return out


BUTTON_CSS = (
    ".mostra-follow{display:flex;flex-wrap:wrap;gap:.5em;list-style:none;padding:0;margin:0}"
    ".mostra-follow a{display:inline-flex;align-items:center;gap:.4em;padding:.4em .8em;"
    "border-radius:999px;color:#fff;text-decoration:none;font:600 14px/1.2 system-ui,sans-serif}"
    ".mostra-follow a:focus-visible{outline:3px solid #000;outline-offset:2px}"
    ".mostra-follow b{display:inline-block;min-width:1.2em;text-align:center}"
)


def links_html(items: list[Follow]) -> SafeString:
    """Plain text links, one per account."""
    lines = [
        format_html(
            '  <li><a href="{}" rel="me noopener">{} ({})</a></li>', f.url, f.label, f.handle
        )
        for f in items
    ]
    return SafeString("<ul>\n" + "\n".join(lines) + "\n</ul>")


def buttons_html(items: list[Follow]) -> SafeString:
    """Buttons in each network's colour, with their own CSS (no script, no image)."""
    lines = [
        format_html(
            '  <li><a href="{}" rel="me noopener" style="background:{}">'
            '<b aria-hidden="true">{}</b> {}</a></li>',
            f.url,
            f.colour,
            f.mark,
            _("Follow us on %(network)s") % {"network": f.label},
        )
        for f in items
    ]
    return SafeString(
        f"<style>{BUTTON_CSS}</style>\n"
        + '<ul class="mostra-follow">\n'
        + "\n".join(lines)
        + "\n</ul>"
    )


def embed_html(url: str, title: str) -> SafeString:
    return format_html(
        '<iframe src="{}" title="{}" loading="lazy" '
        'style="width:100%;max-width:40em;height:30em;border:0"></iframe>',
        url,
        title,
    )
