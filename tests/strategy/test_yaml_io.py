"""Reading and writing the strategy file: every bad input of issue 3 names its line."""

from __future__ import annotations

import datetime as dt
import re
import time
import tracemalloc
from pathlib import Path

import pytest

from mostra.strategy import catalogue, yaml_io
from mostra.strategy.document import StrategyDocument

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "strategy-file.md"


def example_text() -> str:
    """The complete example of docs/strategy-file.md (what export writes for it)."""
    return re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line containing ``fragment``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in the text")


def refused(text: str | bytes, **kwargs) -> yaml_io.FileProblem:
    with pytest.raises(yaml_io.FileProblem) as caught:
        yaml_io.load(text, **kwargs)
    return caught.value


# --- the example


def test_the_documented_example_is_exactly_what_dump_writes():
    text = example_text()
    doc = yaml_io.load(text)
    assert yaml_io.dump(doc) == text
    assert [t.id for t in doc.targets] == ["t-gourmets", "t-restaurateurs"]
    assert doc.objectives[0].baseline.date == dt.date(2026, 11, 1)
    assert doc.tactics[0].slots[0].time == "10:00"


def test_the_issue_example_reads(tmp_path):
    """The shape given in the issue, with its comments and flow style, is a valid file."""
    text = """
version: 1
workspace: {name: "Fromagerie", slug: "fromagerie", timezone: Europe/Paris, language: fr}
capacity: {posts_per_week: 10}
mission:
  vision: "…"
  networks:
    - network: linkedin
      why: "…"
      audience_present: true      # ideal customer present
      competitors_present: true
      partners_present: false
      behaviour: [opinions, shares]  # posts | shares | opinions | sells
      active: true
targets:
  - id: t-artisans
    name: "…"
    kind: direct                # direct | indirect
    priority: 1                 # 1 = first; omit or null = not a priority
    typology: collective        # collective | individual
    segments: {age: ["30-49", "50-64"], country: FR}
    behaviour: {linkedin: [opinions], instagram: [shares]}
platforms:
  - network: linkedin
    handle: "…"
    present_since: 2024-03-01
    stage: established          # candidate | launching | established | abandoned
objectives:
  - id: o-notoriete-ig
    title: "…"
    axis: awareness             # awareness | liking | action
    networks: [instagram]
    kpi: followers
    baseline: {value: 1200, date: 2026-09-01, source: "…"}
    target: 3000
    start: 2026-10-01
    deadline: 2027-03-31
    owner: "member@example.org"
    targets: [t-artisans]
    alignment: "…"
strategies:
  - id: s-blog
    objective: o-notoriete-ig
    plan: "…"
tactics:
  - id: k-reels
    strategy: s-blog
    networks: [instagram]
    content_types: [video]
    formats: [reel]
    slots: [{day: tue, time: "10:00"}, {day: thu, time: "18:30"}]
    per_week: 2
    targets: [t-artisans]
"""
    doc = yaml_io.load(text)
    assert doc.platforms[0].present_since == dt.date(2024, 3, 1)
    assert doc.objectives[0].baseline.value == 1200
    assert yaml_io.dump(yaml_io.load(yaml_io.dump(doc))) == yaml_io.dump(doc)


# --- writing


def test_dump_order_header_and_empty_values():
    doc = StrategyDocument.model_validate(
        {
            "targets": [{"id": "t-a", "name": "Élèves « curieux »"}],
            "objectives": [{"id": "o-a", "title": "Titre", "axis": "liking", "target": 3.0}],
            "capacity": {"posts_per_week": 4.5},
        }
    )
    text = yaml_io.dump(doc)
    assert text.startswith("# mostra strategy file, format version 1: see docs/strategy-file.md\n")
    keys = re.findall(r"^(\w+):", text, flags=re.M)
    assert keys == ["version", "capacity", "checks", "targets", "objectives"]
    assert "Élèves « curieux »" in text  # unicode kept as it is
    assert "target: 3\n" in text  # 3.0 written as people write it
    assert "posts_per_week: 4.5" in text
    assert "null" not in text and "''" not in text and "[]" not in text
    assert "kind: direct" in text  # a default that is a choice is written


def test_dump_quotes_what_other_yaml_readers_would_misread():
    doc = StrategyDocument.model_validate(
        {
            "targets": [
                {"id": "t-a", "name": "yes", "segments": {"country": "NO"}},
                {"id": "t-b", "name": "1200", "evidence": "2024-03-01"},
            ],
            "tactics": [],
        }
    )
    text = yaml_io.dump(doc)
    assert "name: 'yes'" in text
    assert "country: 'NO'" in text
    assert "name: '1200'" in text
    assert "evidence: '2024-03-01'" in text
    assert yaml_io.load(text) == doc


def test_dump_writes_multiline_text_as_a_block_and_reads_it_back():
    doc = StrategyDocument.model_validate({"mission": {"vision": "Ligne un\nLigne deux: x #y"}})
    text = yaml_io.dump(doc)
    assert "vision: |-\n    Ligne un\n    Ligne deux: x #y\n" in text
    assert yaml_io.load(text).mission.vision == "Ligne un\nLigne deux: x #y"


def test_yaml_1_1_surprises_are_text():
    doc = yaml_io.load(
        """
targets:
  - id: t-a
    name: no
    segments: {country: NO, age: [18-29]}
tactics: []
strategies: []
mission:
  networks:
    - {network: x, active: yes, audience_present: off, why: 010}
"""
    )
    assert doc.targets[0].name == "no"
    assert doc.targets[0].segments.country == "NO"
    assert doc.mission.networks[0].active is True  # yes still means yes for a yes/no key
    assert doc.mission.networks[0].audience_present is False
    assert doc.mission.networks[0].why == "010"


def test_unquoted_times_are_text():
    doc = yaml_io.load(
        "strategies: [{id: s, objective: o}]\nobjectives: [{id: o, title: T, axis: action}]\n"
        "tactics: [{id: k, strategy: s, slots: [{day: mon, time: 18:30}]}]\n"
    )
    assert doc.tactics[0].slots[0].time == "18:30"


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
    problem = refused(example_text() + "budget: 1000\n")
    assert "line 116: budget: unknown key 'budget'" in problem.message


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
        .replace("kpi: reach", "kpi: reech")
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


# --- YAML bombs and large files


BILLION_LAUGHS = """\
version: 1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def measure(function) -> tuple[float, float]:
    """(seconds, peak MB of Python allocations) of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        function()
    finally:
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return elapsed, peak


def test_billion_laughs_is_refused_fast_with_little_memory():
    problems = []
    elapsed, peak = measure(lambda: problems.append(refused(BILLION_LAUGHS)))
    assert elapsed < 1.0 and peak < 20, (elapsed, peak)
    assert problems[0].line == 7  # where the count passes the limit
    assert "more than 100,000 values once its aliases" in problems[0].message


def test_a_bomb_hidden_in_a_valid_key_is_refused():
    laughs = BILLION_LAUGHS.replace("version: 1\n", "").replace("\n", "\n  ")
    text = f"version: 1\nmission:\n  vision: x\n  x-anchors:\n  {laughs}"
    assert "aliases" in refused(text).message


def test_small_aliases_are_allowed():
    doc = yaml_io.load(
        "targets:\n  - {id: t-a, name: A, behaviour: {x: &b [posts, shares]}}\n"
        "  - {id: t-b, name: B, behaviour: {x: *b}}\n"
    )
    assert doc.targets[1].behaviour == {"x": ["posts", "shares"]}


def test_an_alias_inside_its_own_anchor_is_refused():
    problem = refused("mission: &m {vision: x, networks: [*m]}\n")
    assert "repeats the element that contains it" in problem.message


def test_deep_nesting_is_refused_without_recursing():
    depth = 200_000
    text = "version: 1\nmission: " + "[" * depth + "]" * depth + "\n"
    elapsed, _peak = measure(lambda: refused(text))
    assert elapsed < 1.0
    assert "nest more than 20 levels" in refused(text).message


def test_a_50_mb_text_is_refused_without_parsing(monkeypatch):
    def parse(*args):
        raise AssertionError("parsed")

    monkeypatch.setattr(yaml_io, "_parse", parse)
    text = "vision: " + "a" * 50_000_000
    elapsed, peak = measure(lambda: refused(text))
    assert elapsed < 0.5, elapsed
    problem = refused(text)
    assert problem.line is None
    assert "the file is 50.0 MB; a strategy file can be at most 5 MB" in problem.message
    assert "at most 5 MB" in refused(text.encode()).message


def test_a_50_mb_file_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(50_000_000)  # a sparse file: 50 MB long, nothing written
    read = []
    monkeypatch.setattr(yaml_io, "_parse", lambda *a: read.append(a))
    elapsed, peak = measure(lambda: pytest.raises(yaml_io.FileProblem, yaml_io.read_file, big))
    assert elapsed < 0.1 and peak < 1, (elapsed, peak)
    with pytest.raises(yaml_io.FileProblem, match="the file is 50.0 MB"):
        yaml_io.read_file(big)
    assert read == []


def test_a_large_stream_is_read_only_up_to_the_limit():
    class Endless:
        asked: list[int] = []

        def read(self, size: int) -> bytes:
            self.asked.append(size)
            return b"a" * size

    source = Endless()
    with pytest.raises(yaml_io.FileProblem, match="at most 5 MB"):
        yaml_io.read_file("-", stdin=source)
    assert source.asked == [yaml_io.MAX_BYTES + 1]


def test_read_file_names_a_missing_file(tmp_path):
    with pytest.raises(yaml_io.FileProblem, match="cannot read .*missing.yaml"):
        yaml_io.read_file(tmp_path / "missing.yaml")


# --- the documentation


def test_the_json_schema_is_up_to_date():
    committed = yaml_io.SCHEMA_PATH.read_text(encoding="utf-8")
    assert committed == yaml_io.schema_text(), (
        "docs/strategy-file.schema.json is stale: run "
        'python -c "from mostra.strategy import yaml_io; yaml_io.write_schema()"'
    )


def test_the_json_schema_describes_the_example():
    """Every key of the example is a property the schema knows, with a fixed key set."""
    import json

    schema = json.loads(yaml_io.SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False
    assert list(schema["properties"]) == list(StrategyDocument.model_fields)
    example_keys = re.findall(r"^(\w+):", example_text(), flags=re.M)
    assert set(example_keys) <= set(schema["properties"])


@pytest.mark.parametrize(
    "codes",
    [
        catalogue.NETWORKS,
        catalogue.AXES,
        catalogue.KPIS,
        catalogue.STAGES,
        catalogue.BEHAVIOURS,
        catalogue.FORMATS,
        catalogue.CONTENT_TYPES,
        catalogue.DAYS,
        catalogue.GENDERS,
        catalogue.EDUCATION,
    ],
    ids=[
        "networks",
        "axes",
        "kpis",
        "stages",
        "behaviours",
        "formats",
        "content_types",
        "days",
        "genders",
        "education",
    ],
)
def test_the_doc_lists_every_code_of_the_catalogue(codes):
    doc = DOC.read_text(encoding="utf-8")
    missing = [code for code in codes if f"`{code}`" not in doc]
    assert missing == [], f"docs/strategy-file.md lacks the codes {missing}"


def test_the_doc_documents_every_key_of_the_file():
    doc = DOC.read_text(encoding="utf-8")
    models = [StrategyDocument]
    seen = set()
    while models:
        model = models.pop()
        for name, field in model.model_fields.items():
            assert f"`{name}`" in doc, f"docs/strategy-file.md lacks the key {name}"
            for sub in _models_in(field.annotation):
                if sub not in seen:
                    seen.add(sub)
                    models.append(sub)


def _models_in(annotation) -> list[type]:
    from typing import get_args

    from pydantic import BaseModel

    found = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in get_args(annotation):
        found += _models_in(arg)
    return found
