"""Benchmark: the checks run after every inline edit (lint + SMART letters + readiness).

    .venv/bin/python bench/strategy_checks.py [--scale 10] [--runs 30] [--repeats 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<throw-away db> .venv/bin/python ...

Builds the demo workspace and a second one holding a strategy ``--scale`` times as
large (every target, objective, strategy and tactic copied under new ids, imported
with :func:`import_document`), then times on each what the strategy board does after
an edit: the SMART letters, the lint (with the affinity matrix) and every network's
readiness, on the workspace's document and check context (``analyse()``'s checks).

The baseline, interleaved with the checks in the same process, is loading the same
strategy from the database into its document (:func:`export_document`: the same
objects, read in a fixed number of queries, each element built and validated): what
every request that checks the strategy pays before checking, and work that grows
with the strategy as the checks do. It takes milliseconds, not the tenth of a
millisecond of parsing the JSON (the former baseline, whose ratio swung from 40 to 299
with the machine's load). The comparison is repeated ``--repeats`` times to show the
ratio's spread; the last line is the JSON of :func:`timing.emit` (the scaled
strategy's figures, the demo's beside them).
"""

from __future__ import annotations

import argparse
import statistics

from timing import compare, count_queries, emit, report, set_up_django, spread


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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    set_up_django()
    from django.db import connection

    from mostra.core.demo import build_demo
    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace
    from mostra.strategy.checks.affinity import affinity_matrix
    from mostra.strategy.checks.context import context_for_workspace
    from mostra.strategy.checks.lint import lint
    from mostra.strategy.checks.readiness import readiness_all
    from mostra.strategy.checks.smart import smart_summary
    from mostra.strategy.services.export import export_document
    from mostra.strategy.services.file import import_document

    owner = User.objects.create_user("bench@example.org", "x" * 16)
    demo = build_demo(owner)
    large = create_workspace(owner, f"Demo x{args.scale}", slug="demo-scaled")
    import_document(None, large, scaled(export_document(demo), args.scale))

    figures: dict[str, dict[str, object]] = {}
    for label, workspace in [("demo", demo), (f"demo x{args.scale}", large)]:
        doc = export_document(workspace)
        ctx = context_for_workspace(workspace)

        def checks(doc=doc, ctx=ctx) -> None:
            smart_summary(doc, ctx)
            lint(doc, ctx, affinity_matrix(doc, ctx))
            readiness_all(doc, ctx)

        def load(workspace=workspace) -> None:
            export_document(workspace)

        queries = count_queries(load)
        assert count_queries(checks) == 0, "the checks read the database"
        comparisons = [compare(checks, load, args.runs) for _ in range(args.repeats)]
        ratios = [c.ratio for c in comparisons]
        middle = sorted(comparisons, key=lambda c: c.ratio)[len(comparisons) // 2]
        name = f"{label}: {len(doc.objectives)} objectives, {len(doc.tactics)} tactics — checks"
        report(name, middle, baseline=f"load, {queries} queries", digits=2, ratio_digits=2)
        print(
            f"  ratio over {args.repeats} comparisons of {args.runs} runs: "
            f"{min(ratios):.2f}–{max(ratios):.2f} (median {statistics.median(ratios):.2f})"
        )
        figures[label] = {
            "objectives": len(doc.objectives),
            "tactics": len(doc.tactics),
            **middle.figures(),
            "baseline": "export_document",
            "baseline_queries": queries,
            "ratio_spread": spread(ratios),
        }

    demo_figures = figures.pop("demo")
    (scaled_label, scaled_figures), *_ = figures.items()
    emit(
        "strategy_checks",
        database=connection.vendor,
        strategy=scaled_label,
        **scaled_figures,
        repeats=args.repeats,
        demo=demo_figures,
    )


if __name__ == "__main__":
    main()
