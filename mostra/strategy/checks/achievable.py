"""The Achievable letter: the implied monthly growth against the account's history or
the default band (the arithmetic is in :mod:`mostra.strategy.checks.growth`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mostra.strategy.checks import CheckContext
from mostra.strategy.checks import text as t
from mostra.strategy.checks.growth import history_band, implied_growth
from mostra.strategy.checks.letters import Letter, LetterBuilder
from mostra.strategy.document import Objective, StrategyDocument


def achievable_letter(doc: StrategyDocument, o: Objective, ctx: CheckContext) -> Letter:
    """Steps:
    1. Without a KPI, a baseline, a target or a deadline: cannot tell (say which).
    2. The implied compound monthly growth from the baseline date to the deadline
       (:func:`~mostra.strategy.checks.growth.implied_growth`); baseline 0, negative
       values or no time: cannot tell, with the reason.
    3. With the account's own history for (network, KPI) on a network of the objective
       (at least 3 monthly changes): fail above its 90th percentile, with the figures.
    4. Otherwise compare with the strategy's default band and say that it was used
       because no history exists.
    """
    b = LetterBuilder()
    kpi = doc.kpi(o.kpi)
    missing = [
        label
        for label, value in (
            (_("a KPI"), kpi),
            (_("a baseline"), o.baseline),
            (_("a target value"), o.target),
            (_("a deadline"), o.deadline),
        )
        if value is None
    ]
    if missing or kpi is None or o.baseline is None or o.target is None or o.deadline is None:
        b.cannot(
            _("The implied growth cannot be computed without %(missing)s.")
            % {"missing": ", ".join(str(m) for m in missing)}
        )
        return b.letter("")
    growth = implied_growth(o.baseline.value, o.target, o.baseline.date, o.deadline, kpi.direction)
    if isinstance(growth, str):
        b.cannot(
            {
                "no-time": _("The deadline is not after the baseline's date: no growth to judge."),
                "zero-baseline": _(
                    "The baseline is 0: a growth rate cannot be computed from zero. Judge the "
                    "target against comparable accounts, or start from a first measured value."
                ),
                "negative": _("Negative values: a growth rate cannot be computed; judge by hand."),
            }[growth]
        )
        return b.letter("")
    if growth.progress <= 0 and growth.rate != 0:
        b.cannot(_("The target does not move in the KPI's direction (see Measurable)."))
        return b.letter("")
    asked = _("%(rate)s a month for %(months)s months (%(baseline)s → %(target)s)") % {
        "rate": t.pct(growth.progress),
        "months": t.num(growth.months, 1),
        "baseline": t.measure(o.baseline.value, o.kpi, {k.id: k.unit for k in doc.kpis}),
        "target": t.measure(o.target, o.kpi, {k.id: k.unit for k in doc.kpis}),
    }
    band = history_band(ctx.history, o.networks, kpi.code, kpi.direction)
    if band is not None:
        figures = {
            "asked": asked,
            "networks": t.networks(band.networks),
            "p90": t.pct(band.p90),
            "median": t.pct(band.median),
            "count": len(band.changes),
            "first": t.day(band.first),
            "last": t.day(band.last),
        }
        if growth.progress > band.p90:
            b.fail(
                _(
                    "This asks for %(asked)s, above the 90th percentile of the account's own "
                    "monthly growth on %(networks)s: %(p90)s (median %(median)s, "
                    "%(count)s monthly changes from %(first)s to %(last)s). Lower the target "
                    "or move the deadline."
                )
                % figures,
                "objective-growth-above-history",
                "warning",
            )
        else:
            b.note(
                _(
                    "This asks for %(asked)s, within the account's own history on "
                    "%(networks)s: 90th percentile %(p90)s (median %(median)s, %(count)s "
                    "monthly changes from %(first)s to %(last)s)."
                )
                % figures
            )
        return b.letter("")
    figures = {
        "asked": asked,
        "limit": t.pct(doc.checks.default_monthly_growth_max),
        "kpi": kpi.label,
        "networks": t.networks(o.networks) or "-",
    }
    if growth.progress > doc.checks.default_monthly_growth_max:
        b.fail(
            _(
                "This asks for %(asked)s, above the default band of %(limit)s a month. There "
                "is no history of %(kpi)s on %(networks)s for this account, so the default "
                "band was used. Lower the target, move the deadline, or change the band in "
                "the strategy's settings if you know better."
            )
            % figures,
            "objective-growth-above-default",
            "warning",
        )
    else:
        b.note(
            _(
                "This asks for %(asked)s, within the default band of %(limit)s a month. There "
                "is no history of %(kpi)s on %(networks)s for this account, so the default "
                "band was used."
            )
            % figures
        )
    return b.letter("")
