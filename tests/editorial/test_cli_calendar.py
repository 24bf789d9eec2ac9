"""``mostra calendar export / import`` through click's runner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from click.testing import CliRunner

from mostra import cli
from mostra.core.models import AuditEvent
from mostra.editorial.models import Post, PostStatus

PARIS = ZoneInfo("Europe/Paris")
GOOD = (
    "\ufeffdate;heure;réseau;texte;titre\n"
    "2026-03-14;09:30;instagram;Nouvelle tomme en cave 🧀;Tomme\n"
    "2026-03-14;09:30;facebook;La tomme arrive;Tomme\n"
    "2026-03-17;18:00;linkedin;Nous recrutons un affineur.;\n"
)


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(cli.mostra, ["calendar", *args], input=input)


def write(tmp_path: Path, data: str | bytes, name: str = "posts.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize("command", ["export", "import"])
def test_every_subcommand_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output and f"mostra calendar {command}" in result.output


def test_the_group_is_registered():
    assert "calendar" in CliRunner().invoke(cli.mostra, ["--help"]).output


@pytest.mark.django_db
def test_import_prints_what_it_imported(workspace, owner, tmp_path):
    path = write(tmp_path, GOOD)
    result = run("import", str(path), "--workspace", "fromagerie", "--author", owner.email)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Imported 2 posts as drafts (3 variants) into 'fromagerie':"
    assert lines[1] == "  2026-03-14 09:30  [Instagram, Facebook] Tomme"
    assert lines[2] == "  2026-03-17 18:00  [LinkedIn] Nous recrutons un affineur."
    assert Post.objects.filter(workspace=workspace, author=owner).count() == 2
    assert AuditEvent.objects.filter(object_label="CSV import: 2 posts").count() == 1


@pytest.mark.django_db
def test_import_from_standard_input_without_author(workspace):
    result = run("import", "-", "--workspace", "fromagerie", input=GOOD.encode())
    assert result.exit_code == 0, result.output
    assert set(Post.objects.values_list("author", flat=True)) == {None}


@pytest.mark.django_db
def test_dry_run_imports_nothing(workspace, tmp_path):
    result = run("import", str(write(tmp_path, GOOD)), "--workspace", "fromagerie", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "it would import 2 posts (3 variants)" in result.output
    assert Post.objects.count() == 0


@pytest.mark.django_db
def test_a_refused_file_exits_2_with_the_line_numbers(workspace, tmp_path):
    bad = GOOD + "2026-03-29;02:30;instagram;Heure d'été;\n2026-04-01;10:00;orkut;Hop;\n"
    result = run("import", str(write(tmp_path, bad)), "--workspace", "fromagerie")
    assert result.exit_code == 2
    assert "posts.csv was not imported; nothing changed:" in result.stderr
    assert "line 5: 2026-03-29 02:30 does not exist in Europe/Paris" in result.stderr
    assert "line 6: unknown network 'orkut'" in result.stderr
    assert Post.objects.count() == 0


@pytest.mark.django_db
def test_a_latin1_file_exits_2(workspace, tmp_path):
    path = write(tmp_path, GOOD.lstrip("\ufeff").encode("cp1252", errors="replace"))
    result = run("import", str(path), "--workspace", "fromagerie")
    assert result.exit_code == 2
    assert "the file is not UTF-8" in result.stderr
    assert Post.objects.count() == 0


@pytest.mark.django_db
def test_unknown_workspace_author_or_file(workspace, tmp_path):
    path = write(tmp_path, GOOD)
    result = run("import", str(path), "--workspace", "nope")
    assert result.exit_code == 2 and "Existing workspaces: fromagerie, other-brand" in result.output
    result = run("import", str(path), "--workspace", "fromagerie", "--author", "x@example.org")
    assert result.exit_code == 2 and "is not a member" in result.output
    result = run("import", str(tmp_path / "missing.csv"), "--workspace", "fromagerie")
    assert result.exit_code == 1 and "missing.csv" in result.output
    assert Post.objects.count() == 0


@pytest.mark.django_db
def test_export_csv_to_stdout_and_to_a_file_then_import_back(
    workspace, owner_membership, make_post, tmp_path
):
    make_post(networks=("instagram", "x"), when=dt.datetime(2026, 3, 14, 9, 30, tzinfo=PARIS))
    make_post(networks=("linkedin",), text="=SUM(A1)", when=None, status=PostStatus.APPROVED)
    result = run("export", "--workspace", "fromagerie", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfpost,date,time,network,text")
    assert b"'=SUM(A1)" in result.stdout_bytes

    out = tmp_path / "posts.csv"
    result = run("export", "--workspace", "fromagerie", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0
    assert (
        out.read_bytes()
        == run("export", "--workspace", "fromagerie", "--format", "csv").stdout_bytes
    )
    assert "2 posts of 'fromagerie' written to" in result.stderr
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind

    Post.objects.all().delete()
    result = run("import", str(out), "--workspace", "fromagerie")
    assert result.exit_code == 0, result.output
    assert Post.objects.count() == 2
    assert set(Post.objects.values_list("variants__text", flat=True)) == {
        "Nouvelle tomme en cave 🧀",
        "=SUM(A1)",
    }


@pytest.mark.django_db
def test_export_csv_with_semicolons(workspace, make_post):
    make_post(when=dt.datetime(2026, 3, 14, 9, 30, tzinfo=PARIS))
    result = run("export", "--workspace", "fromagerie", "--format", "csv", "--delimiter", ";")
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfpost;date;time;")


@pytest.mark.django_db
def test_export_ics(workspace, make_post, tmp_path):
    import time_machine

    with time_machine.travel(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), tick=False):
        post = make_post(when=dt.datetime(2026, 3, 14, 9, 30, tzinfo=PARIS))
        out = tmp_path / "fromagerie.ics"
        result = run("export", "--workspace", "fromagerie", "--format", "ics", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 event of 'fromagerie' written to" in result.stderr
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"post-{post.pk}@127.0.0.1"
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 14, 8, 30, tzinfo=dt.UTC)


def test_export_needs_a_format():
    result = run("export", "--workspace", "fromagerie")
    assert result.exit_code == 2 and "--format" in result.output
