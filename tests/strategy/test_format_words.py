"""The source method's own words: "vidéos, texte, photos" written in a tactic's formats
are content types; the file imports, lints and exports in the canonical form."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mostra import cli
from mostra.strategy import catalogue, yaml_io
from mostra.strategy.models import Tactic
from tests.strategy.fromagerie import url
from tests.strategy.yaml_support import DOC, example_text, line_of

REELS = "    content_types: [video]\n    formats: [reel]\n"
#: The first tactic in the method's words.
METHOD_WORDS = "    formats: [video, text, photo, infographic]\n"
#: ... and as mostra reads and exports it.
CANONICAL = "    content_types: [video, text, photo]\n    formats: [infographic]\n"


def run(*args: str):
    return CliRunner().invoke(cli.mostra, ["strategy", *args])


def in_method_words() -> str:
    assert REELS in example_text()
    return example_text().replace(REELS, METHOD_WORDS)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "strategy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_content_types_written_as_formats_are_read_as_content_types():
    tactic = yaml_io.load(in_method_words()).tactics[0]
    assert (tactic.content_types, tactic.formats) == (["video", "text", "photo"], ["infographic"])
    assert yaml_io.dump(yaml_io.load(in_method_words())) == example_text().replace(REELS, CANONICAL)


def test_they_follow_the_content_types_listed_in_order_each_once():
    text = example_text().replace(
        "    formats: [article, carousel]\n",
        "    formats: [photo, article, video, carousel, text, video]\n",
    )
    tactic = yaml_io.load(text).tactics[1]
    assert tactic.content_types == ["text", "photo", "video"]  # text and photo were there
    assert tactic.formats == ["article", "carousel"]


@pytest.mark.django_db
def test_the_file_imports_lints_clean_and_exports_canonically(workspace, tmp_path):
    path = write(tmp_path, in_method_words())
    lint = run("lint", str(path), "--format", "json")
    assert lint.exit_code == 0, lint.output
    assert all(f["severity"] != "error" for f in json.loads(lint.stdout))

    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    tactic = Tactic.objects.get(workspace=workspace, key="k-reels-cave")
    assert (tactic.content_types, tactic.formats) == (["video", "text", "photo"], ["infographic"])
    exported = run("export", "--workspace", "fromagerie").stdout
    assert exported == example_text().replace(REELS, CANONICAL)
    # The canonical file says the same: importing it changes nothing.
    again = run("import", str(write(tmp_path, exported)))
    assert "Nothing changed" in again.output


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["lint", "import"])
def test_a_word_that_is_neither_is_refused_with_the_words_accepted(workspace, tmp_path, command):
    text = example_text().replace("formats: [reel]", "formats: [reel, gif]")
    result = run(command, str(write(tmp_path, text)))
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert f"line {line_of(text, 'formats: [reel, gif]')}: tactics[0].formats[1]:" in message
    assert "'gif' is not allowed here: use one of 'post', 'carousel'" in message
    for word in ("long_video", "video", "text", "photo", "poll"):
        assert f"'{word}'" in message
    assert not Tactic.objects.exists()


def test_the_doc_maps_every_content_type_that_is_not_a_format():
    doc = DOC.read_text(encoding="utf-8")
    section = doc.split("### Content types written as formats", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `(\w+)` \| (.+) \|$", section, flags=re.M))
    for code in catalogue.CONTENT_TYPES_NOT_FORMATS:
        assert rows[code] == f"content type `{code}`"
    assert set(catalogue.CONTENT_TYPES) & set(catalogue.FORMATS) == {"infographic"}
    assert rows["infographic"].startswith("format `infographic`")


def test_the_tactic_form_has_the_content_types_beside_the_formats(
    strategy, workspace, owner_client
):
    html = owner_client.get(url(workspace, "tactics/k-reels/edit/")).content.decode()
    start = html.index('<div class="row"><div class="field"><fieldset')  # one row, two lists
    row = html[start : html.index('name="tactic-k-reels-per_week"')]
    assert row.index('name="tactic-k-reels-content_types"') < row.index(
        'name="tactic-k-reels-formats"'
    )
    assert "What the posts are made of: videos, text, photos, infographics…" in row
    assert "Videos, text and photos are content types: tick them in Content types." in row
    for code in ("video", "text", "photo"):
        assert f'name="tactic-k-reels-content_types" value="{code}"' in row
