"""``mostra listen enrich``: the language and sentiment mostra gives listened items, for items
read from a file, without storing anything (to try the enrichment on one's own data, or
to enrich an export before importing it elsewhere)."""

from __future__ import annotations

import json
from typing import IO, Any

import click

from mostra.core.cli_support import refuse, with_django, workspace_option


def _languages(codes: str) -> tuple[str, ...]:
    """``--languages fr,en`` as codes, each one the model knows."""
    from django.utils.translation import gettext as _

    from mostra.listening.enrichment.language import known_languages, normalise

    found = tuple(dict.fromkeys(c for c in map(normalise, codes.split(",")) if c))
    if not found:
        refuse(_("--languages needs ISO 639-1 codes separated by commas, such as fr,en."))
    unknown = [code for code in found if code not in known_languages()]
    if unknown:
        refuse(
            _("unknown language code %(codes)s: use ISO 639-1 codes such as fr, en, es.")
            % {"codes": ", ".join(repr(c) for c in unknown)}
        )
    return found


def read_items(source: IO[str]) -> list[dict[str, Any]]:
    """The items of a JSON-lines file, each an object with an ``id`` and a ``text``;
    blank lines are skipped. The first bad line refuses the whole file (exit status 2)."""
    from django.utils.translation import gettext as _

    items = []
    for number, line in enumerate(source, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            refuse(
                _("line %(line)d is not JSON (%(problem)s): write one object a line.")
                % {"line": number, "problem": exc}
            )
        if not isinstance(item, dict) or "id" not in item or not isinstance(item.get("text"), str):
            refuse(
                _('line %(line)d needs an object with "id" and "text", e.g. %(example)s')
                % {"line": number, "example": '{"id": 1, "text": "Super accueil !"}'}
            )
        for key in ("title", "lang"):
            if item.get(key) is not None and not isinstance(item[key], str):
                refuse(
                    _('line %(line)d: "%(key)s" is text (or null), not %(value)s.')
                    % {"line": number, "key": key, "value": json.dumps(item[key])}
                )
        items.append(item)
    return items


@click.command(name="enrich")
@click.option(
    "--workspace",
    "slug",
    metavar="SLUG",
    help="Detect among this workspace's languages: its charter's and English.",
)
@click.option(
    "--languages",
    "codes",
    metavar="CODES",
    help="Detect among these ISO 639-1 codes, separated by commas (instead of --workspace).",
)
@click.argument("source", metavar="FILE.jsonl", type=click.File("r", encoding="utf-8"))
@with_django
def enrich_command(slug: str | None, codes: str | None, source: IO[str]) -> None:
    """Print the language and sentiment of each item of FILE.jsonl ("-": the standard
    input), one JSON object a line: id, lang (null: unknown or not one of the
    languages), lang_confidence, sentiment (positive, neutral, negative; null outside
    French and English) and score (-1 to 1). Each line of the file is an object with
    "id" and "text", and optionally "title" and "lang" (the language its source
    declares). Stores nothing.

    \b
    Example:
        mostra listen enrich --workspace demo mentions.jsonl
        echo '{"id": 1, "text": "pas mal du tout"}' | mostra listen enrich --languages fr,en -
    """
    from django.utils.translation import gettext as _

    from mostra.listening.enrichment import enrich, workspace_languages
    from mostra.listening.items import FetchedItem

    if (slug is None) == (codes is None):
        raise click.UsageError(_("Give either --workspace SLUG or --languages CODES."))
    allowed = workspace_languages(workspace_option(slug)) if slug else _languages(codes or "")
    items = read_items(source)
    for item in items:
        found = enrich(
            FetchedItem(
                guid=str(item["id"]),
                text=item["text"],
                title=item.get("title") or None,
                lang=item.get("lang") or None,
            ),
            allowed,
        )
        feeling = found.sentiment
        line = {
            "id": item["id"],
            "lang": found.lang,
            "lang_confidence": found.lang_confidence,
            "sentiment": feeling.label.value if feeling else None,
            "score": feeling.score if feeling else None,
        }
        click.echo(json.dumps(line, ensure_ascii=False))
