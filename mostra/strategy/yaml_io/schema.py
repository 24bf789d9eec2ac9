"""The JSON Schema of the strategy file (docs/strategy-file.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path

from mostra.strategy.document import StrategyDocument

# ---------------------------------------------------------------------------
# The JSON Schema

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "docs" / "strategy-file.schema.json"


def schema_text() -> str:
    """The JSON Schema of the file, as docs/strategy-file.schema.json holds it.

    To write it again after a change to the document's model::

        python -c "from mostra.strategy import yaml_io; yaml_io.write_schema()"
    """
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated from mostra.strategy.document.StrategyDocument: "
        "see docs/strategy-file.md. Do not edit by hand.",
        **StrategyDocument.model_json_schema(),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schema() -> None:
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
