"""Engagement: the one definition the KPI catalogue, the dashboard, best time to post
and the report all read.

A post's **engagements** are its likes + replies + reposts, plus its quotes and saves
when the source gives them. They are *known* only when its likes, replies and reposts
are all known (:data:`REQUIRED`); otherwise the post's engagement is unknown — left out,
never counted as 0 (an X or Mastodon archive gives no replies counts: connect the
account to have them).

The definition is written once, as data (:data:`REQUIRED`, :data:`OPTIONAL`), and read
two ways that cannot disagree: :func:`engagements` over a post's counts in Python, and
:data:`ENGAGED` / :data:`ENGAGEMENTS` (a filter and an ORM expression) where a page
computes in SQL. :data:`DESCRIPTION` says it in words.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import reduce
from operator import add
from typing import Any

from django.db.models import BigIntegerField, F, Q, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

#: The counts a post's engagement needs: without any of them it is unknown.
REQUIRED: tuple[str, ...] = ("likes", "replies", "reposts")
#: The counts added when the source gives them (a missing one adds nothing).
OPTIONAL: tuple[str, ...] = ("quotes", "saves")
#: Every count an engagement reads.
COUNTED: tuple[str, ...] = (*REQUIRED, *OPTIONAL)

DESCRIPTION = _("likes + replies + reposts + quotes (+ saves when the source gives them)")


def engagements(counts: Mapping[str, Any] | Any) -> int | None:
    """A post's engagements from its counts (a mapping, or an object with the counts as
    attributes: an :class:`AccountPost`, a snapshot); None when one of :data:`REQUIRED`
    is unknown."""
    read = counts.get if isinstance(counts, Mapping) else lambda name: getattr(counts, name, None)
    required = [read(name) for name in REQUIRED]
    if any(value is None for value in required):
        return None
    return sum(required) + sum(read(name) or 0 for name in OPTIONAL)


def engaged(prefix: str = "") -> Q:
    """The filter of the posts whose engagement is known (``prefix``: a relation's path
    with its ``__``, for a query from another model)."""
    return Q(**{f"{prefix}{name}__isnull": False for name in REQUIRED})


def engagement_expression(prefix: str = "", *, fields: Collection[str] | None = None) -> Combinable:
    """A post's engagements as an ORM expression: the sum of :data:`REQUIRED` (NULL when
    one is unknown, so pair it with :func:`engaged`) and of :data:`OPTIONAL`, a missing
    one as 0. ``fields``: the model's count fields, when it lacks some of
    :data:`OPTIONAL` (a programme's tracked post has no saves)."""
    terms: list[Combinable] = [F(f"{prefix}{name}") for name in REQUIRED]
    terms += [
        Coalesce(F(f"{prefix}{name}"), Value(0), output_field=BigIntegerField())
        for name in OPTIONAL
        if fields is None or name in fields
    ]
    return reduce(add, terms)


#: Likes, replies and reposts all known: the post's engagements can be counted.
ENGAGED = engaged()
#: A post's engagements, in SQL (NULL when :data:`ENGAGED` does not hold).
ENGAGEMENTS = engagement_expression()
