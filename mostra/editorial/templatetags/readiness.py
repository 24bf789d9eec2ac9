"""The composer's readiness: ``{% load readiness %}{% composer_readiness %}``.

For every network the post may use, a line that the composer's script
(``mostra/post-readiness.js``) shows and fills from ``strategy:readiness``
(``?fragment=status``) when the network is chosen, and for the networks chosen when the
page opens: what is missing (linked), the answers "not known yet", the override. The
page itself does not read the strategy (no query here): the composer costs the same
whatever the networks. Without JavaScript, each chosen network's line is a link to its
readiness page, and back.
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("editorial/posts/_readiness.html", takes_context=True)
def composer_readiness(context: template.Context) -> dict[str, Any]:
    field = context["form"]["networks"]
    chosen = {str(n) for n in field.value() or []}
    return {
        "slots": [(str(code), label, str(code) in chosen) for code, label in field.field.choices],
        "workspace": context["workspace"],
        "next": context["request"].get_full_path(),
    }
