"""The checks of a post against its networks and the workspace's charter.

Other areas call :func:`check_variant`, :func:`check_post` and :func:`blocking`; every
answer is a list of :class:`Finding` whose message says what to change.
"""

from mostra.charter.checks.findings import (
    SEVERITIES,
    Finding,
    MediaInfo,
    Severity,
    blocking,
    by_severity,
)
from mostra.charter.checks.variant import check_post, check_variant, load_charter

__all__ = [
    "SEVERITIES",
    "Finding",
    "MediaInfo",
    "Severity",
    "blocking",
    "by_severity",
    "check_post",
    "check_variant",
    "load_charter",
]
