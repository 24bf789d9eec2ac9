"""Writing the document back as YAML, in a fixed order: same document, same bytes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml
from pydantic import BaseModel

from mostra.strategy import catalogue
from mostra.strategy.document import StrategyDocument
from mostra.strategy.yaml_io.problems import HEADER

# ---------------------------------------------------------------------------
# Writing


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


def _plain(value: Any) -> Any:
    """A document part as plain data: fixed key order, empty values left out."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        # The whole document and its records (targets, objectives…) are written as blocks.
        record = isinstance(value, StrategyDocument) or next(iter(fields)) in {"id", "network"}
        out: dict[str, Any] = _Block() if record else {}
        for name, field in fields.items():
            item = _plain(getattr(value, name))
            if _empty(item) and _empty(_plain(field.get_default(call_default_factory=True))):
                continue
            out[name] = item
        return out
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        order = list(catalogue.NETWORKS)
        keys = sorted(value, key=lambda k: (order.index(k) if k in order else len(order), k))
        return {k: _plain(value[k]) for k in keys}
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)  # 1200.0 -> 1200, as people write it
    return value


class _Block(dict):
    """A mapping always written in block style, one key a line."""


def _scalar(value: Any) -> bool:
    if isinstance(value, str):
        return "\n" not in value
    return value is None or isinstance(value, bool | int | float | dt.date)


def _flat(value: Any) -> bool:
    """Scalars, lists of scalars and mappings of those: candidates for one line."""
    if isinstance(value, list):
        return all(_scalar(v) or (isinstance(v, dict) and _flat(v)) for v in value)
    if isinstance(value, _Block):
        return False
    if isinstance(value, dict):
        return all(
            _scalar(v) or (isinstance(v, list) and all(map(_scalar, v))) for v in value.values()
        )
    return _scalar(value)


def _inline(value: Any) -> bool:
    return _flat(value) and len(json.dumps(value, default=str, ensure_ascii=False)) <= 72


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists; short flat lists and mappings on one line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


#: Line breaks other than \n: PyYAML writes them raw in single quotes, where a reader
#: folds them into spaces; in double quotes they are escaped (\N, \L, \P, \r).
OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _represent_str(dumper: _Dumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if any(ch in value for ch in OTHER_BREAKS):
        style = '"'
    elif "\n" in value:
        style = "|"  # the emitter falls back to quotes when a block cannot hold the text
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_dict(dumper: _Dumper, value: dict) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=_inline(value))


def _represent_list(dumper: _Dumper, value: list) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=_inline(value))


_Dumper.add_representer(str, _represent_str)


def _represent_block(dumper: _Dumper, value: _Block) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=False)


_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(_Block, _represent_block)
_Dumper.add_representer(list, _represent_list)


def dump(doc: StrategyDocument) -> str:
    """The document as YAML text: same document, same bytes."""
    body = yaml.dump(
        _plain(doc),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )
    return HEADER + body
