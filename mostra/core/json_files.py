"""Reading the JSON files people give mostra (imported archives): never a traceback.

``json.loads`` descends once per nested ``[`` or ``{``: a file of 100,000 ``[`` stops it
with a RecursionError, which is not a ValueError and which no caller expected (a
traceback on the command line, a 500 on the import page). :func:`read_json` turns every
way a text can fail to be JSON (not UTF-8, not JSON, nested too deeply) into one
:class:`UnreadableJSON` whose message names the file and says what is wrong; the caller
adds what to do. A value it returns is nested less deeply than Python's recursion
limit: nothing downstream walks it recursively.

The strategy file (YAML, a superset of JSON) has its own bounded reader
(:mod:`mostra.strategy.yaml_io`); the API's bodies are parsed by django-ninja, which
answers 400 to any of these.
"""

from __future__ import annotations

import json
from typing import Any

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
