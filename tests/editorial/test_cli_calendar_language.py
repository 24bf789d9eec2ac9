"""``mostra calendar export --format csv`` separates columns as its language's Excel
expects: ";" when the command speaks French, "," otherwise; --delimiter chooses."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from mostra import cli
from tests.editorial.test_cli_calendar import PARIS

pytestmark = pytest.mark.django_db
EXPORT = ["calendar", "export", "--workspace", "fromagerie", "--format", "csv"]


def export(language: str, *args: str) -> bytes:
    result = CliRunner(env={"MOSTRA_LANGUAGE": language}).invoke(cli.mostra, [*EXPORT, *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_the_delimiter_follows_the_command_s_language(workspace, make_post):
    make_post(when=dt.datetime(2026, 3, 14, 9, 30, tzinfo=PARIS))
    assert export("fr").startswith(b"\xef\xbb\xbfpost;date;time;")
    assert export("en").startswith(b"\xef\xbb\xbfpost,date,time,")
    assert export("fr", "--delimiter", ",").startswith(b"\xef\xbb\xbfpost,date,time,")
