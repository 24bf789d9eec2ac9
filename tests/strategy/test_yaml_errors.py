"""Reading the strategy file: every bad input of issue 3 names its line."""

from __future__ import annotations

import pytest

from mostra.strategy import yaml_io
from tests.strategy.yaml_support import example_text, line_of, refused

# --- the bad inputs of the issue, each naming its line


def test_syntax_error_names_its_line():
    text = example_text().replace("  - id: s-pros", "  - id: s-pros: [")
    problem = refused(text)
    assert problem.line == line_of(text, "id: s-pros")
    assert f"line {problem.line}: YAML syntax" in problem.message


def test_tab_indentation_is_explained():
    text = example_text().replace("    kind: direct", "\tkind: direct", 1)
    problem = refused(text)
    assert problem.line == line_of(text, "\tkind")
    assert "tab" in problem.message


def test_unknown_key_names_its_line_and_the_key():
    text = example_text().replace("    kind: direct", "    colour: red\n    kind: direct", 1)
    problem = refused(text)
    assert problem.line == line_of(text, "colour")
    assert "targets[0].colour" in problem.message
    assert "unknown key 'colour'" in problem.message
    assert "keys allowed here: id, name, kind" in problem.message


def test_unknown_top_level_key():
    text = example_text() + "budget: 1000\n"
    problem = refused(text)
    assert f"line {line_of(text, 'budget')}: budget: unknown key 'budget'" in problem.message


def test_wrong_type_names_its_line():
    text = example_text().replace("per_week: 2", "per_week: twice")
    problem = refused(text)
    assert problem.line == line_of(text, "per_week: twice")
    assert "tactics[0].per_week: 'twice' should be a number" in problem.message


def test_number_where_text_is_expected_says_to_quote_it():
    text = example_text().replace("name: Gourmets de la région", "name: 2024")
    problem = refused(text)
    assert problem.line == line_of(text, "name: 2024")
    assert "put it in quotes" in problem.message


def test_unknown_code_lists_the_allowed_ones():
    text = example_text().replace("kpi: reach", "kpi: reech")
    problem = refused(text)
    assert problem.line == line_of(text, "kpi: reech")
    assert "'reech' is not allowed here: use one of 'followers', 'reach'" in problem.message


def test_missing_required_key_points_at_its_parent():
    text = example_text().replace("    axis: awareness\n", "")
    problem = refused(text)
    assert problem.line == line_of(text, "id: o-notoriete")
    assert "objectives[0].axis: the key 'axis' is required here" in problem.message


def test_dangling_reference_names_its_line():
    text = example_text().replace("strategy: s-pros", "strategy: s-nope")
    problem = refused(text)
    assert problem.line == line_of(text, "strategy: s-nope")
    assert "tactics[1].strategy: no strategy has the id 's-nope'" in problem.message


def test_dangling_target_reference_in_a_list():
    text = example_text().replace("targets: [t-restaurateurs]", "targets: [t-personne]", 1)
    problem = refused(text)
    assert problem.line == line_of(text, "t-personne")
    assert "objectives[1].targets[0]: no target has the id 't-personne'" in problem.message


def test_duplicate_id_names_its_line():
    text = example_text().replace("id: k-cas-clients", "id: k-reels-cave")
    problem = refused(text)
    assert problem.line == line_of(text, "id: k-reels-cave") + 9  # the second one
    assert "tactics[1].id: duplicate id 'k-reels-cave'" in problem.message


def test_duplicate_key_is_refused_instead_of_silently_kept():
    text = example_text().replace("    kpi: leads", "    kpi: leads\n    kpi: sales")
    problem = refused(text)
    assert problem.line == line_of(text, "kpi: sales")
    assert "'kpi' is written twice" in problem.message


@pytest.mark.parametrize(
    "value", ["next spring", "2027-02-30", "2027-13-01", "31/03/2027", "2027-03-31 10:00"]
)
def test_date_that_is_not_a_date_names_its_line(value):
    text = example_text().replace("deadline: 2027-06-30", f"deadline: {value}")
    problem = refused(text)
    assert problem.line == line_of(text, f"deadline: {value}")
    assert "objectives[1].deadline:" in problem.message
    assert "is not a date: write it as YYYY-MM-DD" in problem.message


def test_bad_slot_time():
    text = example_text().replace("time: '08:30'", "time: '8h30'")
    problem = refused(text)
    assert problem.line == line_of(text, "8h30")
    assert "tactics[1].slots[0].time: use HH:MM" in problem.message


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1e999", "'nan'"])
def test_numbers_that_are_not_finite_are_refused(value):
    text = example_text().replace("target: 17000", f"target: {value}")
    problem = refused(text)
    assert problem.line == line_of(text, f"target: {value}")


def test_every_problem_is_reported_sorted_by_line():
    text = (
        example_text()
        .replace("axis: awareness", "axis: awarenes")
        .replace("per_week: 1", "per_week: once")
        .replace("stage: established", "stage: big", 1)
    )
    problem = refused(text)
    lines = [line for line, _text in problem.problems]
    assert lines == sorted(lines) and len(lines) == 3
    assert problem.message.count("\n") == 2


def test_not_a_mapping_empty_and_other_versions():
    assert "not a list" in refused("- a\n- b\n").message
    assert "the file is empty" in refused("# nothing\n").message
    assert refused("").line is None
    assert "write version: 1" in refused("version: 2\n").message


def test_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    text = f"mission: !!python/object/apply:os.system ['touch {marker}']\n"
    problem = refused(text)
    assert problem.line == 1
    assert "a strategy file holds only text, numbers" in problem.message
    assert not marker.exists()


def test_several_documents_are_refused():
    assert "YAML syntax" in refused("version: 1\n---\nversion: 1\n").message


def test_not_utf8_names_its_line():
    data = example_text().encode().replace("Études".encode(), "Études".encode("latin-1"))
    problem = refused(data)
    assert problem.line == line_of(example_text(), "Études")
    assert "save it as UTF-8" in problem.message


def test_utf8_with_a_byte_order_mark_reads():
    assert yaml_io.load(b"\xef\xbb\xbf" + example_text().encode()).targets
