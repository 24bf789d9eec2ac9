"""mostra report, through click's runner on the command object itself."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from mostra.reports.cli import report_command

pytestmark = pytest.mark.django_db


def run(*args):
    return CliRunner().invoke(report_command, ["--workspace", "fromagerie", *args])


def test_pdf_to_a_file(workspace, measured, tmp_path):
    target = tmp_path / "octobre.pdf"

    result = run("--period", "2026-10", "--lang", "fr", "--format", "pdf", "-o", str(target))

    assert result.exit_code == 0, result.output
    text = " ".join(p.extract_text() for p in PdfReader(target).pages).replace("\u00a0", " ")
    assert "octobre 2026" in text
    assert "40 %" in text and "70 %" in text


def test_png_to_a_file(workspace, measured, tmp_path):
    target = tmp_path / "october.png"

    result = run("--period", "2026-10", "--lang", "en", "--format", "png", "-o", str(target))

    assert result.exit_code == 0, result.output
    assert Image.open(target).size == (2160, 2700)


def test_svg_to_standard_output(workspace, measured):
    result = run("--period", "2026-10", "--lang", "en", "--format", "svg", "-o", "-")

    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "October 2026" in texts
    assert "40%" in texts and "70%" in texts


def test_html_to_standard_output(workspace, measured):
    result = run("--period", "2026-10", "--lang", "en", "--format", "html")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "October 2026" in result.stdout
    assert "@laiterie" in result.stdout


def test_a_custom_range(workspace, measured):
    result = run("--period", "2026-10-01..2026-10-31", "--lang", "en", "--format", "html")

    assert result.exit_code == 0, result.output
    assert "October 2026" in result.stdout  # a whole month is named as a month


@pytest.mark.parametrize("period", ["2026-13", "octobre", "2026-10-31..2026-10-01"])
def test_a_bad_period_exits_2_with_a_message(workspace, period, tmp_path):
    target = tmp_path / "report.pdf"

    result = run("--period", period, "--format", "pdf", "-o", str(target))

    assert result.exit_code == 2
    assert "Error:" in result.stderr
    assert not target.exists()


def test_an_unknown_workspace_exits_2(db):
    result = CliRunner().invoke(report_command, ["--workspace", "nowhere", "--format", "html"])

    assert result.exit_code == 2
    assert "nowhere" in result.output


def test_the_workspaces_language_by_default(workspace, measured):
    result = run("--period", "2026-10", "--format", "html")

    assert result.exit_code == 0, result.output
    assert '<html lang="fr">' in result.stdout  # a workspace in France, whatever the terminal
    assert "octobre 2026" in result.stdout
