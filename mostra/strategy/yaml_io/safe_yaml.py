"""A YAML loader that builds plain values only, with line numbers and bomb guards."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver, Resolver

from mostra.strategy.yaml_io.problems import MAX_DEPTH, MAX_NODES, _problem, _short

# ---------------------------------------------------------------------------
# Reading YAML safely


try:  # libyaml's parser (fast, C); the composing stays in Python, where it is bounded.
    from yaml.cyaml import CParser as _EventSource

    def _init_events(loader: Any, text: str) -> None:
        _EventSource.__init__(loader, text)

    _EVENT_BASES: tuple[type, ...] = (_EventSource,)
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    def _init_events(loader: Any, text: str) -> None:
        Reader.__init__(loader, text)
        Scanner.__init__(loader)
        Parser.__init__(loader)

    _EVENT_BASES = (Reader, Scanner, Parser)


class _Resolver(BaseResolver):
    """Implicit types: YAML 1.1's, minus its surprises (see the module's docstring).

    Every plain scalar this resolver reads as a non-string is also a non-string for
    PyYAML's own resolver, so text that :func:`dump` leaves unquoted reads back as text.
    """


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
        |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)
for _first, _resolvers in Resolver.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        if _tag in {"tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"} or (
            _tag == "tag:yaml.org,2002:merge"
        ):
            _Resolver.add_implicit_resolver(_tag, _regexp, [_first])


class _Composer(Composer):
    """Builds the node tree, counting values with aliases expanded, and bounding depth.

    An alias adds the full size of what it repeats, so a "billion laughs" file is refused
    after a few hundred events, without building anything large. An alias to the
    element that contains it (a cycle) is refused too.
    """

    def __init__(self) -> None:
        super().__init__()
        self._total = 0
        self._aliases = False
        self._depth = 0
        self._sizes: dict[int, int] = {}

    def _count(self, size: int, mark: Any, alias: bool = False) -> None:
        self._total += size
        self._aliases = self._aliases or alias
        if self._total > MAX_NODES:
            if self._aliases:
                text = (
                    f"the file holds more than {MAX_NODES:,} values once its aliases (*name) "
                    "are expanded: write the strategy without anchors and aliases"
                )
            else:
                text = (
                    f"the file holds more than {MAX_NODES:,} values, where a large strategy "
                    "holds a few thousand: is it the right file?"
                )
            raise _problem(mark.line + 1, text)

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = self.anchors.get(event.anchor)
            if node is not None:
                size = self._sizes.get(id(node))
                if size is None:
                    raise _problem(
                        event.start_mark.line + 1,
                        f"the alias *{event.anchor} repeats the element that contains it: "
                        "remove it",
                    )
                self._count(size, event.start_mark, alias=True)
            return super().compose_node(parent, index)
        mark = self.peek_event().start_mark
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _problem(
                mark.line + 1,
                f"lists and mappings nest more than {MAX_DEPTH} levels deep: "
                "a strategy file needs six at most",
            )
        self._count(1, mark)
        node = super().compose_node(parent, index)
        self._depth -= 1
        children: Iterable[Node]
        if isinstance(node, SequenceNode):
            children = node.value
        elif isinstance(node, MappingNode):
            children = (n for pair in node.value for n in pair)
        else:
            children = ()
        self._sizes[id(node)] = 1 + sum(self._sizes.get(id(c), 1) for c in children)
        return node


class _Constructor(SafeConstructor):
    """Plain YAML types only, with errors that name the line."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict:
        seen: dict[tuple[str, str], int] = {}
        for key_node, _value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                line = key_node.start_mark.line + 1
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise _problem(
                        line,
                        f"the key {key_node.value!r} is written twice in the same mapping "
                        f"(first on line {seen[key]}): keep one",
                    )
                seen[key] = line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_str(self, node: ScalarNode) -> str:
        value = super().construct_yaml_str(node)
        if "\x00" in value:
            raise _problem(node.start_mark.line + 1, "text cannot contain the NUL character (\\0)")
        return value

    def construct_yaml_int(self, node: ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError as exc:
            raise _problem(node.start_mark.line + 1, f"{_short(node.value)} is too long") from exc

    def construct_yaml_float(self, node: ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise _problem(node.start_mark.line + 1, f"{_short(node.value)}: write a finite number")
        return value

    def construct_yaml_timestamp(self, node: ScalarNode) -> dt.date | str:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            # Such as 2027-02-30: left as text, so that the check of the field it is in
            # says which field, and that it is not a date.
            return str(node.value)


for _tag, _method in [
    ("tag:yaml.org,2002:str", _Constructor.construct_yaml_str),
    ("tag:yaml.org,2002:int", _Constructor.construct_yaml_int),
    ("tag:yaml.org,2002:float", _Constructor.construct_yaml_float),
    ("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp),
]:
    _Constructor.add_constructor(_tag, _method)


class _Loader(_Composer, _Constructor, _Resolver, *_EVENT_BASES):  # type: ignore[misc]
    def __init__(self, text: str) -> None:
        _init_events(self, text)
        _Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)
