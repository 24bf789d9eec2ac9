"""The lint: every rule with a failing case and a passing case, sorting, the codes' table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from mostra.strategy.checks import CheckContext, Finding, KpiSources
from mostra.strategy.checks.lint import RULES, has_errors, lint, sort_findings
from mostra.strategy.checks.smart import smart_summary
from mostra.strategy.document import Capacity, StrategyDocument, Target

from .builders import (
    change_objective,
    change_platform,
    change_tactic,
    change_target,
    coherent,
    context,
    monthly_history,
    platform,
    strategy,
    tactic,
    unchecked,
)

Case = tuple[Callable[[StrategyDocument], StrategyDocument], dict[str, Any], str | None]


def add(doc: StrategyDocument, section: str, item: Any) -> StrategyDocument:
    return doc.model_copy(update={section: [*getattr(doc, section), item]})


def drop(doc: StrategyDocument, section: str, id: str) -> StrategyDocument:
    return doc.model_copy(update={section: [x for x in getattr(doc, section) if x.id != id]})


SLOW_HISTORY = {
    ("instagram", "followers"): monthly_history(
        dt.date(2025, 9, 1), [1000, 1010, 1018, 1030, 1041, 1049, 1060, 1072, 1080, 1092]
    )
}

#: Instagram is tracked (followers are computed there), no value of leads is recorded.
INSTAGRAM_ONLY = KpiSources(
    computed=frozenset({"followers"}),
    tracked_networks=frozenset({"instagram"}),
    recorded=frozenset(),
)

#: code -> (how to break the coherent strategy, context changes, expected ref)
FAILING: dict[str, Case] = {
    "objective-no-title": (lambda d: unchecked(d, title=" "), {}, "o-notoriete-ig"),
    "objective-no-description": (
        lambda d: change_objective(d, description="", alignment=""),
        {},
        "o-notoriete-ig",
    ),
    "objective-no-axis": (lambda d: unchecked(d, axis=""), {}, "o-notoriete-ig"),
    "objective-no-network": (lambda d: change_objective(d, networks=[]), {}, "o-notoriete-ig"),
    "objective-serves-no-target": (
        lambda d: change_objective(d, targets=[]),
        {},
        "o-notoriete-ig",
    ),
    "objective-no-kpi": (lambda d: change_objective(d, kpi=None), {}, "o-notoriete-ig"),
    "objective-no-baseline": (lambda d: change_objective(d, baseline=None), {}, "o-notoriete-ig"),
    "objective-no-target-value": (lambda d: change_objective(d, target=None), {}, "o-notoriete-ig"),
    "objective-wrong-direction": (lambda d: change_objective(d, target=1000), {}, "o-notoriete-ig"),
    "objective-baseline-old": (
        lambda d: change_objective(
            d, baseline={"value": 1200, "date": "2026-05-01", "source": "x"}
        ),
        {},
        "o-notoriete-ig",
    ),
    "objective-baseline-no-source": (
        lambda d: change_objective(d, baseline={"value": 1200, "date": "2026-09-01"}),
        {},
        "o-notoriete-ig",
    ),
    "objective-kpi-axis": (lambda d: change_objective(d, kpi="leads"), {}, "o-notoriete-ig"),
    "objective-kpi-not-fed": (lambda d: d, {"sources": INSTAGRAM_ONLY}, "o-leads-li"),
    "objective-growth-above-history": (lambda d: d, {"history": SLOW_HISTORY}, "o-notoriete-ig"),
    "objective-growth-above-default": (
        lambda d: change_objective(d, target=5000),
        {},
        "o-notoriete-ig",
    ),
    "objective-no-owner": (lambda d: change_objective(d, owner=None), {}, "o-notoriete-ig"),
    "objective-owner-not-member": (
        lambda d: change_objective(d, owner="zoe@example.org"),
        {},
        "o-notoriete-ig",
    ),
    "objective-no-strategy": (lambda d: drop(d, "strategies", "s-ig"), {}, "o-notoriete-ig"),
    "objective-no-tactic": (lambda d: drop(d, "tactics", "k-reels"), {}, "o-notoriete-ig"),
    "objective-no-start": (lambda d: change_objective(d, start=None), {}, "o-notoriete-ig"),
    "objective-no-deadline": (lambda d: change_objective(d, deadline=None), {}, "o-notoriete-ig"),
    "objective-deadline-before-start": (
        lambda d: change_objective(d, deadline="2026-09-30"),
        {},
        "o-notoriete-ig",
    ),
    "objective-deadline-past": (
        lambda d: change_objective(d, deadline="2026-10-31", target=1250),
        {},
        "o-notoriete-ig",
    ),
    "objective-deadline-far": (
        lambda d: change_objective(d, deadline="2028-06-30", target=1300),
        {},
        "o-notoriete-ig",
    ),
    "objective-action-new-account": (
        lambda d: change_platform(d, "linkedin", stage="launching"),
        {},
        "o-leads-li",
    ),
    "objective-network-not-in-platforms": (
        lambda d: change_objective(d, networks=["instagram", "tiktok"]),
        {},
        "o-notoriete-ig",
    ),
    "objective-network-abandoned": (
        lambda d: change_platform(d, "instagram", stage="abandoned"),
        {},
        "o-notoriete-ig",
    ),
    "target-priority-no-platform": (
        lambda d: change_target(d, behaviour={}, inactive=["instagram"]),
        {},
        "t-artisans",
    ),
    "target-priority-no-tactic": (
        lambda d: change_tactic(
            change_tactic(
                add(d, "targets", Target(id="t-other", name="Other")), targets=["t-other"]
            ),
            "k-posts",
            targets=["t-other"],
        ),
        {},
        "t-artisans",
    ),
    "strategy-no-tactic": (lambda d: add(d, "strategies", strategy("s-extra")), {}, "s-extra"),
    "tactic-no-objective": (
        lambda d: add(d, "tactics", tactic("k-lost", "s-missing")),
        {},
        "k-lost",
    ),
    "tactic-network-not-in-platforms": (
        lambda d: change_tactic(d, networks=["instagram", "pinterest"]),
        {},
        "k-reels",
    ),
    "tactic-low-affinity": (
        lambda d: change_target(d, behaviour={"instagram": ["shares"]}),
        {},
        "k-posts",
    ),
    "platform-no-tactic": (lambda d: add(d, "platforms", platform("facebook")), {}, "facebook"),
    "capacity-exceeded": (
        lambda d: d.model_copy(update={"capacity": Capacity(posts_per_week=4)}),
        {},
        None,
    ),
    "capacity-not-declared": (
        lambda d: d.model_copy(update={"capacity": Capacity()}),
        {},
        None,
    ),
    "strategy-no-accountable": (lambda d: d, {"strategy_accountable": False}, None),
}


def run(doc: StrategyDocument, ctx: CheckContext | None = None) -> list[Finding]:
    return lint(doc, ctx or context())


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def test_every_rule_has_a_failing_case_and_every_case_a_rule():
    assert set(FAILING) == set(RULES)


@pytest.mark.parametrize("code", sorted(FAILING))
def test_rule_fails(code):
    breaks, ctx_changes, ref = FAILING[code]
    findings = run(breaks(coherent()), context(**ctx_changes))
    matching = [f for f in findings if f.code == code]
    assert matching, [f.as_dict() for f in findings]
    assert {f.ref for f in matching} == {ref}
    assert all(f.severity == RULES[code][0] for f in matching)
    assert all(f.message for f in matching)


def test_the_coherent_strategy_passes_every_rule():
    assert run(coherent()) == []


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_passes_on_the_coherent_strategy(code):
    assert code not in codes(run(coherent()))


# Passing cases close to the failing ones.


def test_owner_is_found_whatever_the_case_of_the_address():
    doc = change_objective(coherent(), owner="Alice@Example.org")
    assert "objective-owner-not-member" not in codes(run(doc))


def test_capacity_exactly_used_passes():
    doc = coherent(capacity=Capacity(posts_per_week=5))
    assert "capacity-exceeded" not in codes(run(doc))


def test_unknown_accountable_is_skipped_for_a_file_alone():
    ctx = context(strategy_accountable=None, members=None)
    found = codes(run(coherent(), ctx))
    assert "strategy-no-accountable" not in found
    assert "objective-owner-not-member" not in found


def test_a_priority_target_covered_by_notes_alone_passes():
    # LinkedIn's survey figure for France is low (25.3); the notes say the artisans are there.
    doc = change_target(coherent(), inactive=["instagram"], behaviour={"linkedin": ["opinions"]})
    assert "target-priority-no-platform" not in codes(run(doc))


def test_a_candidate_platform_needs_no_tactic():
    doc = add(coherent(), "platforms", platform("facebook", stage="candidate"))
    assert "platform-no-tactic" not in codes(run(doc))


def test_a_tactic_without_targets_serves_its_objectives_targets():
    doc = change_tactic(change_tactic(coherent(), targets=[]), "k-posts", targets=[])
    assert "target-priority-no-tactic" not in codes(run(doc))


def test_a_baseline_within_90_days_of_the_start_is_not_old():
    baseline = {"value": 1200, "date": "2026-07-10", "source": "insights"}  # 83 days
    assert "objective-baseline-old" not in codes(
        run(change_objective(coherent(), baseline=baseline))
    )


def test_growth_within_the_accounts_history_passes():
    history = {
        ("instagram", "followers"): monthly_history(
            dt.date(2025, 9, 1), [1000, 1040, 1070, 1120, 1150, 1200, 1260, 1290, 1340, 1400]
        )
    }
    assert "objective-growth-above-history" not in codes(run(coherent(), context(history=history)))


# Messages, order and shape.


def test_missing_fields_are_separate_findings_that_say_what_to_do():
    doc = change_objective(coherent(), kpi=None, baseline=None, target=None, deadline=None)
    found = {f.code: f for f in run(doc) if f.ref == "o-notoriete-ig"}
    for code in (
        "objective-no-kpi",
        "objective-no-baseline",
        "objective-no-target-value",
        "objective-no-deadline",
    ):
        assert found[code].severity == "error"
    assert "baseline" in found["objective-no-baseline"].message
    assert found["objective-no-deadline"].message.startswith("Set a deadline")


def test_wrong_direction_names_the_values():
    doc = change_objective(coherent(), target=1000)
    (finding,) = [f for f in run(doc) if f.code == "objective-wrong-direction"]
    assert "1,000" in finding.message and "1,200" in finding.message


def test_down_kpi_target_must_be_below_the_baseline():
    up = change_objective(
        coherent(),
        axis="action",
        kpi="cost_per_result",
        target=14,
        baseline={"value": 12, "date": "2026-09-01", "source": "ads"},
    )
    assert "objective-wrong-direction" in codes(run(up))
    down = change_objective(up, target=11)
    assert "objective-wrong-direction" not in codes(run(down))


def test_findings_are_sorted_by_severity_then_code_then_ref():
    doc = change_objective(coherent(), owner=None, baseline=None, description="", alignment="")
    doc = add(doc, "platforms", platform("facebook"))
    doc = doc.model_copy(update={"capacity": Capacity()})
    findings = run(doc)
    order = {"error": 0, "warning": 1, "info": 2}
    keys = [(order[f.severity], f.code, f.ref or "") for f in findings]
    assert keys == sorted(keys)
    assert [f.severity for f in findings][0] == "error"
    assert findings[-1].severity == "info"
    assert sort_findings(list(reversed(findings))) == findings
    assert has_errors(findings)


def test_findings_serialise_for_the_command_line():
    (finding,) = [f for f in run(coherent(capacity=Capacity(posts_per_week=1)))]
    assert finding.as_dict() == {
        "code": "capacity-exceeded",
        "severity": "warning",
        "message": finding.message,
        "ref": None,
    }


def test_smart_issue_codes_are_all_documented_rules_with_the_same_severity():
    doc = change_objective(
        coherent(),
        description="",
        alignment="",
        networks=[],
        targets=[],
        kpi="leads",
        baseline={"value": 0, "date": "2025-01-01"},
        target=None,
        owner="zoe@example.org",
        start=None,
        deadline="2026-01-01",
    )
    for result in smart_summary(doc, context()).values():
        for issue in result.issues():
            assert issue.code in RULES
            assert issue.severity == RULES[issue.code][0]


def test_each_low_affinity_pair_is_reported_once_per_tactic_target_and_network():
    doc = change_target(coherent(), behaviour={"instagram": ["shares"]})
    low = [f for f in run(doc) if f.code == "tactic-low-affinity"]
    assert len(low) == 1
    assert "LinkedIn" in low[0].message and "25.3" in low[0].message


def test_rules_have_descriptions_for_the_docs():
    for code, (severity, description) in RULES.items():
        assert code == code.lower() and " " not in code
        assert severity in {"error", "warning", "info"}
        assert str(description)


def test_lint_works_without_a_database_context():
    findings = lint(coherent(), CheckContext(today=dt.date(2026, 11, 2)))
    assert {f.code for f in findings} == set()
