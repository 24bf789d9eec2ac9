"""``mostra listen enrich``: the language and sentiment of items read from a JSON-lines file,
printed one JSON object a line; bad input refused whole with status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mostra import cli
from mostra.charter.models import Charter

ITEMS = [
    {"id": 1, "text": "pas mal du tout ce resto, on y retourne la semaine prochaine"},
    {"id": "b", "text": "Terrible service, the bus never came this morning", "title": None},
    {"id": 3, "text": "ok 👍", "lang": "fr-FR"},
    {"id": 4, "text": "Das Fahrrad wurde in zwei Tagen repariert, danke schön"},
]


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli.mostra, ["listen", "enrich", *args], input=stdin)


def jsonl(items: list[dict]) -> str:
    return "\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n"


def printed(output: str) -> dict:
    return {line["id"]: line for line in map(json.loads, output.splitlines())}


def test_help_has_an_example() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "mostra listen enrich --workspace demo mentions.jsonl" in result.output


def test_each_item_gets_its_language_and_sentiment(tmp_path: Path) -> None:
    source = tmp_path / "mentions.jsonl"
    source.write_text(jsonl(ITEMS) + "\n", encoding="utf-8")  # a blank line is skipped
    result = run("--languages", "fr,en", str(source))
    assert result.exit_code == 0, result.output
    lines = printed(result.output)
    assert list(lines) == [1, "b", 3, 4]
    assert lines[1]["lang"] == "fr" and lines[1]["sentiment"] == "positive"
    assert lines["b"]["lang"] == "en" and lines["b"]["sentiment"] == "negative"
    assert lines["b"]["score"] < -0.05
    # Too short to judge, but its source declares French.
    assert lines[3] == {
        "id": 3,
        "lang": "fr",
        "lang_confidence": 1.0,
        "sentiment": "positive",
        "score": lines[3]["score"],
    }
    assert lines[4] == {
        "id": 4,
        "lang": None,
        "lang_confidence": 0.0,
        "sentiment": None,
        "score": None,
    }


def test_the_standard_input_and_other_languages(tmp_path: Path) -> None:
    result = run("--languages", "de, EN", "-", stdin=jsonl(ITEMS))
    assert result.exit_code == 0, result.output
    lines = printed(result.output)
    assert lines[4]["lang"] == "de" and lines[4]["sentiment"] is None  # no German sentiment
    assert lines[1]["lang"] is None  # French is not one of the languages


@pytest.mark.django_db
def test_a_workspace_lends_its_languages(workspace) -> None:
    result = run("--workspace", workspace.slug, "-", stdin=jsonl(ITEMS))
    assert result.exit_code == 0, result.output
    assert printed(result.output)[1]["lang"] == "fr"
    Charter.objects.create(workspace=workspace, language="en")
    result = run("--workspace", workspace.slug, "-", stdin=jsonl(ITEMS))
    assert printed(result.output)[1]["lang"] is None
    assert printed(result.output)["b"]["lang"] == "en"


@pytest.mark.django_db
def test_an_unknown_workspace_is_refused_with_the_existing_ones(workspace) -> None:
    result = run("--workspace", "nope", "-", stdin=jsonl(ITEMS))
    assert result.exit_code == 2
    assert "no workspace has the short name 'nope'" in result.output
    assert "fromagerie" in result.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        ([], "", "Give either --workspace SLUG or --languages CODES."),
        (["--languages", "fr", "--workspace", "x"], "", "Give either --workspace SLUG"),
        (["--languages", " , "], "", "--languages needs ISO 639-1 codes"),
        (["--languages", "fr,xx,klingon"], "", "unknown language code 'xx', 'klingon'"),
        (["--languages", "fr"], '{"id": 1, "text": "ok"}\nnot json\n', "line 2 is not JSON"),
        (["--languages", "fr"], '{"id": 1}\n', 'line 1 needs an object with "id" and "text"'),
        (["--languages", "fr"], '[1, "text"]\n', 'line 1 needs an object with "id" and "text"'),
        (["--languages", "fr"], '{"id": 1, "text": "a", "lang": 5}\n', '"lang" is text'),
    ],
)
def test_bad_input_is_refused_and_nothing_printed(args, stdin, message) -> None:
    result = run(*args, "-", stdin=stdin)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not any(line.startswith("{") for line in result.output.splitlines())


def test_refusals_and_labels_in_french() -> None:
    from django.utils import translation

    from mostra.listening.enrichment import SentimentLabel
    from tests.core.pending_french import pending

    with pending("ENRICH"):
        result = CliRunner(env={"MOSTRA_LANGUAGE": "fr"}).invoke(
            cli.mostra, ["listen", "enrich", "--languages", "fr", "-"], input='{"id": 1}\n'
        )
        assert result.exit_code == 2
        assert 'la ligne 1 doit être un objet avec « id » et « text », par exemple {"id": 1' in (
            result.output
        )
        with translation.override("fr"):
            assert [str(label.label) for label in SentimentLabel] == [
                "Positif",
                "Neutre",
                "Négatif",
            ]
