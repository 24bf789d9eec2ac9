"""The readiness gate: no first post on a network before the strategy answers for it.

"All these questions must have answers before the first post": scheduling a post is
refused while, for a network on which the workspace has never scheduled nor published
anything, the strategy's readiness check
(:func:`mostra.strategy.checks.context.readiness_for_workspace`) has errors.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.core.errors import DomainError
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.strategy.catalogue import network_label
from mostra.strategy.checks.readiness import Readiness

#: Statuses that mean "the workspace already posts on this network".
POSTED = (PostStatus.SCHEDULED, PostStatus.PUBLISHING, PostStatus.PUBLISHED)
#: How many questions the refusal lists per network (the strategy page shows them all).
SHOWN = 5


class NotReady(DomainError):
    """Scheduling refused: the strategy does not answer every question for a network.

    ``message`` names the strategy page by its absolute address (the CLI, the API);
    ``html`` is the same message with a link instead (the pages); ``url`` is the page's
    path.
    """

    def __init__(self, message: str, missing: list[Readiness], url: str, html: str = "") -> None:
        super().__init__(message, field="scheduled_at")
        self.missing = missing
        self.url = url
        self.html = html


def first_networks(post: Post) -> list[str]:
    """The post's networks on which no other post of the workspace is scheduled or out
    (replies to conversations aside)."""
    networks = list(post.variants.values_list("network", flat=True))
    used = set(
        PostVariant.objects.filter(
            post__workspace_id=post.workspace_id,
            post__status__in=POSTED,
            post__is_reply=False,
            network__in=networks,
        )
        .exclude(post_id=post.pk)
        .values_list("network", flat=True)
    )
    return [n for n in networks if n not in used]


def unready(post: Post) -> list[Readiness]:
    """Readiness of each first network of the post that is not ready (empty: go ahead).
    A reply to a conversation is never held."""
    from mostra.strategy.checks.context import readiness_for_workspace

    if post.is_reply:
        return []
    results = [readiness_for_workspace(post.workspace, n) for n in first_networks(post)]
    return [r for r in results if not r.ready]


def strategy_url(post: Post) -> str:
    return reverse("strategy:overview", args=[post.workspace.slug])


def absolute(path: str) -> str:
    """``path`` on the public address (MOSTRA_BASE_URL), for messages read outside a page."""
    return settings.CONFIG.base_url.rstrip("/") + path


def strategy_link(url: str, *, html: bool) -> str:
    """The strategy page named in a message: a link in a page, its address elsewhere."""
    url += "#readiness-title"
    if html:
        return format_html('<a href="{}">{}</a>', url, _("the strategy page"))
    return _("the strategy page (%(url)s)") % {"url": absolute(url)}


def refusal(missing: list[Readiness], url: str, *, html: bool = False) -> str:
    """The message: per network, the first questions to answer, and where (a link when
    ``html``, escaped and safe; the absolute address otherwise)."""
    parts = []
    for result in missing:
        errors = [f.message for f in result.missing if f.severity == "error"]
        shown = "; ".join(errors[:SHOWN])
        more = len(errors) - SHOWN
        if more > 0:
            shown += " " + ngettext("(and %(n)d more)", "(and %(n)d more)", more) % {"n": more}
        parts.append(
            _("%(network)s: %(questions)s")
            % {"network": network_label(result.network), "questions": shown}
        )
    template = _(
        "This would be the first post on %(networks)s, and the strategy does not answer "
        "every question for it yet. Answer these first on %(link)s: %(details)s"
    )
    values = {
        "networks": ", ".join(network_label(r.network) for r in missing),
        "link": strategy_link(url, html=html),
        "details": " — ".join(parts),
    }
    if html:
        escaped = {k: conditional_escape(v) for k, v in values.items()}
        return SafeString(conditional_escape(template) % escaped)
    return template % values


def check_ready(post: Post) -> None:
    """Raise :class:`NotReady` when a first network of the post is not ready."""
    missing = unready(post)
    if missing:
        url = strategy_url(post)
        raise NotReady(refusal(missing, url), missing, url, html=refusal(missing, url, html=True))
