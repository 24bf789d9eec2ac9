"""What the network itself refuses: text length, bytes, hashtags, first comment, media."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.charter import counting
from mostra.charter.checks.findings import Field, Finding, MediaInfo
from mostra.charter.checks.words import hashtags
from mostra.charter.limits import NetworkLimits


def counting_note(limits: NetworkLimits) -> str:
    if limits.counting == "x_weighted":
        return _("X counts every link as 23, emoji and most non-Latin characters as 2")
    if limits.counting == "mastodon":
        return _("Mastodon counts every link as 23 and @user@domain as @user")
    return _("%(network)s counts graphemes: an emoji or an accented letter is one") % {
        "network": limits.label
    }


def human_bytes(size: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            return f"{size / scale:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{size} B"


def text_findings(
    limits: NetworkLimits, text: str, *, has_media: bool, field: Field = "text"
) -> list[Finding]:
    findings: list[Finding] = []
    if not text.strip():
        if field == "text" and not has_media:
            findings.append(
                Finding("text_empty", "error", _("Write the text of the post."), "text")
            )
        return findings
    measured = counting.count_for(limits, text)
    if measured.over:
        values = {
            "count": measured.count,
            "limit": measured.limit,
            "note": counting_note(limits),
            "over": measured.over,
        }
        if field == "text":
            message = _("%(count)d of %(limit)d characters (%(note)s): remove %(over)d.") % values
        else:
            message = (
                _("First comment: %(count)d of %(limit)d characters (%(note)s): remove %(over)d.")
                % values
            )
        findings.append(Finding(f"{field}_too_long", "error", message, field))
    if measured.bytes_over:
        message = _(
            "%(bytes)d of %(max)d bytes (%(network)s also limits the encoded size; "
            "accents and emoji take several bytes): shorten the text."
        ) % {"bytes": measured.bytes, "max": measured.bytes_max, "network": limits.label}
        findings.append(Finding(f"{field}_too_many_bytes", "error", message, field))
    return findings


def hashtag_findings(limits: NetworkLimits, text: str, charter_max: int | None) -> list[Finding]:
    count = len(hashtags(text))
    findings: list[Finding] = []
    if limits.max_hashtags is not None and count > limits.max_hashtags:
        message = ngettext(
            "%(count)d hashtags: %(network)s accepts at most %(max)d hashtag; remove %(extra)d.",
            "%(count)d hashtags: %(network)s accepts at most %(max)d hashtags; remove %(extra)d.",
            limits.max_hashtags,
        ) % {
            "count": count,
            "network": limits.label,
            "max": limits.max_hashtags,
            "extra": count - limits.max_hashtags,
        }
        findings.append(Finding("hashtags_network_max", "error", message, "text"))
    elif charter_max is not None and count > charter_max:
        message = _(
            "%(count)d hashtags: the charter allows %(max)d on %(network)s; remove %(extra)d."
        ) % {
            "count": count,
            "max": charter_max,
            "network": limits.label,
            "extra": count - charter_max,
        }
        findings.append(Finding("hashtags_charter_max", "error", message, "text"))
    return findings


def first_comment_findings(limits: NetworkLimits, first_comment: str) -> list[Finding]:
    if not first_comment.strip():
        return []
    if not limits.first_comment:
        message = _(
            "%(network)s has no first comment: move it into the text or leave it empty."
        ) % {"network": limits.label}
        return [Finding("first_comment_unsupported", "error", message, "first_comment")]
    return text_findings(limits, first_comment, has_media=True, field="first_comment")


def _count_findings(limits: NetworkLimits, media: Sequence[MediaInfo]) -> list[Finding]:
    findings: list[Finding] = []
    network = limits.label
    if not media:
        if limits.media_required:
            findings.append(
                Finding(
                    "media_required",
                    "error",
                    _("%(network)s publishes only with an image or a video: add one.")
                    % {"network": network},
                    "media",
                )
            )
        return findings
    kinds = Counter(m.kind for m in media)
    if len(media) > limits.max_items:
        message = _("%(count)d media: %(network)s accepts at most %(max)d; remove %(extra)d.") % {
            "count": len(media),
            "network": network,
            "max": limits.max_items,
            "extra": len(media) - limits.max_items,
        }
        findings.append(Finding("media_too_many", "error", message, "media"))
    names = {"image": _("images"), "gif": _("animated GIFs"), "video": _("videos")}
    for kind, count in kinds.items():
        allowed = limits.max_of(kind)
        if allowed == 0:
            message = _("%(network)s does not accept %(kind)s: remove them.") % {
                "network": network,
                "kind": names[kind],
            }
            findings.append(Finding("media_kind", "error", message, "media"))
        elif count > allowed:
            message = _(
                "%(count)d %(kind)s: %(network)s accepts at most %(max)d; remove %(extra)d."
            ) % {
                "count": count,
                "kind": names[kind],
                "network": network,
                "max": allowed,
                "extra": count - allowed,
            }
            findings.append(Finding("media_too_many", "error", message, "media"))
    if len(kinds) > 1 and not limits.mixing_allowed:
        message = _(
            "%(network)s does not mix images, GIFs and videos in one post: keep one kind."
        ) % {"network": network}
        findings.append(Finding("media_mixing", "error", message, "media"))
    return findings


def _file_findings(limits: NetworkLimits, item: MediaInfo, label: str) -> list[Finding]:
    findings: list[Finding] = []
    values: dict[str, object] = {"media": label, "network": limits.label}
    if item.mime_type not in limits.mime_types:
        message = _("%(media)s is a %(type)s file, which %(network)s refuses: use %(accepted)s.")
        values |= {"type": item.mime_type, "accepted": ", ".join(limits.mime_types)}
        findings.append(Finding("media_type", "error", message % values, "media"))
    max_bytes = limits.max_bytes_of(item.kind)
    if max_bytes is not None and item.size > max_bytes:
        message = _("%(media)s weighs %(size)s, %(network)s accepts %(max)s: compress it.")
        values |= {"size": human_bytes(item.size), "max": human_bytes(max_bytes)}
        findings.append(Finding("media_too_large", "error", message % values, "media"))
    max_seconds = limits.video_max_seconds
    if item.kind == "video" and max_seconds and item.duration and item.duration > max_seconds:
        message = _("%(media)s lasts %(seconds)d s, %(network)s accepts %(max)d s: cut it.")
        values |= {"seconds": round(item.duration), "max": max_seconds}
        findings.append(Finding("video_too_long", "error", message % values, "media"))
    return findings


def _alt_findings(
    limits: NetworkLimits, item: MediaInfo, label: str, alt_required: bool
) -> list[Finding]:
    if item.kind == "video":
        return []
    alt = item.alt_text.strip()
    if not alt:
        if alt_required:
            message = _(
                "%(media)s has no alternative text, which the charter requires: describe it."
            )
            return [Finding("alt_text_missing", "error", message % {"media": label}, "alt_text")]
        message = _("%(media)s has no alternative text: describe it for people who cannot see it.")
        return [Finding("alt_text_missing", "warning", message % {"media": label}, "alt_text")]
    if limits.alt_text_max and counting.grapheme_count(alt) > limits.alt_text_max:
        message = _(
            "The alternative text of %(media)s is longer than %(max)d characters: shorten it."
        )
        values = {"media": label, "max": limits.alt_text_max}
        return [Finding("alt_text_too_long", "error", message % values, "alt_text")]
    return []


def media_findings(
    limits: NetworkLimits, media: Sequence[MediaInfo], *, alt_required: bool
) -> list[Finding]:
    findings = _count_findings(limits, media)
    for position, item in enumerate(media, start=1):
        label = f"« {item.name} »" if item.name else _("Media %(number)d") % {"number": position}
        findings += _file_findings(limits, item, label)
        findings += _alt_findings(limits, item, label, alt_required)
    return findings
