"""Affinity: real figures with their sources, no invented cells, own evidence first,
and the recommendation that makes real choices."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mostra.strategy import catalogue
from mostra.strategy.checks import affinity as affinity_module
from mostra.strategy.checks import matrix as matrix_module
from mostra.strategy.checks.affinity import (
    MAX_FOCUSED,
    affinity_cell,
    affinity_matrix,
    recommend,
)
from mostra.strategy.checks.audience import DATA_FILE, load_rows, networks_with_data
from mostra.strategy.document import StrategyDocument, Target, WorkspaceInfo

from .builders import coherent, context, platform, tactic, target

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "platform_audience.csv"


def doc_with(*targets: Target, language: str = "fr", **changes) -> StrategyDocument:
    return StrategyDocument(
        workspace=WorkspaceInfo(name="W", slug="w", language=language),
        targets=list(targets),
        **changes,
    )


def cell(t: Target, network: str, **doc_changes):
    return affinity_cell(doc_with(t, **doc_changes), context(), t, network)


def us(id="t-young", **segments) -> Target:
    return Target(id=id, name=id, priority=1, segments={"country": "US", **segments})


# The data file


def test_the_data_file_ships_with_the_project_with_every_column():
    with DATA_FILE.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    for column in ("source", "url_as_stored", "confidence", "notes", "value_pct"):
        assert column in header
    assert len(load_rows()) == 172
    if SHARED.exists():  # the copy is faithful to the research data
        assert DATA_FILE.read_bytes() == SHARED.read_bytes()


def test_the_data_is_read_once():
    assert load_rows() is load_rows()


def test_platform_names_map_to_network_codes():
    rows = load_rows()
    assert {r.network for r in rows if r.platform == "X"} == {"x"}
    assert {r.network for r in rows if r.platform in ("Messenger", "Truth Social")} == {None}
    assert networks_with_data() <= set(catalogue.NETWORKS)
    assert not {"mastodon", "dailymotion", "viadeo"} & networks_with_data()


# Cells from survey data


def test_a_cell_shows_the_real_csv_row_it_comes_from():
    c = cell(us(age=["18-29"]), "instagram")
    assert c.score == 80 and c.level == "high" and c.basis == "segments"
    (source,) = c.sources
    assert source.value == 80
    assert source.source.startswith("Pew Research Center, Americans' Social Media Use 2025")
    assert source.confidence == "high (multi-source)"
    assert "pewresearch.org" in source.url
    assert source.country == "US" and source.year == 2025 and source.segment == "age:18-29"
    with DATA_FILE.open(encoding="utf-8") as handle:
        row = list(csv.reader(handle))[source.line - 1]
    assert row[5] == "Instagram" and row[7] == "18-29" and row[8] == "80"
    assert "80" in c.explanation


def test_segment_marginals_are_averaged_never_multiplied():
    c = cell(us(age=["18-29"], gender=["women"]), "instagram")
    assert c.score == pytest.approx((80 + 55) / 2)
    assert sorted(s.value for s in c.sources) == [55, 80]


def test_age_bands_map_by_overlap():
    # 25-34 shares five years with Pew's 18-29 (80) and five with 30-49 (62).
    assert cell(us(age=["25-34"]), "instagram").score == pytest.approx(71)
    assert cell(us(education=["college_grad"]), "instagram").score == 58


def test_no_figure_for_the_segment_falls_back_to_everyone_with_low_evidence():
    # Pew 2023 gives LinkedIn for 30-49 only, not for 18-29.
    c = cell(us(age=["18-29"]), "linkedin")
    assert c.score == 30 and c.basis == "overall"
    assert c.sources[0].year == 2023 and c.sources[0].segment == "all:all"
    assert any("Low evidence" in e for e in c.evidence)
    assert any("aged 18-29" in e for e in c.evidence)
    assert cell(us(age=["30-49"]), "linkedin").score == 40


def test_french_targets_use_french_data():
    young = Target(id="t-fr", name="Jeunes", segments={"age": ["18-24"], "country": "FR"})
    c = cell(young, "snapchat")
    assert c.score == 81 and c.sources[0].source.startswith("Médiamétrie")
    older = Target(id="t-fr2", name="Adultes", segments={"age": ["30-49"], "country": "FR"})
    c = cell(older, "snapchat")
    assert c.score == 43.2 and c.basis == "overall" and c.sources[0].year == 2024
    assert cell(older, "facebook").sources[0].year == 2025  # the newest year per network


def test_missing_cells_stay_unknown():
    for network in ("dailymotion", "viadeo", "mastodon"):
        c = cell(us(age=["18-29"]), network)
        assert c.score is None and c.level == "unknown" and c.sources == []
        assert "No audience data" in c.explanation


def test_a_french_target_gets_no_us_score_only_a_reference():
    fr = Target(id="t-fr", name="Jeunes", segments={"age": ["18-24"], "country": "FR"})
    c = cell(fr, "youtube")
    assert c.score is None and c.level == "unknown" and c.sources == []
    assert [r.value for r in c.reference] == [84]
    assert any("For reference only" in e for e in c.evidence)


def test_a_country_without_data_stays_unknown():
    c = cell(Target(id="t-be", name="Belges", segments={"country": "BE"}), "facebook")
    assert c.score is None and c.level == "unknown"


def test_a_target_without_country_takes_the_workspace_language_and_says_so():
    t = Target(id="t", name="T")
    assert cell(t, "facebook").score == 70.4
    assert "FR data assumed" in cell(t, "facebook").evidence[0]
    assert cell(t, "facebook", language="en").score == 71


# Own evidence


def test_own_behaviour_raises_the_score():
    fr = target(behaviour={})
    assert cell(fr, "linkedin").level == "low"  # 25.3, everyone in France
    one = cell(target(behaviour={"linkedin": ["opinions"]}), "linkedin")
    assert one.score == 65 and one.level == "high" and one.basis == "own-notes"
    assert "give opinions" in one.explanation and "outranks survey data" in one.explanation
    assert one.sources[0].value == 25.3  # the survey figure is still shown
    two = cell(target(behaviour={"linkedin": ["opinions", "sells"]}), "linkedin")
    assert two.score == 75


def test_own_behaviour_scores_a_network_without_data():
    c = cell(target(behaviour={"viadeo": ["sells"]}), "viadeo")
    assert c.score == 65 and c.sources == []


def test_inactive_caps_the_score():
    c = cell(target(behaviour={}, inactive=["facebook"]), "facebook")
    assert c.score == 15 and c.level == "low" and c.basis == "own-notes"


def test_the_accounts_own_metrics_hook_outranks_everything(monkeypatch):
    monkeypatch.setattr(matrix_module, "own_metrics_score", lambda t, n, ctx: (42.0, "Own."))
    c = cell(target(behaviour={"linkedin": ["opinions"]}), "linkedin")
    assert c.score == 42 and c.basis == "own-metrics" and c.explanation.endswith("Own.")


# The matrix


def test_the_matrix_covers_every_catalogue_network_priority_targets_first():
    other = Target(id="t-other", name="Other")
    doc = doc_with(other, target())
    matrix = affinity_matrix(doc, context())
    assert matrix.networks == list(catalogue.NETWORKS)
    assert matrix.targets == ["t-artisans", "t-other"]
    assert len(matrix.cells) == 2 * len(catalogue.NETWORKS)


# The recommendation


def test_recommendation_picks_at_most_three_per_priority_target():
    young = us("t-young", age=["18-29"])
    school = Target(
        id="t-school",
        name="School",
        priority=2,
        segments={"country": "US", "education": ["hs_or_less"]},
    )
    rec = recommend(doc_with(young, school), context())
    assert [p.network for p in rec.per_target["t-young"]] == ["youtube", "instagram", "facebook"]
    # A gap-based cut: YouTube 78, Facebook 69, then Instagram 41 is 28 points below.
    assert [p.network for p in rec.per_target["t-school"]] == ["youtube", "facebook"]
    assert all(1 <= len(p) <= 3 for p in rec.per_target.values())
    assert rec.focused == ["youtube", "facebook", "instagram"]  # Facebook serves both
    assert len(rec.focused) <= MAX_FOCUSED


def test_the_focused_set_is_capped():
    targets = [
        us("t-a", age=["18-29"]),
        Target(id="t-b", name="B", priority=2, behaviour={"viadeo": ["sells"]}),
        Target(id="t-c", name="C", priority=3, behaviour={"mastodon": ["posts"]}),
        Target(id="t-d", name="D", priority=4, behaviour={"bluesky": ["posts"]}),
        Target(id="t-e", name="E", priority=5, behaviour={"threads": ["posts"]}),
    ]
    rec = recommend(doc_with(*targets), context())
    assert len(rec.focused) == MAX_FOCUSED
    assert rec.focused == ["youtube", "viadeo", "mastodon", "bluesky"]  # priority order
    assert any("more than 4 networks" in n for n in rec.notes)


def test_own_evidence_comes_first_in_the_recommendation():
    rec = recommend(coherent(), context())
    picks = [p.network for p in rec.per_target["t-artisans"]]
    assert picks[:2] == ["instagram", "linkedin"]  # the notes, before survey figures
    assert rec.unused == []


def test_a_platform_kept_for_no_priority_target_is_flagged():
    doc = coherent()
    doc = doc.model_copy(
        update={
            "platforms": [*doc.platforms, platform("x"), platform("pinterest", stage="candidate")],
            "tactics": [*doc.tactics, tactic("k-x", networks=("x",))],
        }
    )
    rec = recommend(doc, context())
    assert rec.unused == ["x"]  # a candidate is not "kept"


def test_no_priority_target_gives_a_note_and_no_choice():
    rec = recommend(doc_with(Target(id="t", name="T")), context())
    assert rec.per_target == {} and rec.unused == [] and rec.notes


def test_the_three_alternatives_side_by_side():
    young = us("t-young", age=["18-29"])
    rec = recommend(doc_with(young), context())
    pairs = [(a.a, a.b) for a in rec.alternatives]
    assert pairs == [("dailymotion", "youtube"), ("viadeo", "linkedin"), ("instagram", "snapchat")]
    dailymotion, viadeo, instagram = rec.alternatives
    assert "No data for Dailymotion" in dailymotion.verdict and dailymotion.preferred is None
    (row,) = dailymotion.rows
    assert row.a.score is None and row.b.score == 95 and row.b.sources[0].value == 95
    assert instagram.preferred == "instagram"
    assert "80" in instagram.verdict and "58" in instagram.verdict
    assert viadeo.rows[0].b.basis == "overall"


def test_alternatives_say_when_neither_side_has_data():
    fr = Target(id="t-fr", name="Jeunes", priority=1, segments={"country": "FR"})
    rec = recommend(doc_with(fr), context())
    dailymotion = rec.alternatives[0]
    assert "No data for Dailymotion or YouTube" in dailymotion.verdict


def test_alternatives_note_when_both_are_in_use():
    young = us("t-young", age=["18-29"])
    doc = doc_with(young, platforms=[platform("instagram"), platform("snapchat")])
    assert "You use both" in recommend(doc, context()).alternatives[2].verdict


def test_public_names_are_reachable_from_the_affinity_module():
    for name in affinity_module.__all__:
        assert hasattr(affinity_module, name)
