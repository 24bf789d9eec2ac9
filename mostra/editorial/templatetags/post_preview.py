"""``{% variant_preview variant as preview %}``: how a variant will look on its network
(:func:`mostra.editorial.services.preview.preview_of`, no query beyond the prefetched
``media``)."""

from __future__ import annotations

from typing import Any

from django import template

from mostra.editorial.services.preview import Preview, preview_of

register = template.Library()


@register.simple_tag
def variant_preview(variant: Any) -> Preview:
    return preview_of(variant)
