"""The README's walk-through runs as written: ``python3 dev.py mostra …`` from the
repository, on a data directory prepared as ``python3 dev.py up`` prepares it."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
    reason="runs in the venv that dev.py makes",
)


def walkthrough() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Measuring", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"\n   ```\n(.*?)\n   ```", section, flags=re.S)
    assert block, "the walk-through's commands are in an indented code block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_walkthrough_runs_as_written(tmp_path):
    lines = walkthrough()
    assert all(line.startswith("python3 dev.py mostra ") for line in lines)
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "MOSTRA_DATA_DIR": str(tmp_path / "var"),
        "LANG": "C.UTF-8",
    }

    def run(words: list[str]) -> str:
        result = subprocess.run(
            [sys.executable, "dev.py", "mostra", *words],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"{' '.join(words)}\n{result.stdout}{result.stderr}"
        return result.stdout

    # What `python3 dev.py up` does before serving: the database and the administrator.
    run(["migrate"])
    run(["createuser", "admin@mostra.local", "--superuser"])
    outputs = []
    for line in lines:
        words = shlex.split(line)[3:]
        if words[-2:] == ["-o", "report.png"]:  # the one file it writes: not in the checkout
            words[-1] = str(tmp_path / "report.png")
        outputs.append(run(words))

    assert "Created the workspace 'essai' (Atelier Exemple)" in outputs[0]
    (ratio,) = [line for line in outputs[3].splitlines() if "Repost ratio" in line]
    assert ratio.split()[2:] == ["41.6%", "68.8%"]  # "about 42 % … about 69 %"
    assert (tmp_path / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
