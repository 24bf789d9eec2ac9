"""Bringing accounts' histories in from the files the networks give.

    from mostra.analytics.importers import run_import, ImportRefused
    result = run_import(workspace, "x-archive", Path("twitter-2024.zip"))

One entry point for the command line and the import page. Each kind has its reader
(:mod:`x_archive`, :mod:`mastodon`, :mod:`bluesky`, :mod:`page_exports`), which only
reads and refuses (:class:`ImportRefused`, a message saying what to do); then
:mod:`store` writes everything in one transaction. A refused file leaves the database
as it was. Opening files safely (archives, sizes, bombs) is :mod:`files`' job.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext as _

from mostra.analytics.importers import bluesky, mastodon, page_exports, x_archive
from mostra.analytics.importers.base import ImportRefused, ParsedImport
from mostra.analytics.importers.files import check_size
from mostra.analytics.importers.store import ImportResult, store

__all__ = ["KINDS", "ImportRefused", "ImportResult", "parse", "run_import"]

#: The kinds of import, as the command line and the page name them.
KINDS = ("x-archive", "mastodon-archive", "bluesky-car", "csv")


def parse(
    workspace: Any,
    kind: str,
    path: Path,
    *,
    network: str | None = None,
    handle: str | None = None,
    filename: str | None = None,
) -> ParsedImport:
    """Read ``path`` as ``kind`` (nothing stored); :class:`ImportRefused` when it cannot be."""
    path = Path(path)
    if not path.exists():
        raise ImportRefused(_("There is no file at %(path)s.") % {"path": path})
    if not path.is_dir():
        check_size(path)
    with _read_errors():
        if kind == "x-archive":
            return x_archive.parse(path, handle=handle, filename=filename)
        if kind == "mastodon-archive":
            return mastodon.parse(path, handle=handle, filename=filename)
        if kind == "bluesky-car":
            return bluesky.parse(path, handle=handle, filename=filename)
        if kind == "csv":
            try:
                zone = ZoneInfo(getattr(workspace, "timezone", "") or "UTC")
            except (ZoneInfoNotFoundError, ValueError):
                zone = ZoneInfo("UTC")
            return page_exports.parse(
                path, network=network, handle=handle, zone=zone, filename=filename
            )
    raise ImportRefused(
        _("Unknown kind of import %(kind)s: choose one of %(kinds)s.")
        % {"kind": kind, "kinds": ", ".join(KINDS)}
    )


@contextmanager
def _read_errors() -> Iterator[None]:
    """A file that is not text, or too large, refused in words (while reading or storing:
    an archive's posts are read as they are stored)."""
    try:
        yield
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            _("This file is not text in a known encoding: check that it is the right file.")
        ) from exc
    except MemoryError as exc:
        raise ImportRefused(_("This file is too large to read at once.")) from exc


def run_import(
    workspace: Any,
    kind: str,
    path: Path,
    *,
    network: str | None = None,
    competitor: bool = False,
    user: Any = None,
    filename: str | None = None,
    handle: str | None = None,
) -> ImportResult:
    """Read and store one file: all of it, or nothing (:class:`ImportRefused`).

    Steps: open the file as ``kind`` (the reader refuses a file of another kind, a
    damaged one, a bomb: at once, or while its posts are read); store its posts as they
    are read, in one transaction; record an ImportRun.
    """
    path = Path(path)
    parsed = parse(workspace, kind, path, network=network, handle=handle, filename=filename)
    try:
        with _read_errors():
            return store(
                workspace,
                parsed,
                kind=kind,
                path=path,
                filename=filename or path.name,
                competitor=competitor,
                user=user,
            )
    finally:
        parsed.close()
