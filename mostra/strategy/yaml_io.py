"""Reading and writing the strategy file: YAML in, :class:`StrategyDocument` out, and back.

:func:`load` refuses, with a message naming the line, anything that is not a valid
strategy: a file too large (before reading it), a YAML syntax error, a key written twice,
a YAML bomb (anchors and aliases expanding to too many values), nesting too deep, a value
of the wrong type, an unknown key, a date that is not a date, a duplicate id or a
reference to an id that does not exist. It never runs code from the file: only plain
YAML types are built (no ``!!python/...`` tags).

YAML is read as in YAML 1.2 where YAML 1.1 surprises people: ``10:00`` is the text
"10:00" (not the number 600), ``no`` and ``NO`` are text (not false: the country code of
Norway stays ``NO``), and ``010`` is text (not the octal number 8). Booleans are
``true`` and ``false``; ``yes``/``no`` still work where a boolean is expected.

:func:`dump` writes a document back in a fixed order, leaving out only empty values, so
that export → import → export gives the same bytes. See docs/strategy-file.md.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import sys
import types
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver, Resolver

from mostra.core.errors import DomainError
from mostra.strategy import catalogue
from mostra.strategy.document import StrategyDocument, reference_errors

#: Files larger than this are refused before they are read.
MAX_BYTES = 5_000_000
#: Values (scalars, lists and mappings) a file may hold once its aliases are expanded.
#: A large real strategy holds a few thousand.
MAX_NODES = 100_000
#: How deep lists and mappings may nest (a strategy needs six levels).
MAX_DEPTH = 20
#: Problems reported at once; the rest are counted.
MAX_PROBLEMS = 20

HEADER = "# mostra strategy file, format version 1: see docs/strategy-file.md\n"

Path_ = tuple[str | int, ...]


class FileProblem(DomainError):
    """A strategy file that cannot be used: nothing was read from it, nothing imported.

    ``line`` is the (1-based) line of the first problem, or None when the problem is the
    file as a whole (too large, not UTF-8…). ``problems`` lists every problem found as
    (line, text); ``message`` is them all, one per line, as "line N: path: problem".
    """

    def __init__(
        self,
        message: str,
        line: int | None = None,
        problems: list[tuple[int | None, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.line = line
        self.problems = problems if problems is not None else [(line, message)]


def format_path(path: Sequence[str | int]) -> str:
    """("objectives", 0, "deadline") -> "objectives[0].deadline"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _at(line: int | None, text: str) -> str:
    return f"line {line}: {text}" if line else text


def _problem(line: int | None, text: str) -> FileProblem:
    return FileProblem(_at(line, text), line)


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value.isoformat() if isinstance(value, dt.date) else value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


# ---------------------------------------------------------------------------
# Lines


class Locator:
    """Finds the line where a path of keys and indexes starts in the file."""

    def __init__(self, root: Node | None) -> None:
        self.root = root

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line of the deepest element of ``path`` present in the file.

        A key's own line is given for mapping entries (where "key:" is written), so that a
        missing key points at its parent and an unknown key at itself.
        """
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in path:
            if isinstance(node, MappingNode):
                entry = next(
                    (
                        (k, v)
                        for k, v in node.value
                        if isinstance(k, ScalarNode) and k.value == str(part)
                    ),
                    None,
                )
                if entry is None:
                    break
                line = entry[0].start_mark.line + 1
                node = entry[1]
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line


# ---------------------------------------------------------------------------
# Reading a file


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _problem(None, "the file is in UTF-16: save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _problem(
            line, f"the file is not UTF-8 text (byte {exc.start + 1}): save it as UTF-8"
        ) from exc


def _too_large(size: int, max_bytes: int) -> FileProblem:
    return _problem(
        None,
        f"the file is {size / 1_000_000:.1f} MB; a strategy file can be at most "
        f"{max_bytes / 1_000_000:g} MB (a large strategy is well under 1 MB): "
        "is it the right file?",
    )


def read_file(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None
) -> bytes:
    """The bytes of a file (``-`` is standard input), refused above ``max_bytes``.

    A regular file's size is checked before reading; at most ``max_bytes + 1`` bytes are
    ever read, whatever the file.
    """
    try:
        if str(path) == "-":
            source = stdin or sys.stdin.buffer
            data = source.read(max_bytes + 1)
        else:
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > max_bytes:
                    raise _too_large(size, max_bytes)
                data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise _problem(None, f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def _parse(text: str) -> tuple[Any, Node | None]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        return data, node
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise _problem(
            mark.line + 1 if mark is not None else None,
            f"{exc.problem}: a strategy file holds only text, numbers, dates, true or false, "
            "lists and mappings",
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        lines = text.splitlines()
        if line and line <= len(lines) and "\t" in lines[line - 1]:
            problem += " (a tab: indent with spaces, YAML does not allow tabs there)"
        raise _problem(line, f"YAML syntax: {problem}") from exc
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        raise _problem(line, f"the file contains a character YAML does not allow: {exc}") from exc
    except yaml.YAMLError as exc:
        raise _problem(None, f"YAML: {exc}") from exc
    finally:
        loader.dispose()


def load_located(
    source: str | bytes, *, max_bytes: int = MAX_BYTES
) -> tuple[StrategyDocument, Locator]:
    """Like :func:`load`, also returning a :class:`Locator` for later messages."""
    if isinstance(source, bytes):
        if len(source) > max_bytes:
            raise _too_large(len(source), max_bytes)
        text = _decode(source)
    else:
        if len(source) > max_bytes:  # at least as many bytes as characters
            raise _too_large(len(source), max_bytes)
        size = len(source.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        text = source.removeprefix("\ufeff")
    data, root = _parse(text)
    locator = Locator(root)
    if data is None:
        raise _problem(
            None,
            "the file is empty: start from `mostra strategy export` or the example "
            "in docs/strategy-file.md",
        )
    if not isinstance(data, dict):
        raise _problem(
            locator.line(()),
            "a strategy file is a mapping of keys (version, workspace, targets, objectives…), "
            f"not a {type(data).__name__}",
        )
    try:
        doc = StrategyDocument.model_validate(data)
    except ValidationError as exc:
        raise _validation_problem(exc, locator) from exc
    errors = non_finite_numbers(doc) + reference_errors(doc)
    problems = [(locator.line(path), f"{format_path(path)}: {text}") for path, text in errors]
    if problems:
        raise _many(problems)
    return doc, locator


def load(source: str | bytes, *, max_bytes: int = MAX_BYTES) -> StrategyDocument:
    """Read a strategy file; raise :class:`FileProblem` naming the line when it is not one."""
    return load_located(source, max_bytes=max_bytes)[0]


def _many(problems: list[tuple[int | None, str]]) -> FileProblem:
    problems = sorted(problems, key=lambda p: p[0] or 0)
    shown = problems[:MAX_PROBLEMS]
    lines = [_at(line, text) for line, text in shown]
    if len(problems) > len(shown):
        lines.append(f"… and {len(problems) - len(shown)} more problems")
    return FileProblem("\n".join(lines), shown[0][0], problems)


def non_finite_numbers(doc: BaseModel) -> list[tuple[Path_, str]]:
    """Numbers that are infinite or not a number ("inf", "nan", "1e999"), as (path, message)."""
    found: list[tuple[Path_, str]] = []

    def walk(value: Any, path: Path_) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), (*path, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i))
        elif isinstance(value, float) and not math.isfinite(value):
            found.append((path, f"{value} is not a usable number: write a finite number"))

    walk(doc, ())
    return found


# ---------------------------------------------------------------------------
# Pydantic's errors in words


DATE_ERRORS = {
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
}
NUMBER_ERRORS = {"float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"}
PATTERN_HELP = {
    "id": "use lowercase letters, digits, - and _, starting with a letter or digit "
    "(such as t-artisans)",
    "slug": "use lowercase letters, digits and -, such as fromagerie-du-lac",
    "country": "use a two-letter country code in capitals, such as FR",
    "age": "write an age band such as 18-29 or 65+",
}
REFERENCE_KEYS = {"objective", "strategy", "targets"}


def _model_at(path: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class a path leads to in StrategyDocument, if it leads to one."""
    current: Any = StrategyDocument
    for part in path:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif get_origin(current) in (list, dict):
            current = get_args(current)[-1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """X | None -> X."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _describe(error: Any) -> tuple[Path_, str]:
    """(path of the element concerned, what to do), for one pydantic error."""
    kind = error["type"]
    loc: Path_ = tuple(p for p in error["loc"] if p != "[key]")
    value = error.get("input")
    ctx = error.get("ctx") or {}
    last = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = f" (keys allowed here: {', '.join(model.model_fields)})" if model else ""
        return loc, f"unknown key {last!r}: remove it or correct its spelling{allowed}"
    if kind == "missing":
        return loc[:-1], f"the key {last!r} is required here: add it"
    if kind in DATE_ERRORS:
        return loc, f"{_short(value)} is not a date: write it as YYYY-MM-DD, such as 2027-03-31"
    if kind == "literal_error":
        if last == "version":
            return loc, f"{_short(value)} is not a version mostra reads: write version: 1"
        return loc, f"{_short(value)} is not allowed here: use one of {ctx.get('expected', '')}"
    if kind == "string_type":
        return loc, f"{_short(value)} should be text: put it in quotes"
    if kind in NUMBER_ERRORS:
        whole = "a whole number" if kind.startswith("int") else "a number"
        return loc, f"{_short(value)} should be {whole}"
    if kind in {"bool_type", "bool_parsing"}:
        return loc, f"{_short(value)} should be true or false"
    if kind in {"list_type"}:
        return loc, f"{_short(value)} should be a list, such as [a, b] or lines starting with -"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return loc, f"{_short(value)} should be a mapping of keys (key: value)"
    if kind == "string_pattern_mismatch":
        key = "id" if (last in {"id"} | REFERENCE_KEYS or isinstance(last, int)) else str(last)
        if isinstance(last, int) and len(loc) >= 2 and loc[-2] == "age":
            key = "age"
        advice = PATTERN_HELP.get(key) or f"it should match {ctx.get('pattern', '')}"
        return loc, f"{_short(value)} has the wrong form: {advice}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return loc, f"{message} (found {_short(value)})" if value is not None else message


def _validation_problem(exc: ValidationError, locator: Locator) -> FileProblem:
    problems = []
    for error in exc.errors(include_url=False):
        path, text = _describe(error)
        shown_path = tuple(p for p in error["loc"] if p != "[key]")
        problems.append((locator.line(path), f"{format_path(shown_path)}: {text}"))
    return _many(problems)


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


# ---------------------------------------------------------------------------
# The JSON Schema

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "strategy-file.schema.json"


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
