"""``mostra strategy export / import / lint`` through click's runner, and lint without a
database in a process of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mostra import cli
from mostra.core.models import Workspace
from mostra.strategy import yaml_io
from mostra.strategy.checks import Finding
from mostra.strategy.models import Objective, Target
from mostra.strategy.services.export import export_document
from tests.strategy.yaml_support import example_text, line_of

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli.mostra, ["strategy", *args], input=input)


@pytest.fixture
def example_file(tmp_path) -> Path:
    path = tmp_path / "strategy.yaml"
    path.write_text(example_text(), encoding="utf-8")
    return path


def write(tmp_path: Path, text: str, name: str = "edited.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- help


@pytest.mark.parametrize("command", ["export", "import", "lint"])
def test_every_subcommand_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert f"mostra strategy {command}" in result.output


def test_the_group_is_registered_and_documented():
    result = CliRunner().invoke(cli.mostra, ["--help"])
    assert "strategy" in result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("export", "import", "lint"):
        assert f"`mostra strategy {command}" in readme


# --- export and import


@pytest.mark.django_db
def test_import_then_export_gives_the_same_file(workspace, example_file, tmp_path):
    result = run("import", str(example_file))  # the file names the workspace: fromagerie
    assert result.exit_code == 0, result.output
    assert "Imported" in result.output and "'fromagerie'" in result.output
    assert "targets: 2 created" in result.output
    assert Target.objects.filter(workspace=workspace).count() == 2

    result = run("export", "--workspace", "fromagerie")
    assert result.exit_code == 0, result.output
    assert result.stdout == example_text()

    out = tmp_path / "out.yaml"
    result = run("export", "--workspace", "fromagerie", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == example_text()
    assert result.stdout == ""  # the message goes to the standard error

    result = run("import", str(out), "--workspace", "fromagerie")
    assert result.exit_code == 0, result.output
    assert "Nothing changed" in result.output


@pytest.mark.django_db
def test_import_from_standard_input_as_json(workspace):
    result = run("import", "-", "--json", input=example_text())
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["workspace"] == "fromagerie"
    assert summary["created"]["tactics"] == 2


@pytest.mark.django_db
def test_import_into_another_workspace_lists_the_owners_to_invite(workspace, example_file):
    # Alice owns fromagerie but is not a member of Charlie's other-brand.
    result = run("import", str(example_file), "--workspace", "other-brand")
    assert result.exit_code == 0, result.output
    assert "alice@example.org (o-notoriete, o-revendeurs)" in result.output
    assert (
        "mostra members invite alice@example.org --workspace other-brand --role editor"
        in result.output
    )
    assert not Objective.objects.filter(workspace__slug="other-brand", owner__isnull=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  - id: s-pros", "  - id: s-pros: [", "YAML syntax"),
        ("    kind: direct", "    colour: red", "unknown key 'colour'"),
        ("per_week: 2", "per_week: twice", "should be a number"),
        ("strategy: s-pros", "strategy: s-nope", "no strategy has the id 's-nope'"),
        ("id: k-cas-clients", "id: k-reels-cave", "duplicate id 'k-reels-cave'"),
        ("deadline: 2027-06-30", "deadline: 2027-06-31", "is not a date"),
    ],
)
def test_a_bad_file_is_refused_with_its_line_and_nothing_is_imported(
    workspace, tmp_path, old, new, expected
):
    text = example_text().replace(old, new, 1)
    path = write(tmp_path, text)
    result = run("import", str(path), "--workspace", "fromagerie")
    assert result.exit_code == 2, result.output
    assert f"line {line_of(example_text(), old.strip())}:" in result.stderr  # the edited line
    assert expected in result.stderr
    assert not Objective.objects.exists()


@pytest.mark.django_db
def test_a_yaml_bomb_is_refused(workspace, tmp_path):
    from tests.strategy.yaml_support import BILLION_LAUGHS

    result = run("import", str(write(tmp_path, BILLION_LAUGHS)), "--workspace", "fromagerie")
    assert result.exit_code == 2
    assert "line 7:" in result.stderr and "aliases" in result.stderr


@pytest.mark.django_db
def test_a_50_mb_file_is_refused(workspace, tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(50_000_000)
    result = run("import", str(big), "--workspace", "fromagerie")
    assert result.exit_code == 2
    assert "the file is 50.0 MB; a strategy file can be at most 5 MB" in result.stderr


@pytest.mark.django_db
def test_unknown_workspace_lists_the_existing_ones(workspace, example_file):
    for args in (
        ["export", "--workspace", "nope"],
        ["import", str(example_file), "--workspace", "nope"],
    ):
        result = run(*args)
        assert result.exit_code == 2
        assert "no workspace has the short name 'nope'" in result.stderr
        assert "fromagerie, other-brand" in result.stderr
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_a_file_naming_a_workspace_that_does_not_exist_creates_it(workspace, owner, tmp_path):
    text = example_text().replace("slug: fromagerie", "slug: ailleurs")
    result = run("import", str(write(tmp_path, text)))
    assert result.exit_code == 0, result.output
    # Alice, the first user of an install without superuser, is its administrator.
    assert "Created the workspace 'ailleurs' (Fromagerie du Lac), owned by alice" in (result.output)
    created = Workspace.objects.get(slug="ailleurs")
    assert yaml_io.dump(export_document(created)) == text
    assert not Target.objects.filter(workspace=workspace).exists()


@pytest.mark.django_db
def test_a_file_without_workspace_needs_the_option(workspace, tmp_path):
    doc = yaml_io.load(example_text())
    doc.workspace = None
    path = write(tmp_path, yaml_io.dump(doc))
    result = run("import", str(path))
    assert result.exit_code == 2
    assert "--workspace" in result.stderr
    result = run("import", str(path), "--workspace", "fromagerie")
    assert result.exit_code == 0, result.output
    assert yaml_io.dump(export_document(workspace)) == example_text()


def test_a_missing_file_is_refused(tmp_path):
    result = run("lint", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


# --- lint


def test_lint_of_the_documented_example_finds_no_error(example_file):
    result = run("lint", str(example_file), "--format", "json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)
    assert all(f["severity"] != "error" for f in findings)


def test_lint_finds_an_objective_without_kpi(tmp_path):
    path = write(tmp_path, example_text().replace("    kpi: leads\n", ""))
    result = run("lint", str(path), "--format", "json")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)
    assert {"code", "severity", "message", "ref"} == set(findings[0])
    assert any(f["ref"] == "o-revendeurs" and f["severity"] == "error" for f in findings)
    text = run("lint", str(path))
    assert text.exit_code == 1
    assert "o-revendeurs" in text.stdout
    assert "1 error, 0 warnings, 0 pieces of advice" in text.stdout


def test_lint_speaks_the_terminal_language(tmp_path, monkeypatch):
    path = write(tmp_path, example_text().replace("    kpi: leads\n", ""))
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    result = run("lint", str(path))
    assert result.exit_code == 1
    assert "Choisissez un KPI" in result.stdout
    assert "1 erreur, 0 avertissement, 0 conseil" in result.stdout


def fake_lint(monkeypatch, findings: list[Finding]) -> None:
    from mostra.strategy.checks import lint as lint_module

    monkeypatch.setattr(lint_module, "lint", lambda doc, ctx, *a: findings)


@pytest.mark.parametrize(
    ("severities", "status"),
    [([], 0), (["info"], 0), (["warning", "info"], 0), (["warning", "error"], 1)],
)
def test_lint_exit_status(monkeypatch, example_file, severities, status):
    findings = [Finding(f"rule-{s}", s, f"Do this ({s}).", "o-notoriete") for s in severities]
    fake_lint(monkeypatch, findings)
    for output_format in ("text", "json"):
        result = run("lint", str(example_file), "--format", output_format)
        assert result.exit_code == status, result.output
    result = run("lint", str(example_file), "--format", "json")
    assert json.loads(result.stdout) == [f.as_dict() for f in findings]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  - id: s-pros", "  - id: s-pros: ["),
        ("kpi: reach", "kpi: reech"),
        ("strategy: s-pros", "strategy: s-nope"),
        ("id: k-cas-clients", "id: k-reels-cave"),
        ("start: 2026-12-01", "start: soon"),
    ],
)
def test_lint_of_an_unusable_file_exits_2_with_the_line(tmp_path, old, new):
    text = example_text().replace(old, new, 1)
    result = run("lint", str(write(tmp_path, text)), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"line {line_of(example_text(), old.strip())}:" in result.stderr  # the edited line


def test_lint_needs_no_database(tmp_path, example_file):
    """In a process of its own, with a PostgreSQL that does not exist: any connection
    attempt would fail, so success proves there was none."""
    flawed = write(tmp_path, example_text().replace("    kpi: leads\n", ""))
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody:secret@127.0.0.1:9/does_not_exist",
        "MOSTRA_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for path, status in [(example_file, 0), (flawed, 1)]:
        completed = subprocess.run(
            [sys.executable, "-m", "mostra", "strategy", "lint", str(path), "--format", "json"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert completed.returncode == status, completed.stderr
        assert isinstance(json.loads(completed.stdout), list)
        assert "connect" not in completed.stderr.lower()
