"""``{% comment_html body people %}``: a comment as HTML, escaped, its mentions of
members highlighted (:func:`mostra.editorial.mentions.render`; ``people`` is
:func:`mostra.editorial.mentions.people`, read once per page)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from mostra.editorial import mentions

register = template.Library()


@register.simple_tag
def comment_html(body: str, people: list[mentions.Person] | None) -> SafeString:
    return mentions.render(people or [], body or "")
