"""Property tests: any valid strategy survives the file, and the database, unchanged.

The documents are generated from the catalogue, with references that resolve, unicode and
YAML's special characters in every text, and numbers of every size.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mostra.strategy import catalogue, yaml_io
from mostra.strategy.document import StrategyDocument
from mostra.strategy.services.export import export_document
from mostra.strategy.services.file import import_document

MEMBERS = ["alice@example.org", "bob@example.org"]

# Text with YAML's indicators, quotes, line breaks and unicode, including characters
# YAML escapes (line and paragraph separators, NEL, BOM, controls other than NUL).
SPECIAL = list("\n\t :#-?,[]{}!&*%@`|>'\"\\") + ["\u2028", "\x85", "\ufeff", "\x07", "é", "🧀"]
texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        st.sampled_from(SPECIAL),
    ),
    min_size=1,
    max_size=25,
) | st.just("")
tricky_words = st.sampled_from(
    ["yes", "no", "NO", "null", "~", "true", "1200", "0x1F", "010", "1e3", "10:00", "2024-03-01"]
)
any_text = st.one_of(texts, tricky_words)
names = st.one_of(texts.filter(lambda s: s.strip() != ""), tricky_words).map(lambda s: s[:200])
numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**15), max_value=10**15).map(float),
    st.sampled_from([0.0, -0.0, 0.1, 1e15, 1e16, 5e-324, 1.7976931348623157e308]),
)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
networks = st.sampled_from(list(catalogue.NETWORKS))
behaviours = st.lists(st.sampled_from(list(catalogue.BEHAVIOURS)), max_size=4)
times = st.from_regex(r"([01][0-9]|2[0-3]):[0-5][0-9]", fullmatch=True)
maybe_bool = st.sampled_from([None, True, False])


def ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}-{i}" for i in range(count)]


@st.composite
def documents(draw: Any, *, owners: list[str | None] | None = None) -> StrategyDocument:
    """A valid document: unique ids and networks, references that resolve."""
    target_ids = draw(
        st.lists(st.from_regex(r"t[a-z0-9_-]{0,8}", fullmatch=True), unique=True, max_size=4)
    )
    objective_ids = ids("o", draw(st.integers(0, 3)))
    strategy_ids = ids("s", draw(st.integers(0, 3))) if objective_ids else []
    tactic_ids = ids("k", draw(st.integers(0, 3))) if strategy_ids else []
    owner_choices = owners if owners is not None else [None, "someone@example.org"]

    def refs() -> list[str]:
        chosen = draw(st.sets(st.sampled_from(target_ids))) if target_ids else set()
        return [t for t in target_ids if t in chosen]  # in the targets' order

    targets = [
        {
            "id": target_id,
            "name": draw(names),
            "kind": draw(st.sampled_from(list(catalogue.TARGET_KINDS))),
            "priority": draw(st.one_of(st.none(), st.integers(1, 1000))),
            "typology": draw(st.sampled_from(list(catalogue.TYPOLOGIES))),
            "segments": {
                "age": draw(st.lists(st.sampled_from(catalogue.AGE_BANDS), max_size=3)),
                "gender": draw(st.lists(st.sampled_from(list(catalogue.GENDERS)), max_size=2)),
                "education": draw(st.lists(st.sampled_from(list(catalogue.EDUCATION)), max_size=2)),
                "country": draw(st.one_of(st.none(), st.from_regex(r"[A-Z]{2}", fullmatch=True))),
            },
            "behaviour": draw(st.dictionaries(networks, behaviours, max_size=3)),
            "inactive": draw(st.lists(networks, max_size=2)),
            "evidence": draw(any_text),
        }
        for target_id in target_ids
    ]
    # Export lists targets by priority, then in file order.
    targets.sort(key=lambda t: (t["priority"] is None, t["priority"] or 0))
    target_ids = [t["id"] for t in targets]
    data = {
        "version": 1,
        "workspace": draw(
            st.one_of(
                st.none(),
                st.fixed_dictionaries(
                    {
                        "name": names.map(lambda s: s[:120]),
                        "slug": st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True),
                        "timezone": st.sampled_from(["Europe/Paris", "America/Montreal"]),
                        "language": st.sampled_from(["fr", "en"]),
                    }
                ),
            )
        ),
        "capacity": {"posts_per_week": draw(st.one_of(st.none(), st.floats(0, 1000)))},
        "checks": {
            "new_account_months": draw(st.integers(0, 120)),
            "default_monthly_growth_max": draw(st.floats(0, 10, exclude_min=True)),
        },
        "mission": {
            "vision": draw(any_text),
            "networks": [
                {
                    "network": network,
                    "why": draw(any_text),
                    "audience_present": draw(maybe_bool),
                    "competitors_present": draw(maybe_bool),
                    "partners_present": draw(maybe_bool),
                    "behaviour": draw(behaviours),
                    "active": draw(maybe_bool),
                }
                for network in draw(st.lists(networks, unique=True, max_size=3))
            ],
        },
        "targets": targets,
        "platforms": [
            {
                "network": network,
                "handle": draw(any_text.map(lambda s: s[:200])),
                "present_since": draw(st.one_of(st.none(), dates)),
                "stage": draw(st.sampled_from(list(catalogue.STAGES))),
            }
            for network in draw(st.lists(networks, unique=True, max_size=4))
        ],
        "objectives": [
            {
                "id": objective_id,
                "title": draw(names),
                "description": draw(any_text),
                "axis": draw(st.sampled_from(list(catalogue.AXES))),
                "networks": draw(st.lists(networks, max_size=3)),
                "kpi": draw(st.one_of(st.none(), st.sampled_from(list(catalogue.KPIS)))),
                "baseline": draw(
                    st.one_of(
                        st.none(),
                        st.fixed_dictionaries(
                            {
                                "value": numbers,
                                "date": dates,
                                "source": any_text.map(lambda s: s[:300]),
                            }
                        ),
                    )
                ),
                "target": draw(st.one_of(st.none(), numbers)),
                "start": draw(st.one_of(st.none(), dates)),
                "deadline": draw(st.one_of(st.none(), dates)),
                "owner": draw(st.sampled_from(owner_choices)),
                "targets": refs(),
                "alignment": draw(any_text),
            }
            for objective_id in objective_ids
        ],
        "strategies": [
            {
                "id": strategy_id,
                "objective": draw(st.sampled_from(objective_ids)),
                "title": draw(any_text.map(lambda s: s[:200])),
                "plan": draw(any_text),
                "owned_channels": draw(st.lists(names, max_size=2)),
                "paid": draw(st.booleans()),
            }
            for strategy_id in strategy_ids
        ],
        "tactics": [
            {
                "id": tactic_id,
                "strategy": draw(st.sampled_from(strategy_ids)),
                "title": draw(any_text.map(lambda s: s[:200])),
                "networks": draw(st.lists(networks, max_size=3)),
                "content_types": draw(
                    st.lists(st.sampled_from(list(catalogue.CONTENT_TYPES)), max_size=3)
                ),
                "formats": draw(st.lists(st.sampled_from(list(catalogue.FORMATS)), max_size=3)),
                "slots": draw(
                    st.lists(
                        st.fixed_dictionaries(
                            {"day": st.sampled_from(list(catalogue.DAYS)), "time": times},
                            optional={"network": networks},
                        ),
                        max_size=3,
                    )
                ),
                "per_week": draw(st.one_of(st.none(), st.floats(0, 500))),
                "targets": refs(),
            }
            for tactic_id in tactic_ids
        ],
    }
    return StrategyDocument.model_validate(data)


@settings(max_examples=150, deadline=None)
@given(documents())
def test_file_round_trip_is_stable(doc):
    text = yaml_io.dump(doc)
    again = yaml_io.load(text)
    assert again == doc
    assert yaml_io.dump(again) == text


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=documents(owners=[None, *MEMBERS]))
def test_database_round_trip_is_stable(workspace, doc):
    """Import into a workspace, export: the same file (but for the workspace's own block,
    which an import never changes). The same workspace takes every example in turn, so
    each import also updates and deletes what the previous one created."""
    import_document(None, workspace, doc)
    back = export_document(workspace)
    assert yaml_io.dump(back) == yaml_io.dump(doc.model_copy(update={"workspace": back.workspace}))
    # And once more through the file: export -> import -> export is byte-identical.
    text = yaml_io.dump(back)
    summary = import_document(None, workspace, yaml_io.load(text))
    assert not summary.changed
    assert yaml_io.dump(export_document(workspace)) == text
