"""The strategy file's format: the documented example, what dump writes and how it reads
back, and the documentation and JSON schema that describe it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mostra.strategy import catalogue, yaml_io
from mostra.strategy.document import StrategyDocument
from tests.strategy.yaml_support import DOC, example_text

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
