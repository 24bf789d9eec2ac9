"""Benchmark: the checks run after every inline edit (lint + SMART letters + readiness).

    .venv/bin/python bench/strategy_checks.py [--scale 10] [--runs 30]

Builds the demo strategy (four sound objectives, one flawed) and a strategy `--scale`
times as large (every target, objective, strategy and tactic copied under new ids),
then times the checks on each. The baseline, measured in the same run, is parsing and
validating the same document from its JSON form (what any request handling the
strategy pays anyway). Prints medians and the ratio checks / baseline.
"""

from __future__ import annotations

import argparse

from timing import compare, report, set_up_django


def scaled(doc, factor: int):
    """The same strategy `factor` times, with new ids and the references kept inside."""
    data = doc.model_dump(mode="json")
    out = {**data, "targets": [], "objectives": [], "strategies": [], "tactics": []}
    for i in range(factor):
        suffix = f"-{i}" if i else ""
        ren = lambda key, s=suffix: key + s  # noqa: E731
        for t in data["targets"]:
            out["targets"].append({**t, "id": ren(t["id"])})
        for o in data["objectives"]:
            out["objectives"].append(
                {**o, "id": ren(o["id"]), "targets": [ren(x) for x in o["targets"]]}
            )
        for s in data["strategies"]:
            out["strategies"].append({**s, "id": ren(s["id"]), "objective": ren(s["objective"])})
        for k in data["tactics"]:
            out["tactics"].append(
                {
                    **k,
                    "id": ren(k["id"]),
                    "strategy": ren(k["strategy"]),
                    "targets": [ren(x) for x in k["targets"]],
                }
            )
    return type(doc).model_validate(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    set_up_django()
    from mostra.core.demo import build_demo
    from mostra.core.models import User, Workspace
    from mostra.strategy.checks import CheckContext
    from mostra.strategy.checks.lint import lint
    from mostra.strategy.checks.readiness import readiness_all
    from mostra.strategy.checks.smart import smart_summary
    from mostra.strategy.document import StrategyDocument
    from mostra.strategy.services.export import export_document

    owner = User.objects.create_user("bench@example.org", "x" * 16)
    build_demo(owner)
    demo = export_document(Workspace.objects.get(slug="demo"))
    ctx = CheckContext()

    for label, doc in [("demo", demo), (f"demo x{args.scale}", scaled(demo, args.scale))]:
        text = doc.model_dump_json()

        def checks(doc=doc) -> None:
            lint(doc, ctx)
            smart_summary(doc, ctx)
            readiness_all(doc, ctx)

        def baseline(text=text) -> None:
            StrategyDocument.model_validate_json(text)

        report(
            f"{label}: {len(doc.objectives)} objectives, {len(doc.tactics)} tactics — checks",
            compare(checks, baseline, args.runs),
            baseline="parse",
            digits=2,
        )


if __name__ == "__main__":
    main()
