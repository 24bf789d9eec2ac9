"""The README's command table matches the CLI: every command has its row, and every
option is in that row or in the docs page the row links to. Read from click itself, so
that a new command or option cannot ship undocumented."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from mostra.cli import mostra

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| `(mostra [^`]+)` \| (.*) \|$", re.M)


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, click.Command]]:
    """Every runnable command under ``group`` as ("strategy export", command); a group that
    runs without a subcommand (``mostra kpi``) is one too."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        if isinstance(command, click.Group):
            if command.invoke_without_command:
                yield " ".join((*path, name)), command
            yield from commands(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


def rows() -> dict[str, tuple[str, str]]:
    """The table's rows by command path: (the usage in code, the description)."""
    names = {path for path, _ in commands(mostra)}
    found: dict[str, tuple[str, str]] = {}
    for usage, description in ROW.findall(README):
        words = usage.split()[1:]
        path = ""
        for i in range(len(words), 0, -1):
            if " ".join(words[:i]) in names:
                path = " ".join(words[:i])
                break
        assert path, f"the README's row `{usage}` names no mostra command"
        found[path] = (usage, description)
    return found


ALL = sorted(commands(mostra), key=lambda item: item[0])


def test_the_walk_finds_the_nested_and_lazy_commands():
    paths = [path for path, _ in ALL]
    assert "accounts connect bluesky" in paths and "strategy import" in paths
    assert len(paths) == len(set(paths)) > 20


@pytest.mark.parametrize(("path", "command"), ALL, ids=[path for path, _ in ALL])
def test_every_command_and_option_is_documented(path, command):
    table = rows()
    assert path in table, f"README's command table has no row for `mostra {path}`"
    usage, description = table[path]
    linked = [
        (ROOT / link).read_text(encoding="utf-8")
        for link in re.findall(r"\]\((docs/[^)#]+)", description)
    ]
    for param in command.params:
        if not isinstance(param, click.Option) or param.hidden:
            continue
        names = param.opts + param.secondary_opts
        name = next((n for n in names if n.startswith("--")), names[0])
        documented = "|".join(re.escape(n) + r"(?![\w-])" for n in names)
        in_row = re.search(documented, usage)
        in_docs = any(re.search(documented, page) for page in linked)
        assert in_row or in_docs, (
            f"`mostra {path}`: the option {name} is neither in the README's row nor in "
            "the docs page it links to"
        )
