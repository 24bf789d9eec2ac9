"""The shape every check answers with, and the media a check looks at."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
Field = Literal["text", "link", "first_comment", "media", "alt_text"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One problem of a post: ``message`` says what to change.

    ``code`` is stable (tests, scripts and the API rely on it); ``field`` names the part
    of the variant to change, or is ``None`` for the post as a whole.
    """

    code: str
    severity: Severity
    message: str
    field: Field | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "field": self.field,
        }


def blocking(findings: Iterable[Finding]) -> bool:
    """Whether the findings stop a submission for approval (any error)."""
    return any(f.severity == "error" for f in findings)


def by_severity(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {s: [] for s in SEVERITIES}
    for finding in findings:
        grouped[finding.severity].append(finding)
    return grouped


@dataclass(frozen=True)
class MediaInfo:
    """What the checks need to know of one attached image, GIF or video."""

    kind: Literal["image", "gif", "video"]
    mime_type: str
    size: int
    alt_text: str = ""
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    name: str = ""

    @classmethod
    def from_media(cls, media: Any) -> MediaInfo:
        """From a :class:`~mostra.editorial.models.PostMedia`."""
        return cls(
            kind=media.kind,
            mime_type=media.mime_type,
            size=media.size,
            alt_text=media.alt_text or "",
            width=media.width,
            height=media.height,
            duration=media.duration,
            name=media.original_name or "",
        )
