"""The pieces of a SMART result: a letter, its reasons, and the issues the lint reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from mostra.strategy.checks import Severity


@dataclass(frozen=True)
class Issue:
    """A failure or warning the lint reports, with its stable code."""

    code: str
    severity: Severity
    message: str


@dataclass
class Letter:
    ok: bool | None
    reasons: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    #: Passes, but waits for something before it can be judged (shown amber): the code
    #: of the issue saying what to do.
    waiting: str = ""


class LetterBuilder:
    """Collects the reasons of one letter; the letter fails if any reason fails."""

    def __init__(self) -> None:
        self.failed = False
        self.unknown = False
        self.waiting = ""
        self.reasons: list[str] = []
        self.issues: list[Issue] = []

    def fail(self, message: str, code: str | None = None, severity: Severity = "error") -> None:
        self.failed = True
        self.reasons.append(message)
        if code:
            self.issues.append(Issue(code, severity, message))

    def warn(self, message: str, code: str, severity: Severity = "warning") -> None:
        self.reasons.append(message)
        self.issues.append(Issue(code, severity, message))

    def wait(self, message: str, code: str) -> None:
        """The letter passes, but something must be done first (amber on the board)."""
        self.waiting = code
        self.warn(message, code)

    def cannot(self, message: str) -> None:
        self.unknown = True
        self.reasons.append(message)

    def note(self, message: str) -> None:
        self.reasons.append(message)

    def letter(self, ok_message: str) -> Letter:
        ok = False if self.failed else (None if self.unknown else True)
        reasons = ([ok_message] if ok and ok_message else []) + self.reasons
        waiting = self.waiting if ok else ""
        return Letter(ok=ok, reasons=reasons, issues=self.issues, waiting=waiting)
