"""Checking one variant, or every variant of a post, against its network and the charter.

Steps of :func:`check_variant`:

1. the network's limits (Mastodon's text limit may be the instance's);
2. what the network refuses: length counted its way (each part of a thread on its
   own, see :mod:`~mostra.charter.checks.thread`), bytes, hashtags, first comment,
   media count, kind, mixing, type, size, duration, alternative text;
3. links: well formed, clickable, tracked with UTM parameters when the charter asks;
4. the charter: forbidden and required expressions, emoji, hashtags, address form,
   capitals, exclamation marks, inclusive writing;
5. disclosure: the commercial mention, retouched and virtual images.

Errors block the submission for approval (:func:`blocking`); warnings and notes do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from mostra.charter.checks import network as net
from mostra.charter.checks import tone, words
from mostra.charter.checks.disclosure import disclosure_findings
from mostra.charter.checks.findings import Field, Finding, MediaInfo
from mostra.charter.checks.links import link_findings
from mostra.charter.checks.thread import thread_findings
from mostra.charter.instance_limits import PER_INSTANCE, text_max_for
from mostra.charter.limits import limits_for
from mostra.charter.models import Charter, CharterNetworkRule

#: Above every network's limit: a longer text is refused before any costly check.
MAX_CHECKED_LENGTH = 100_000

#: Stands for "load the workspace's charter" (``None`` means "no charter: defaults").
LOAD: Any = object()


def load_charter(workspace: Any) -> Charter:
    """The workspace's charter with its network rules (2 queries), or the defaults."""
    if workspace is None:
        return Charter()
    workspace_id = getattr(workspace, "pk", workspace)
    charter = (
        Charter.objects.filter(workspace_id=workspace_id).prefetch_related("network_rules").first()
    )
    if charter is None:
        charter = Charter(workspace_id=workspace_id)
    charter.rules_by_network()
    return charter


def _word_findings(
    text: str, first_comment: str, charter: Charter, rule: CharterNetworkRule | None
) -> list[Finding]:
    forbidden = [*charter.forbidden_list, *(rule.forbidden_list if rule else [])]
    required = [*charter.required_list, *(rule.required_list if rule else [])]
    findings = []
    bodies: tuple[tuple[Field, str], ...] = (("text", text), ("first_comment", first_comment))
    for field, body in bodies:
        for expression in words.found(body, forbidden):
            message = _("The charter forbids “%(word)s”: reword it.") % {"word": expression}
            findings.append(Finding("word_forbidden", "error", message, field))
    folded = words.fold(text)
    for expression in dict.fromkeys(required):
        if not words.contains(text, expression, folded=folded):
            message = _("The charter requires “%(word)s” in the text: add it.") % {
                "word": expression
            }
            findings.append(Finding("word_required", "error", message, "text"))
    return findings


def check_variant(
    workspace: Any,
    network: str,
    text: str,
    *,
    link: str = "",
    first_comment: str = "",
    media: Sequence[MediaInfo] = (),
    sponsored: bool = False,
    image_retouched: bool = False,
    image_virtual: bool = False,
    sensitive: bool = False,
    charter: Charter | None = LOAD,
    text_max: int | None = None,
) -> list[Finding]:
    """Every finding on one variant; raises :class:`~mostra.charter.limits.UnknownNetwork`."""
    limits = limits_for(network, text_max=text_max)
    if len(text) + len(first_comment) > MAX_CHECKED_LENGTH:
        message = _(
            "The text is longer than %(max)d characters, more than any network accepts: shorten it."
        ) % {"max": MAX_CHECKED_LENGTH}
        return [Finding("text_too_long", "error", message, "text")]
    if charter is LOAD:
        charter = load_charter(workspace)
    elif charter is None:
        charter = Charter()
    rule = charter.rules_by_network().get(network)
    threaded = thread_findings(limits, text)
    if threaded is None or any(f.code == "thread_not_supported" for f in threaded):
        findings = net.text_findings(limits, text, has_media=bool(media)) + (threaded or [])
    else:
        findings = threaded
    findings += net.hashtag_findings(limits, text, rule.max_hashtags if rule else None)
    findings += net.first_comment_findings(limits, first_comment)
    findings += net.media_findings(
        limits, media, alt_required=bool(rule and rule.alt_text_required)
    )
    findings += link_findings(limits, text, link, utm_required=bool(rule and rule.utm_required))
    findings += _word_findings(text, first_comment, charter, rule)
    findings += tone.emoji_findings(text, rule, sensitive=sensitive)
    findings += tone.address_findings(text, charter)
    findings += tone.caps_findings(text, charter)
    findings += tone.exclamation_findings(text, charter)
    findings += tone.inclusive_findings(text, charter)
    findings += disclosure_findings(
        text,
        charter,
        rule,
        sponsored=sponsored,
        image_retouched=image_retouched,
        image_virtual=image_virtual,
    )
    return findings


def check_post(post: Any) -> dict[str, list[Finding]]:
    """Findings of every variant of ``post``, keyed by network (4 queries in all)."""
    charter = load_charter(post.workspace_id)
    variants = list(post.variants.prefetch_related("media"))
    text_max = {
        network: text_max_for(post.workspace_id, network)
        for network in {v.network for v in variants} & PER_INSTANCE
    }
    return {
        variant.network: check_variant(
            None,
            variant.network,
            variant.text,
            link=variant.link,
            first_comment=variant.first_comment,
            media=[MediaInfo.from_media(m) for m in variant.media.all()],
            sponsored=post.sponsored,
            image_retouched=post.image_retouched,
            image_virtual=post.image_virtual,
            sensitive=post.sensitive,
            charter=charter,
            text_max=text_max.get(variant.network),
        )
        for variant in variants
    }
