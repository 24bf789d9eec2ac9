"""Template tags of the publishing pages.

``{% load publishing %}`` then:

* ``{% health_words health %}``: an account's health in a sentence, with its date in
  the current time zone ("Connected; last success on 3 June 2026 at 10:05");
* ``{% reconnect_action account workspace oauth_buttons %}``: the Reconnect button
  that fits the account's network (its form prefilled, or the OAuth flow);
* ``{{ attempt.outcome|attempt_outcome }}``: an attempt's outcome in words;
* ``{% post_publications post %}``: the post's publications panel (its state per
  variant, the attempts log and the latest metrics), as on the post's page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mostra.publishing.services.health import Health
from mostra.strategy import networks

register = template.Library()


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return _("%(date)s at %(time)s") % {
        "date": formats.date_format(local, "j F Y"),
        "time": formats.time_format(local, "H:i"),
    }


@register.simple_tag
def health_words(health: Health) -> str:
    """The account's health as a sentence (auto-escaped: the detail is the network's)."""
    when = _when(health.when)
    if health.kind == "connected":
        if not when:
            return _("Connected; nothing published or read yet.")
        return _("Connected; last success on %(when)s.") % {"when": when}
    if health.kind == "expiring":
        return _(
            "The network's permission expires on %(when)s: reconnect the account before then."
        ) % {"when": when}
    if health.kind == "needs_reconnect":
        return _("Needs reconnecting: %(reason)s") % {"reason": health.detail}
    if health.kind == "by_hand":
        return _(
            "No connection: at each post's time, its responsible person is told to publish it."
        )
    if health.kind == "error":
        return _("Last error on %(when)s: %(reason)s") % {"when": when, "reason": health.detail}
    return _("Disconnected: nothing is published to it. Connect it again to use it.")


@register.simple_tag(takes_context=True)
def reconnect_action(context: Any, account: Any, workspace: Any, oauth_buttons: Any) -> SafeString:
    """A link to the account's prefilled form, or the network's OAuth button."""
    slug = workspace.slug
    if account.network in networks.where(connect="form"):
        url = reverse("publishing:accounts", args=[slug])
        return format_html(
            '<a class="btn" href="{}?reconnect={}#connect-{}">{}</a>',
            url,
            account.pk,
            account.network,
            _("Reconnect"),
        )
    available = {b.network for b in oauth_buttons or () if b.available}
    if account.network in available:
        request = context.get("request")
        return format_html(
            '<form class="inline-form" method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit">{}</button></form>',
            reverse("publishing:account_oauth", args=[slug, account.network]),
            get_token(request) if request is not None else "",
            _("Reconnect"),
        )
    return format_html(
        '<span class="muted small">{}</span>',
        _("To reconnect it, an administrator must first enter the network's client id."),
    )


@register.simple_tag(takes_context=True)
def post_publications(context: Any, post: Any) -> SafeString:
    """The post's publications panel (see :mod:`mostra.publishing.views.publication`)."""
    from mostra.publishing.views.publication import panel_context

    request = context.get("request")
    membership = getattr(request, "membership", None) if request is not None else None
    html = render_to_string(
        "publishing/partials/publications_panel.html",
        panel_context(post, membership),
        request=request,
    )
    return SafeString(html)


@register.filter
def attempt_outcome(code: str) -> str:
    """An attempt's outcome (a state or an error code) in words; unknown codes as is."""
    words = {
        "published": pgettext("attempt outcome", "published"),
        "failed": pgettext("attempt outcome", "failed"),
        "unknown": pgettext("attempt outcome", "outcome unknown"),
        "rate_limited": pgettext("attempt outcome", "too many requests: waiting"),
        "unknown_outcome": pgettext("attempt outcome", "no answer after sending"),
        "interrupted": pgettext("attempt outcome", "interrupted (the worker stopped)"),
        "transient": pgettext("attempt outcome", "temporary error"),
        "credentials_rejected": pgettext("attempt outcome", "credentials refused"),
        "refused": pgettext("attempt outcome", "refused by the network"),
        "manual_due": pgettext("attempt outcome", "due: the responsible person was told"),
    }
    return words.get(code, code) if code else "…"
