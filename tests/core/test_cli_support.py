"""The helpers every app's commands share: refusing, finding a workspace, writing a file."""

from __future__ import annotations

import os
import stat

import click
import pytest
from django.utils import translation

from mostra.core import cli_support


@pytest.fixture(autouse=True)
def english():
    """In English, whatever language an earlier command left active."""
    with translation.override("en"):
        yield


def test_write_output_writes_the_whole_file_with_ordinary_permissions(tmp_path):
    target = tmp_path / "strategy.yaml"
    target.write_text("old", encoding="utf-8")
    cli_support.write_output(str(target), "mission: réparer\n")
    assert target.read_text(encoding="utf-8") == "mission: réparer\n"
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["strategy.yaml"]  # No temporary left.


def test_write_output_into_a_missing_directory_is_a_file_error(tmp_path):
    with pytest.raises(click.FileError):
        cli_support.write_output(str(tmp_path / "missing" / "posts.csv"), b"a,b\n")


def test_refuse_exits_2_with_the_problem(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli_support.refuse("the file is empty")
    assert exit_info.value.code == cli_support.REFUSED == 2
    assert capsys.readouterr().err == "Error: the file is empty\n"


@pytest.mark.django_db
def test_an_unknown_workspace_lists_the_existing_ones(workspace):
    with pytest.raises(click.BadParameter) as refused:
        cli_support.workspace_option("nope")
    assert refused.value.param_hint == "--workspace"
    assert "'nope'" in refused.value.message
    assert "Existing workspaces: fromagerie, other-brand." in refused.value.message
    assert cli_support.workspace_option("fromagerie") == workspace


@pytest.mark.django_db
def test_without_any_workspace_it_says_where_to_create_one():
    assert "none yet (create one in the web app)" in cli_support.unknown_workspace("demo")
