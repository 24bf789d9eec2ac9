"""The SMART check, letter by letter, and the arithmetic behind Achievable."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.strategy.checks import HistoryPoint
from mostra.strategy.checks.growth import history_band, implied_growth, monthly_changes
from mostra.strategy.checks.smart import LETTERS, smart_check, smart_summary
from mostra.strategy.document import Capacity, Checks

from .builders import (
    TODAY,
    change_objective,
    change_platform,
    coherent,
    context,
    monthly_history,
    unchecked,
)

IG = "o-notoriete-ig"
LI = "o-leads-li"


def letter(doc, name, objective=IG, **ctx):
    return smart_check(doc, objective, context(**ctx)).letters[name]


def test_a_complete_objective_passes_every_letter_with_reasons():
    result = smart_check(coherent(), IG, context())
    assert list(result.letters) == list(LETTERS) == ["S", "M", "A", "R", "T"]
    assert result.ok and result.passed == 5
    for value in result.letters.values():
        assert value.ok is True and value.reasons
    assert result.advice == []


def test_summary_covers_every_objective_in_file_order():
    assert list(smart_summary(coherent(), context())) == [IG, LI]


def test_unknown_objective_is_a_key_error():
    with pytest.raises(KeyError):
        smart_check(coherent(), "o-nope", context())


# S


def test_specific_says_which_element_is_missing():
    doc = change_objective(coherent(), description="", alignment="", networks=[], targets=[])
    s = letter(doc, "S")
    assert s.ok is False
    assert len(s.reasons) == 3
    text = " ".join(s.reasons)
    assert "Describe the objective" in text and "network" in text and "targets" in text


def test_specific_accepts_an_alignment_instead_of_a_description():
    doc = change_objective(coherent(), description="")
    assert letter(doc, "S").ok is True


def test_specific_needs_a_title_and_an_axis():
    s = letter(unchecked(coherent(), title="", axis=""), "S")
    assert s.ok is False
    assert {i.code for i in s.issues} == {"objective-no-title", "objective-no-axis"}


# M


def test_measurable_needs_kpi_baseline_and_target():
    m = letter(change_objective(coherent(), kpi=None, baseline=None, target=None), "M")
    assert m.ok is False
    assert [i.code for i in m.issues] == [
        "objective-no-kpi",
        "objective-no-baseline",
        "objective-no-target-value",
    ]


@pytest.mark.parametrize(
    ("kpi", "baseline", "target", "ok"),
    [
        ("followers", 1200, 1500, True),
        ("followers", 1200, 1200, False),
        ("followers", 1200, 900, False),
        ("cost_per_result", 12, 9, True),  # a cost should go down
        ("cost_per_result", 12, 15, False),
        ("repost_ratio", 40, 30, True),  # either way is progress
        ("repost_ratio", 40, 40, False),
    ],
)
def test_measurable_target_moves_in_the_kpis_direction(kpi, baseline, target, ok):
    doc = change_objective(
        coherent(),
        kpi=kpi,
        baseline={"value": baseline, "date": "2026-09-01", "source": "insights"},
        target=target,
    )
    assert letter(doc, "M").ok is ok


def test_an_old_baseline_is_a_warning_not_a_failure():
    doc = change_objective(
        coherent(), baseline={"value": 1200, "date": "2026-06-01", "source": "insights"}
    )
    m = letter(doc, "M")
    assert m.ok is True
    assert any("122 days before the start" in r for r in m.reasons)


def test_baseline_age_counts_to_today_before_the_start():
    doc = change_objective(
        coherent(),
        baseline={"value": 1200, "date": "2026-07-01", "source": "insights"},
        start="2027-01-01",
        deadline="2027-06-30",
    )
    m = letter(doc, "M")
    assert m.ok is True
    assert any("124 days ago" in r for r in m.reasons)


# A


def test_achievable_uses_the_default_band_without_history_and_says_so():
    a = letter(coherent(), "A")
    assert a.ok is True
    (reason,) = a.reasons
    assert "3.3% a month" in reason
    assert "no history" in reason and "default band" in reason and "10.0%" in reason


def test_achievable_fails_above_the_default_band_and_says_no_history_exists():
    a = letter(change_objective(coherent(), target=5000), "A")
    assert a.ok is False
    assert "22.9% a month" in a.reasons[0]
    assert "no history" in a.reasons[0] and "default band was used" in a.reasons[0]


def test_the_default_band_is_a_setting():
    doc = coherent(checks=Checks(default_monthly_growth_max=0.02))
    assert letter(doc, "A").ok is False


def test_achievable_flags_growth_above_the_accounts_own_90th_percentile():
    # The account grew about 1 % a month for nine months; the objective asks 3.3 %.
    history = {
        ("instagram", "followers"): monthly_history(
            dt.date(2025, 9, 1), [1000, 1010, 1018, 1030, 1041, 1049, 1060, 1072, 1080, 1092]
        )
    }
    a = letter(coherent(), "A", history=history)
    assert a.ok is False
    (reason,) = a.reasons
    assert "90th percentile" in reason and "1.2%" in reason and "3.3%" in reason
    assert "9 monthly changes" in reason and "default band" not in reason


def test_achievable_passes_within_the_accounts_history():
    history = {
        ("instagram", "followers"): monthly_history(
            dt.date(2025, 9, 1), [1000, 1040, 1070, 1120, 1150, 1200, 1260, 1290, 1340, 1400]
        )
    }
    a = letter(change_objective(coherent(), target=5000), "A", history=history)
    assert a.ok is False  # 22.9 % is far above
    a = letter(coherent(), "A", history=history)
    assert a.ok is True
    assert "within the account's own history" in a.reasons[0]


def test_history_on_another_network_or_too_short_is_not_used():
    short = {("instagram", "followers"): monthly_history(dt.date(2026, 6, 1), [1000, 1100, 1200])}
    other = {("tiktok", "followers"): monthly_history(dt.date(2025, 9, 1), [1] * 8)}
    for history in (short, other):
        assert "default band was used" in letter(coherent(), "A", history=history).reasons[0]


def test_achievable_cannot_tell_from_a_zero_baseline():
    doc = change_objective(
        coherent(), baseline={"value": 0, "date": "2026-09-01", "source": "new"}, target=50
    )
    a = letter(doc, "A")
    assert a.ok is None
    assert "baseline is 0" in a.reasons[0]


def test_achievable_cannot_tell_without_data_and_says_what_is_missing():
    a = letter(change_objective(coherent(), baseline=None, deadline=None), "A")
    assert a.ok is None
    assert "a baseline" in a.reasons[0] and "a deadline" in a.reasons[0]


def test_achievable_judges_a_fall_for_a_kpi_that_should_go_down():
    doc = change_objective(
        coherent(),
        axis="action",
        kpi="cost_per_result",
        baseline={"value": 12, "date": "2026-09-01", "source": "ads"},
        target=10,
    )
    a = letter(doc, "A")
    assert a.ok is True and "2.6% a month" in a.reasons[0]
    assert letter(change_objective(doc, target=3), "A").ok is False  # -18 % a month


# R


def test_realistic_cannot_check_the_owner_without_the_workspace():
    r = letter(coherent(), "R", members=None)
    assert r.ok is None
    assert any("cannot be checked without the workspace" in x for x in r.reasons)


def test_realistic_needs_an_owner_who_is_a_member():
    assert letter(change_objective(coherent(), owner="zoe@example.org"), "R").ok is False
    assert letter(change_objective(coherent(), owner=None), "R").ok is False


def test_realistic_needs_a_tactic():
    doc = coherent()
    doc = doc.model_copy(update={"tactics": [t for t in doc.tactics if t.id != "k-reels"]})
    r = letter(doc, "R")
    assert r.ok is False and [i.code for i in r.issues] == ["objective-no-tactic"]


def test_realistic_compares_all_tactics_with_the_capacity():
    r = letter(coherent(capacity=Capacity(posts_per_week=4)), "R")
    assert r.ok is False
    assert any("5 posts a week" in x and "capacity of 4" in x for x in r.reasons)


def test_realistic_without_declared_capacity_cannot_tell():
    r = letter(coherent(capacity=Capacity()), "R")
    assert r.ok is None
    assert any("capacity is not declared" in x for x in r.reasons)


# T


def test_time_bound_needs_a_start_and_a_later_deadline():
    assert letter(change_objective(coherent(), start=None), "T").ok is False
    t = letter(change_objective(coherent(), deadline="2026-09-01"), "T")
    assert t.ok is False
    assert "must come after the start" in t.reasons[0]


def test_a_deadline_already_past_is_not_ok():
    t = letter(coherent(), "T", today=dt.date(2027, 4, 1))
    assert t.ok is False and "has passed" in t.reasons[0]


def test_a_far_deadline_is_a_warning():
    t = letter(change_objective(coherent(), deadline="2028-05-01"), "T")
    assert t.ok is True
    assert any("more than 18 months" in x for x in t.reasons)
    assert letter(change_objective(coherent(), deadline="2028-04-01"), "T").reasons == [
        "From 2026-10-01 to 2028-04-01."
    ]


# Advice: axis versus seniority


def test_an_action_objective_on_a_new_account_gets_the_awareness_advice():
    doc = change_platform(coherent(), "linkedin", present_since=dt.date(2026, 7, 1))
    result = smart_check(doc, LI, context())
    (advice,) = result.advice
    assert "less than 6 months" in advice and "first aims at awareness" in advice
    launching = change_platform(coherent(), "linkedin", stage="launching")
    assert smart_check(launching, LI, context()).advice


def test_no_advice_for_an_established_account_or_an_awareness_objective():
    assert smart_check(coherent(), LI, context()).advice == []
    doc = change_platform(coherent(), "instagram", present_since=dt.date(2026, 7, 1))
    assert smart_check(doc, IG, context()).advice == []  # awareness


def test_the_new_account_period_is_a_setting():
    doc = change_platform(coherent(), "linkedin", present_since=dt.date(2026, 7, 1))
    doc = doc.model_copy(update={"checks": Checks(new_account_months=3)})
    assert smart_check(doc, LI, context()).advice == []


# The arithmetic


def test_implied_growth_is_compound_and_monthly():
    growth = implied_growth(1000, 2000, dt.date(2026, 1, 1), dt.date(2027, 1, 1), "up")
    assert not isinstance(growth, str)
    assert growth.months == pytest.approx(12, abs=0.01)
    assert growth.rate == pytest.approx(2 ** (1 / 12) - 1, rel=1e-3)
    down = implied_growth(100, 50, dt.date(2026, 1, 1), dt.date(2027, 1, 1), "down")
    assert not isinstance(down, str) and down.progress == pytest.approx(-down.rate)
    assert implied_growth(0, 10, TODAY, dt.date(2027, 1, 1), "up") == "zero-baseline"
    assert implied_growth(-5, 10, TODAY, dt.date(2027, 1, 1), "up") == "negative"
    assert implied_growth(5, 10, TODAY, TODAY, "up") == "no-time"


def test_monthly_changes_resample_daily_points_to_months():
    daily = [
        HistoryPoint(dt.date(2026, 1, 1) + dt.timedelta(days=i), 100 + i) for i in range(0, 90)
    ]
    changes = monthly_changes(daily)
    assert len(changes) == 2  # the last days of January, February and March
    assert changes[0] == pytest.approx((158 / 130) ** ((365.25 / 12) / 28) - 1)


def test_history_band_needs_three_changes_and_pools_networks():
    points = monthly_history(dt.date(2026, 1, 1), [100, 110, 121, 133.1])
    band = history_band({("instagram", "reach"): points}, ["instagram"], "reach", "up")
    assert band is not None and band.p90 == pytest.approx(0.10, abs=0.01)
    assert history_band({("instagram", "reach"): points[:3]}, ["instagram"], "reach", "up") is None
    both = history_band(
        {("instagram", "reach"): points, ("linkedin", "reach"): points},
        ["instagram", "linkedin"],
        "reach",
        "up",
    )
    assert both is not None and both.networks == ["instagram", "linkedin"]
    assert len(both.changes) == 6
