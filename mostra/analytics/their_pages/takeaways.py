"""The page's takeaways: sentences computed from the figures, in the reader's language.

A sentence is only written from samples of at least :data:`~.figures.MIN_POSTS` posts
with known engagement (per format when it compares formats); an account below it gets
"not enough posts" with its count instead of a conclusion.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from mostra.analytics.their_pages.figures import MIN_POSTS, Column, TheirPages, ratio
from mostra.core import charts

#: The formats as a sentence's subject ("The videos of X get…"; « Les vidéos de X… »).
SUBJECTS = {
    "text": pgettext_lazy("formats in a sentence", "text posts"),
    "image": pgettext_lazy("formats in a sentence", "image posts"),
    "video": pgettext_lazy("formats in a sentence", "videos"),
    "link": pgettext_lazy("formats in a sentence", "link posts"),
    "poll": pgettext_lazy("formats in a sentence", "polls"),
}


def times(value: float) -> str:
    """A ratio as "2.4×" ("2,4×" in French)."""
    return _("%(value)s×") % {"value": charts.number(value, 1)}


def takeaways(pages: TheirPages) -> list[str]:
    """The sentences, competitors first, each against our comparable account."""
    ours = [c for c in pages.ours() if c.enough]
    sentences: list[str] = []
    for column in [*pages.theirs(), *pages.ours()]:
        if not column.enough:
            sentences.append(_not_enough(column))
            continue
        ours_column = _comparable(column, ours) if column.account.is_competitor else None
        sentence = _best_format(column, ours_column)
        if sentence:
            sentences.append(sentence)
        if ours_column is not None:
            sentence = _per_follower(column, ours_column)
            if sentence:
                sentences.append(sentence)
    return sentences


def _not_enough(column: Column) -> str:
    return ngettext(
        "%(account)s: not enough posts to conclude (%(n)s post with known engagement in "
        "the period; at least %(min)s are needed).",
        "%(account)s: not enough posts to conclude (%(n)s posts with known engagement in "
        "the period; at least %(min)s are needed).",
        column.measured,
    ) % {"account": column.account.handle, "n": column.measured, "min": MIN_POSTS}


def _comparable(column: Column, ours: list[Column]) -> Column | None:
    """Our account on the same network, else ours with the most measured posts."""
    same = [c for c in ours if c.account.network == column.account.network]
    found = same or ours
    return max(found, key=lambda c: c.measured) if found else None


def _best_format(column: Column, ours: Column | None) -> str:
    best = column.best_format
    if best is None:
        return ""
    values = {"account": column.account.handle, "min": MIN_POSTS}
    if best == "text":
        return (
            _(
                "Text posts are %(account)s's best format (among the formats with at least "
                "%(min)s posts with known engagement)."
            )
            % values
        )
    found = ratio(column, best)
    if found is None:
        return ""
    values |= {"formats": SUBJECTS[best], "ratio": times(found)}
    sentence = _(
        "The %(formats)s of %(account)s get %(ratio)s the median engagement of its text posts"
    )
    if ours is None:
        return sentence % values + "."
    mine = ratio(ours, best)
    if mine is None:
        tail = pgettext(
            "after a ratio of formats",
            "; we have too few of them and of text posts to compare (at least %(min)s of each).",
        )
    else:
        tail = pgettext("after a ratio of formats", "; ours (%(ours)s): %(mine)s.")
        values |= {"ours": ours.account.handle, "mine": times(mine)}
    return sentence % values + tail % values


def _per_follower(column: Column, ours: Column) -> str:
    if not (column.ranked_by_followers and ours.ranked_by_followers):
        return ""
    if column.median is None or ours.median is None:
        return ""
    theirs = column.median * 1000 / (column.followers or 1)
    mine = ours.median * 1000 / (ours.followers or 1)
    return _(
        "A median post of %(account)s gets %(theirs)s engagements per 1,000 followers; "
        "ours (%(ours)s): %(mine)s."
    ) % {
        "account": column.account.handle,
        "theirs": charts.number(theirs, 1),
        "ours": ours.account.handle,
        "mine": charts.number(mine, 1),
    }
