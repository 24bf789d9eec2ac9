"""A query that cannot be read: where (line and column, 1-based) and what to do.

The message is kept as its gettext template and its values, and written in the
language active when it is shown (a web page's, the command line's), not the one
active when the query was parsed.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise


class QuerySyntaxError(ValueError):
    """The query cannot be read: ``line`` and ``column`` point at the problem."""

    def __init__(
        self,
        template: str | Promise,
        params: Mapping[str, object] | None = None,
        *,
        line: int = 1,
        column: int = 1,
        code: str = "syntax",
    ) -> None:
        self.template = template
        self.params = dict(params or {})
        self.line = line
        self.column = column
        #: A stable name for the problem (``unclosed-parenthesis``…), for tests and APIs.
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        """The problem and what to do, in the active language."""
        return str(self.template) % self.params if self.params else str(self.template)

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class Located:
    """Turn an offset in the query into its line and column (1-based)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def at(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset) + 1
        start = self.text.rfind("\n", 0, offset) + 1
        return line, offset - start + 1

    def error(
        self,
        offset: int,
        template: str | Promise,
        params: Mapping[str, object] | None = None,
        *,
        code: str,
    ) -> QuerySyntaxError:
        line, column = self.at(offset)
        return QuerySyntaxError(template, params, line=line, column=column, code=code)
