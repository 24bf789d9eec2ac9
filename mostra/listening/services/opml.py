"""OPML, the list of feeds every feed reader imports and exports.

Import (:func:`import_opml`) is all or nothing: every ``<outline>`` with an
``xmlUrl`` becomes a feed source, checked as the add form checks one; one bad line and
nothing is added, with one message per bad line naming it. Outlines without ``xmlUrl``
are folders (their feeds are read, the folders themselves are not kept); feeds the
workspace already reads are left as they are, so importing one's own export again adds
nothing. The file is read by defusedxml: a file declaring entities is refused.

Export (:func:`export_opml`): the workspace's sources whose address is a feed, as an
OPML 2.0 document.
"""

from __future__ import annotations

import datetime as dt
import xml.sax
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.sax import parseString
from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, AuditEvent, Membership, Workspace
from mostra.listening import kinds
from mostra.listening.models import Source
from mostra.listening.services.sources import MAX_SOURCES, ensure_may_manage, unsaved_source

#: The largest OPML file read (a list of feeds, not an archive).
MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Outline:
    line: int
    url: str
    title: str


class _Outlines(xml.sax.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.outlines: list[Outline] = []
        self.root = ""
        self._locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:  # noqa: N802
        self._locator = locator

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:  # noqa: N802
        if not self.root:
            self.root = name
        if name != "outline":
            return
        url = attrs.get("xmlUrl") or attrs.get("xmlurl") or ""
        if url or attrs.get("type", "").lower() in ("rss", "atom"):
            line = (self._locator.getLineNumber() or 0) if self._locator else 0
            title = attrs.get("title") or attrs.get("text") or ""
            self.outlines.append(Outline(line, url.strip(), " ".join(title.split())))


def read_outlines(body: bytes) -> list[Outline]:
    """The feeds' outlines of an OPML file; DomainError when it is not one."""
    if len(body) > MAX_BYTES:
        raise DomainError(
            _("This file is larger than %(mb)s MB: an OPML list of feeds is much smaller.")
            % {"mb": MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    handler = _Outlines()
    try:
        parseString(body, handler, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise DomainError(
            _("This file declares XML entities, which mostra refuses: export it again."),
            field="file",
        ) from None
    except xml.sax.SAXParseException as exc:
        raise DomainError(
            _("This is not an OPML file: line %(line)s: %(problem)s.")
            % {"line": exc.getLineNumber(), "problem": exc.getMessage()},
            field="file",
        ) from None
    if handler.root != "opml":
        raise DomainError(
            _("This is not an OPML file (its first element is not <opml>)."), field="file"
        )
    if not handler.outlines:
        raise DomainError(_("This OPML file lists no feed (no outline with xmlUrl)."), field="file")
    return handler.outlines


@dataclass
class Imported:
    added: list[Source] = field(default_factory=list)
    already: int = 0


@transaction.atomic
def import_opml(actor: Membership, body: bytes, *, ip_address: str | None = None) -> Imported:
    """Add a feed source for every feed of the file not read yet; all or nothing."""
    ensure_may_manage(actor)
    outlines = read_outlines(body)
    existing = set(Source.objects.filter(workspace=actor.workspace).values_list("kind", "url"))
    result = Imported()
    problems: list[str] = []
    for outline in outlines:
        try:
            if not outline.url:
                raise DomainError(_("it has no xmlUrl, the feed's address."))
            source = unsaved_source(actor, "feed", {"url": outline.url}, name=outline.title)
        except DomainError as exc:
            problems.append(
                _("Line %(line)s (%(title)s): %(problem)s")
                % {"line": outline.line, "title": outline.title or outline.url, "problem": exc}
            )
            continue
        if (source.kind, source.url) in existing:
            result.already += 1
            continue
        existing.add((source.kind, source.url))
        result.added.append(source)
    if problems:
        raise DomainError(
            _("Nothing was imported. Correct these lines and import the file again: %(lines)s")
            % {"lines": " ".join(problems)},
            field="file",
        )
    if len(existing) > MAX_SOURCES:
        raise DomainError(
            _("A workspace can have %(max)s sources at most: remove some first.")
            % {"max": MAX_SOURCES},
            field="file",
        )
    Source.objects.bulk_create(result.added)
    saved = Source.objects.filter(
        workspace=actor.workspace, url__in=[s.url for s in result.added], kind="feed"
    )
    result.added = list(saved)
    events = [
        audit.unsaved(
            AuditAction.CREATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=source,
            changes={"kind": [None, source.kind], "url": [None, source.url], "opml": [None, True]},
            ip_address=ip_address,
        )
        for source in result.added
    ]
    AuditEvent.objects.bulk_create(events)
    return result


def export_opml(workspace: Workspace, *, now: dt.datetime) -> str:
    """The workspace's feed sources as an OPML 2.0 document."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{_escape(workspace.name)}</title>",
        f"    <dateCreated>{now.strftime('%a, %d %b %Y %H:%M:%S GMT')}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for source in Source.objects.filter(workspace=workspace).order_by("name", "id"):
        kind = kinds.get(source.kind)
        if kind is None or not kind.in_opml:
            continue
        lines.append(
            f'    <outline type="rss" text={_attr(source.name)} '
            f"title={_attr(source.name)} xmlUrl={_attr(source.url)}/>"
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _attr(text: str) -> str:
    """An attribute's value, always in double quotes."""
    return quoteattr(text, {'"': "&quot;"})


def _escape(text: str) -> str:
    return escape(text)
