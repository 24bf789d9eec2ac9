"""Compiling the gettext catalogues, in pure Python.

A fresh machine may lack GNU gettext's ``msgfmt``, so the ``.mo`` files Django reads
are built with polib from the ``.po`` files kept in the repository. Like msgfmt, the
compiled catalogue leaves out fuzzy and obsolete entries.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import polib

logger = logging.getLogger("mostra.i18n")

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def catalogue_files(root: Path = PACKAGE_DIR) -> list[Path]:
    """Every ``.po`` file of the project: ``locale/`` and each app's ``<app>/locale/``."""
    patterns = ("locale/*/LC_MESSAGES/*.po", "*/locale/*/LC_MESSAGES/*.po")
    return sorted({path for pattern in patterns for path in root.glob(pattern)})


def needs_compiling(po_path: Path) -> bool:
    mo_path = po_path.with_suffix(".mo")
    return not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime


def compile_catalogue(po_path: Path) -> Path:
    """Write ``po_path``'s ``.mo`` beside it, atomically (other processes may read it)."""
    mo_path = po_path.with_suffix(".mo")
    catalogue = polib.pofile(str(po_path))
    fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".mo.tmp", dir=mo_path.parent)
    os.close(fd)
    try:
        catalogue.save_as_mofile(tmp_name)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, mo_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return mo_path


def compile_catalogues(root: Path = PACKAGE_DIR, *, force: bool = False) -> list[Path]:
    """Compile each ``.po`` whose ``.mo`` is missing or older; return the ``.mo`` written.

    A read-only installation cannot be written to: its catalogues are left as they
    are (a packaged release ships them compiled) and a warning is logged.
    """
    written = []
    for po_path in catalogue_files(root):
        if not force and not needs_compiling(po_path):
            continue
        try:
            written.append(compile_catalogue(po_path))
        except OSError as exc:
            logger.warning("could not compile %s: %s", po_path, exc)
    return written


def terminal_language(environ: dict[str, str] | None = None) -> str:
    """The language of the ``mostra`` command's messages: ``fr`` or ``en``.

    ``MOSTRA_LANGUAGE`` first, then the locale variables in POSIX order (``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``): ``fr_FR.UTF-8`` or ``fr`` gives French, anything else
    English.
    """
    env = os.environ if environ is None else environ
    for name in ("MOSTRA_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value and value not in {"C", "POSIX"}:
            return "fr" if value.lower().startswith("fr") else "en"
        if value:
            return "en"
    return "en"
