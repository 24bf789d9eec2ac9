"""Reading the JSON files people give mostra (imported archives): never a traceback.

``json.loads`` descends once per nested ``[`` or ``{``: a file of 100,000 ``[`` stops it
with a RecursionError, which is not a ValueError and which no caller expected (a
traceback on the command line, a 500 on the import page). :func:`read_json` turns every
way a text can fail to be JSON (not UTF-8, not JSON, nested too deeply) into one
:class:`UnreadableJSON` whose message names the file and says what is wrong; the caller
adds what to do. A value it returns is nested less deeply than Python's recursion
limit: nothing downstream walks it recursively.

An archive's large files (an X archive's tweets, a Mastodon outbox: gigabytes) are read
as a stream by :class:`StreamedArray`, one item at a time, through the same decoder.

The strategy file (YAML, a superset of JSON) has its own bounded reader
(:mod:`mostra.strategy.yaml_io`); the API's bodies are parsed by django-ninja, which
answers 400 to any of these.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _


class UnreadableJSON(ValueError):
    """The text is not JSON mostra can read; ``message`` says why, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_json(data: bytes | str, name: str) -> Any:
    """The value ``data`` holds (bytes: UTF-8, a byte order mark allowed).

    ``name`` is the file's name as the user knows it, used in the messages.
    """
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        return json.loads(text)
    except UnicodeDecodeError as exc:
        raise UnreadableJSON(_("%(name)s is not valid JSON") % {"name": name}) from exc
    except json.JSONDecodeError as exc:
        raise UnreadableJSON(
            _("%(name)s is not valid JSON (line %(line)s)") % {"name": name, "line": exc.lineno}
        ) from exc
    except RecursionError:
        raise UnreadableJSON(
            _("%(name)s holds lists or objects nested too deeply to be read") % {"name": name}
        ) from None


#: How much is read from the file at a time (bytes).
CHUNK = 1024 * 1024
#: The largest single item of a streamed array (characters): an archive's items are
#: kilobytes; without a bound, a broken file would be read whole looking for the end.
MAX_ITEM = 32 * 1024 * 1024
#: How far into a file its array may start (``window.YTD.tweets.part0 = [``).
MAX_PREFIX = 64 * 1024

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _cut(error: json.JSONDecodeError, length: int) -> bool:
    """Whether the decoder stopped because the text ends (a string, a literal or a
    number cut by the chunk), rather than at a mistake inside it."""
    return error.msg.startswith("Unterminated string") or error.pos >= length - 16


class NoArray(UnreadableJSON):
    """The file has no ``[`` where its array should start."""


class _Text:
    """A binary stream decoded as UTF-8 a chunk at a time: the part not yet consumed
    (``buffer[position:]``) and the number of lines consumed before it."""

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self.stream = stream
        self.name = name
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buffer = ""
        self.position = 0
        self.lines = 0
        self.ended = False

    def more(self, at_least: int = CHUNK) -> bool:
        """Read more of the file (dropping what was consumed); False at its end."""
        if self.ended:
            return False
        if self.position:
            self.lines += self.buffer.count("\n", 0, self.position)
            self.buffer = self.buffer[self.position :]
            self.position = 0
        data = self.stream.read(max(at_least, CHUNK))
        try:
            self.buffer += self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise UnreadableJSON(_("%(name)s is not valid JSON") % {"name": self.name}) from exc
        self.ended = not data
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), not consumed."""
        while True:
            self.position = _SPACE.match(self.buffer, self.position).end()  # type: ignore[union-attr]
            if self.position < len(self.buffer):
                return self.buffer[self.position]
            if not self.more():
                return ""

    def take(self, expected: str) -> None:
        """Consume ``expected`` (one of ``[{:,]}``), or say where the file goes wrong."""
        if self.peek() != expected:
            raise self.invalid()
        self.position += 1

    def value(self) -> Any:
        """The next JSON value; refused past :data:`MAX_ITEM` characters."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError as exc:
                if self.ended or not _cut(exc, len(self.buffer)):
                    raise self.invalid(exc.lineno) from exc
                if len(self.buffer) - self.position > MAX_ITEM:
                    raise UnreadableJSON(
                        _("%(name)s holds an item of more than %(size)s MB")
                        % {"name": self.name, "size": MAX_ITEM // 1024**2}
                    ) from exc
                self.more(len(self.buffer) - self.position)
                continue
            except RecursionError:
                raise UnreadableJSON(
                    _("%(name)s holds lists or objects nested too deeply to be read")
                    % {"name": self.name}
                ) from None
            if end == len(self.buffer) and self.more():
                continue  # a number (or a literal) cut by the chunk may go on
            self.position = end
            return value

    def invalid(self, line: int | None = None) -> UnreadableJSON:
        if line is None:
            line = self.buffer.count("\n", 0, self.position) + 1
        return UnreadableJSON(
            _("%(name)s is not valid JSON (line %(line)s)")
            % {"name": self.name, "line": self.lines + line}
        )


class StreamedArray:
    """The items of one JSON array of a file, read one at a time: memory holds one item
    and a chunk of the file, whatever the file's size.

    ``key=None``: the file is the array itself, after at most :data:`MAX_PREFIX`
    characters of anything (``window.YTD.tweets.part0 = [ … ]``; :class:`NoArray` when
    there is no ``[``), then only white space or ``;``. ``key="orderedItems"``: the
    array is that member of the file's object; the object's other members are read
    whole into :attr:`members` as they come. A file that is not an object is read whole
    into :attr:`value` (it is no such file: the caller refuses it). Every way it can
    fail is an :class:`UnreadableJSON`, as with :func:`read_json`; each item is read by
    the same decoder, so nesting too deep is refused the same way.

    Steps: decode the bytes a chunk at a time; skip to the array; for each item,
    ``JSONDecoder.raw_decode`` it at the current position, reading more of the file
    while it is cut by the chunk's end; between items, expect ``,`` or ``]``.
    """

    def __init__(self, stream: IO[bytes], name: str, *, key: str | None = None) -> None:
        self.text = _Text(stream, name)
        self.key = key
        #: The enclosing object's other members, read so far (``key`` given).
        self.members: dict[str, Any] = {}
        #: True once the array was found (``key`` given: the member exists and is a list).
        self.found = False
        #: The whole value, when the file is not an object (``key`` given).
        self.value: Any = None

    def __iter__(self) -> Iterator[Any]:
        text = self.text
        if self.key is None:
            self._skip_prefix()
            yield from self._items()
            if text.peek() == ";":
                text.position += 1
            if text.peek():
                raise text.invalid()
            return
        if text.peek() != "{":
            self.value = text.value()
            if text.peek():
                raise text.invalid()
            return
        text.take("{")
        while text.peek() != "}":
            if self.members or self.found:
                text.take(",")
            name = text.value()
            text.take(":")
            if name == self.key and text.peek() == "[":
                yield from self._items()
            else:
                self.members[str(name)] = text.value()
        text.take("}")
        if text.peek():
            raise text.invalid()

    def _skip_prefix(self) -> None:
        text = self.text
        while True:
            start = text.buffer.find("[", text.position)
            if start >= 0:
                if start > MAX_PREFIX:
                    break
                text.position = start
                self.found = True
                return
            if len(text.buffer) > MAX_PREFIX or not text.more():
                break
        raise NoArray(_("%(name)s holds no list") % {"name": text.name})

    def _items(self) -> Iterator[Any]:
        text = self.text
        self.found = True
        text.take("[")
        if text.peek() == "]":
            text.position += 1
            return
        while True:
            yield text.value()
            if text.peek() == "]":
                text.position += 1
                return
            text.take(",")
