"""Threads written in one variant: a line holding only ``---`` separates the posts.

``Premier message\\n---\\nDeuxième message`` is a thread of two posts on the networks
that support threads (their descriptor says ``threads``, :mod:`mostra.strategy.networks`:
Bluesky, Mastodon, X, Threads): the first part is the post, the others its replies, in order. Spaces
around the three hyphens are allowed; empty parts (a separator at the very end, two
in a row) are ignored.

On those networks each part is counted against the network's limit on its own
(``thread_part_too_long``, ``thread_part_too_many_bytes``, naming the part); on the
others, the separator is refused (``thread_not_supported``).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from mostra.charter import counting
from mostra.charter.checks import network as net
from mostra.charter.checks.findings import Finding
from mostra.charter.limits import NetworkLimits
from mostra.strategy import networks

#: A line holding only three hyphens (spaces and tabs around them allowed).
SEPARATOR = re.compile(r"^[ \t]*---[ \t]*$", re.MULTILINE)


def has_separator(text: str) -> bool:
    return SEPARATOR.search(text) is not None


def split_thread(text: str) -> list[str]:
    """The posts of the thread written in ``text``, stripped, empty ones left out.

    A text without separator is one part (itself, stripped; ``[]`` when blank).
    """
    return [part.strip() for part in SEPARATOR.split(text) if part.strip()]


def supports_threads(network: str) -> bool:
    """Whether mostra can publish a thread on ``network`` (its descriptor says so,
    :mod:`mostra.strategy.networks`)."""
    found = networks.get(network)
    return bool(found and found.threads)


def measure(limits: NetworkLimits, text: str) -> tuple[counting.TextCount, int]:
    """The length to show against the limit, and how many posts the text makes.

    A thread on a network that has threads shows its longest part (the one nearest the
    limit); any other text is measured whole.
    """
    parts = split_thread(text) if has_separator(text) else []
    if len(parts) < 2 or not supports_threads(limits.network):
        return counting.count_for(limits, text), 1
    counts = [counting.count_for(limits, part) for part in parts]
    return max(counts, key=lambda c: (c.count - c.limit, c.bytes)), len(parts)


def thread_findings(limits: NetworkLimits, text: str) -> list[Finding] | None:
    """Findings on a text written as a thread; None when ``text`` has no separator.

    When the network supports threads, each part is measured on its own (and replaces
    the length check of the whole text); otherwise the separator is an error.
    """
    if not has_separator(text):
        return None
    if not supports_threads(limits.network):
        message = _(
            "%(network)s has no threads: remove the lines holding only “---”, or "
            "publish this thread on Bluesky, Mastodon, X or Threads."
        ) % {"network": limits.label}
        return [Finding("thread_not_supported", "error", message, "text")]
    findings: list[Finding] = []
    parts = split_thread(text)
    if not parts:
        return [Finding("text_empty", "error", _("Write the text of the post."), "text")]
    for number, part in enumerate(parts, start=1):
        for finding in net.text_findings(limits, part, has_media=True):
            what = {"part": number, "count": len(parts), "problem": finding.message}
            message = _("Part %(part)d of %(count)d of the thread: %(problem)s") % what
            if finding.code == "text_too_many_bytes":
                findings.append(Finding("thread_part_too_many_bytes", "error", message, "text"))
            else:
                findings.append(Finding("thread_part_too_long", "error", message, "text"))
    return findings
