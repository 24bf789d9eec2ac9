"""The layers hold: the import-linter contract of pyproject.toml (run by ``dev.py test``
as ``lint-imports``) passes on mostra, and fails when a lower layer imports a higher one.

The second half runs the same layers on a generated package in ``tmp_path``: each layer
importing the one below passes; one lower layer importing a higher one, even lazily
inside a function, breaks the contract and names the import.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import weakref
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
(CONTRACT,) = CONFIG["importlinter"]["contracts"]


def lint(config: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_layers_contract_is_kept_by_mostra():
    result = lint(ROOT / "pyproject.toml", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_the_order_is_the_decided_one():
    """core at the bottom; api and cli on top (docs/decisions.md)."""
    layers = [[name.strip() for name in layer.split("|")] for layer in CONTRACT["layers"]]
    order = [name for layer in layers for name in layer]
    decided = [
        "api",
        "home",
        "notifications",
        "reports",
        "analytics",
        "publishing",
        "integrations",
        "editorial",
        "charter",
        "strategy",
        "core",
    ]
    assert [name for name in order if name in decided] == decided
    assert ["publishing"] in layers and ["integrations"] in layers  # publishing above
    assert CONTRACT["containers"] == ["mostra"]
    assert not CONTRACT.get("ignore_imports")  # no import is let through


def _package(tmp_path: Path) -> tuple[Path, list[list[str]]]:
    """A package ``fake`` with mostra's layers, each importing the layer below it, and
    a config of the same contract for it (its ignore_imports name mostra's modules)."""
    layers = [[name.strip() for name in layer.split("|")] for layer in CONTRACT["layers"]]
    root = tmp_path / "fake"
    root.mkdir()
    (root / "__init__.py").write_text("", encoding="utf-8")
    below: list[str] = []
    for layer in reversed(layers):
        for name in layer:
            code = "".join(f"from fake import {b}  # noqa\n" for b in below)
            if name in ("__main__", "urls", "settings", "asgi", "wsgi", "config"):
                (root / f"{name}.py").write_text(code, encoding="utf-8")
            else:
                (root / name).mkdir()
                (root / name / "__init__.py").write_text("", encoding="utf-8")
                (root / name / "views.py").write_text(code, encoding="utf-8")
        below = [n for n in layer if n != "__main__"]
    quoted = ", ".join(f'"{layer}"' for layer in CONTRACT["layers"])
    config = tmp_path / "importlinter.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "fake"\n'
        "[[tool.importlinter.contracts]]\n"
        f'name = "fake layers"\ntype = "layers"\ncontainers = ["fake"]\nlayers = [{quoted}]\n',
        encoding="utf-8",
    )
    return config, layers


def test_a_package_whose_layers_import_only_downwards_keeps_the_contract(tmp_path):
    config, _layers = _package(tmp_path)
    result = lint(config, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("lower", "code", "named"),
    [
        ("core", "from fake.analytics import views\n", "fake.core.module -> fake.analytics.views"),
        (
            "editorial",
            "def chips():\n    from fake.publishing import views\n    return views\n",
            "fake.editorial.module -> fake.publishing.views",
        ),
        (
            "integrations",
            "import fake.publishing.views\n",
            "fake.integrations.module -> fake.publishing.views",
        ),
        ("strategy", "from fake import cli\n", "fake.strategy.module -> fake.cli"),
    ],
    ids=[
        "core-imports-analytics",
        "lazy-import-in-a-function",
        "integrations-import-publishing",
        "strategy-imports-cli",
    ],
)
def test_a_lower_layer_importing_a_higher_one_breaks_the_contract(tmp_path, lower, code, named):
    config, _layers = _package(tmp_path)
    (tmp_path / "fake" / lower / "module.py").write_text(code, encoding="utf-8")
    result = lint(config, tmp_path)
    assert result.returncode != 0
    assert "1 broken" in result.stdout
    assert named in result.stdout.replace("\n", " ")


def test_the_higher_layers_fill_the_lower_ones_slots_when_ready():
    """What a lower layer needs from a higher one, the higher one registers at start-up
    (a slot left empty would make a feature vanish: the demo's parts, the calendar's
    sending labels, the charter's per-instance limits, a saved post's media, the
    strategy checks' history and recorded values, and the accounts the integrations
    read and save)."""
    from mostra.analytics import for_strategy, sync
    from mostra.analytics.progress.history import cached_history
    from mostra.charter import instance_limits
    from mostra.charter import views as charter_views
    from mostra.core import demo
    from mostra.editorial.services import calendar_chips
    from mostra.editorial.services.media import saved_media
    from mostra.integrations import store
    from mostra.publishing import signals
    from mostra.publishing.services.account_store import STORE
    from mostra.publishing.services.accounts import text_limit_for
    from mostra.publishing.services.sending import of_posts
    from mostra.strategy.checks import context
    from mostra.strategy.services import objects

    ranks = {app: rank for app, (rank, _step) in demo.STEPS.items()}
    assert ranks == {
        "strategy": 10,
        "charter": 20,
        "editorial": 30,
        "analytics": 40,
        "make_act": 45,
        "listening": 50,
        "ambassadors": 60,
    }
    assert calendar_chips.SENDINGS == [of_posts]
    assert instance_limits.ACCOUNT_LIMITS == [text_limit_for]
    assert charter_views.SAVED_MEDIA == [saved_media]
    assert sync.on_metrics_collected in _receivers(signals.metrics_collected)
    assert sync.on_followers_collected in _receivers(signals.followers_collected)
    assert store.STORES == [STORE]
    assert context.HISTORY == [cached_history]
    assert context.OBSERVED == [for_strategy.observed]
    assert objects.KPI_RENAMED == [for_strategy.rename_recorded]


def _receivers(signal) -> list[object]:
    refs = [entry[1] for entry in signal.receivers]
    return [ref() if isinstance(ref, weakref.ReferenceType) else ref for ref in refs]
