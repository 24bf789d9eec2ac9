"""The error a user can cause: a message that says what to do next."""

from __future__ import annotations


class DomainError(Exception):
    """Raised by services when a request would break a rule. Nothing was changed."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
