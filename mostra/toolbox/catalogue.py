"""Well-known tools a team pays for, and what mostra now does in their place.

The toolbox's seed list: picking one fills the tool's name and category, and the page
says "mostra covers this: <feature>" beside the tools mostra replaces.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mostra.toolbox.models import Category


@dataclass(frozen=True)
class KnownTool:
    key: str
    name: str
    category: str
    #: The mostra feature that does its work; None: mostra does not replace it.
    covered_by: Promise | None


_LISTENING = _("listening (sources, mentions inbox, alerts)")
_PUBLISHING = _("publishing (calendar, approvals, scheduled posts)")
_LINKS = _("tracked links")
_QR = _("QR codes and printable supports")
_ANALYTICS = _("analytics and reports")
_KIT = _("the website kit (follow buttons, latest posts)")

KNOWN: tuple[KnownTool, ...] = (
    KnownTool("mention", "Mention", Category.MONITORING, _LISTENING),
    KnownTool("brandwatch", "Brandwatch", Category.MONITORING, _LISTENING),
    KnownTool("talkwalker", "Talkwalker", Category.MONITORING, _LISTENING),
    KnownTool("google_alerts", "Google Alerts", Category.MONITORING, _LISTENING),
    KnownTool("metricool", "Metricool", Category.MONITORING, _ANALYTICS),
    KnownTool("canva", "Canva", Category.CONTENT, None),
    KnownTool("capcut", "CapCut", Category.CONTENT, None),
    KnownTool("adobe", "Adobe Creative Cloud", Category.CONTENT, None),
    KnownTool("buffer", "Buffer", Category.DISTRIBUTION, _PUBLISHING),
    KnownTool("hootsuite", "Hootsuite", Category.DISTRIBUTION, _PUBLISHING),
    KnownTool("later", "Later", Category.DISTRIBUTION, _PUBLISHING),
    KnownTool("agorapulse", "Agorapulse", Category.DISTRIBUTION, _PUBLISHING),
    KnownTool("bitly", "Bitly", Category.DISTRIBUTION, _LINKS),
    KnownTool("qr_generator", "QR code generator", Category.DISTRIBUTION, _QR),
    KnownTool("linktree", "Linktree", Category.DISTRIBUTION, _KIT),
    KnownTool("elfsight", "Elfsight (social feed widget)", Category.DISTRIBUTION, _KIT),
)
BY_KEY: dict[str, KnownTool] = {t.key: t for t in KNOWN}


def known(key: str) -> KnownTool | None:
    return BY_KEY.get(key) if key else None


def covered_by(key: str) -> str:
    """The mostra feature that replaces the well-known tool ``key``; "" when none."""
    found = known(key)
    return str(found.covered_by) if found is not None and found.covered_by else ""
