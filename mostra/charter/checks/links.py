"""Links: well formed, clickable where they are, and tracked when the charter asks."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from mostra.charter import counting
from mostra.charter.checks.findings import Field, Finding
from mostra.charter.limits import NetworkLimits
from mostra.core.http import web_address
from mostra.strategy import networks

#: utm_source values accepted for a network besides its code.
SOURCE_ALIASES: dict[str, set[str]] = {
    n.code: set(n.aliases) for n in networks.all_networks() if n.aliases
}


def _urls(text: str, link: str) -> list[tuple[Field, str]]:
    """(field, url) for the link field and every URL of the text."""
    found: list[tuple[Field, str]] = [("link", link.strip())] if link.strip() else []
    found += [("text", url) for _s, _e, url in counting.find_urls(text)]
    return found


def is_own_short_link(url: str) -> bool:
    """Whether ``url`` is one of this instance's tracked links (``…/l/<code>``): it adds
    its UTM tags at redirect, so it counts as tracked (charter sits below the links app:
    the setting tells, not an import)."""
    base = str(getattr(settings, "MOSTRA_SHORT_LINK_BASE", "") or "").rstrip("/")
    if not base:
        return False
    rest = url.strip()
    for scheme in ("https://", "http://"):
        rest = rest.removeprefix(scheme)
    base_rest = base.removeprefix("https://").removeprefix("http://")
    code = rest.removeprefix(f"{base_rest}/l/") if rest.startswith(f"{base_rest}/l/") else ""
    return bool(code) and code.strip("/").isalnum()


def _utm_findings(network: str, field: Field, url: str) -> list[Finding]:
    if is_own_short_link(url):
        return []
    try:
        parts = urlsplit(url if "://" in url else f"https://{url}")
    except ValueError:  # "https://[::1": said by link_findings, nothing to track
        return []
    query = {k.lower(): v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    source = query.get("utm_source", "").strip()
    values = {"url": url, "network": network}
    if not any(k.startswith("utm_") for k in query):
        message = _(
            "Track %(url)s: add ?utm_source=%(network)s&utm_medium=social&utm_campaign=… "
            "(the charter asks for UTM parameters)."
        )
        return [Finding("utm_missing", "error", message % values, field)]
    findings = []
    if not source:
        message = _("Add utm_source=%(network)s to %(url)s.")
        findings.append(Finding("utm_source_missing", "error", message % values, field))
    elif source.lower() != network and source.lower() not in SOURCE_ALIASES.get(network, set()):
        message = _(
            "utm_source is “%(source)s” in %(url)s: on this network it must be “%(network)s”."
        )
        findings.append(
            Finding("utm_source_mismatch", "error", message % (values | {"source": source}), field)
        )
    for key, code in (
        ("utm_medium", "utm_medium_missing"),
        ("utm_campaign", "utm_campaign_missing"),
    ):
        if not query.get(key, "").strip():
            message = _("Add %(key)s to %(url)s (for instance %(example)s).") % {
                "key": key,
                "url": url,
                "example": "utm_medium=social"
                if key == "utm_medium"
                else "utm_campaign=spring-2026",
            }
            findings.append(Finding(code, "error", message, field))
    return findings


def needs_tracking(network: str, url: str) -> bool:
    """Whether the charter's UTM rule flags ``url`` on ``network`` (no tags, a missing or
    wrong tag; the instance's own short links are tracked)."""
    return bool(_utm_findings(network, "link", url))


def _is_address(link: str) -> bool:
    try:
        web_address(link)
    except ValueError:
        return False
    return True


def link_findings(
    limits: NetworkLimits, text: str, link: str, *, utm_required: bool
) -> list[Finding]:
    findings: list[Finding] = []
    link = link.strip()
    if link and not link.lower().startswith(("http://", "https://")):
        message = _("The link must start with https:// (or http://): correct “%(link)s”.")
        findings.append(Finding("link_invalid", "error", message % {"link": link}, "link"))
    elif link and not _is_address(link):
        message = _(
            "“%(link)s” is not an address a browser can open: correct it (such as "
            "https://example.org/page)."
        )
        findings.append(Finding("link_invalid", "error", message % {"link": link}, "link"))
    urls = _urls(text, link)
    for field, url in urls:
        if url.count("?") > 1:
            message = _("%(url)s has two “?”: join its parameters with “&”.")
            findings.append(Finding("link_malformed", "warning", message % {"url": url}, field))
        if utm_required:
            findings += _utm_findings(limits.network, field, url)
    if urls and not limits.clickable_links and any(f == "text" for f, _u in urls):
        message = _(
            "%(network)s does not make links in the text clickable: point to the link in the "
            "bio instead."
        )
        findings.append(
            Finding("link_not_clickable", "info", message % {"network": limits.label}, "text")
        )
    return findings
