"""Refresh the gettext catalogues from the sources (needs GNU gettext's xgettext).

    .venv/bin/python scripts/update_messages.py

Extracts every translatable string into mostra/locale/{fr,en}/LC_MESSAGES/django.po,
keeps existing translations, drops obsolete ones, and fills the English catalogue
with the source text (the sources are written in English). French entries left
empty are listed: translate them before committing; tests/test_translations.py
fails on any empty or fuzzy entry.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "mostra" / "locale"


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mostra.settings"}
    env.setdefault("MOSTRA_DATA_DIR", str(ROOT / "var"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "fr",
            "-l",
            "en",
            "--no-obsolete",
            "--no-location",
            "--ignore",
            ".venv/*",
            "--ignore",
            "tests/*",
            "--ignore",
            "var/*",
            "--ignore",
            "bench/*",
            "--ignore",
            "scripts/*",
        ],
        cwd=ROOT / "mostra",
        env=env,
        check=True,
    )
    english = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    for entry in english:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    english.save()
    french = polib.pofile(str(LOCALE / "fr" / "LC_MESSAGES" / "django.po"))
    missing = [e for e in french if not e.translated() or "fuzzy" in e.flags]
    for entry in missing:
        print(f"untranslated (fr): {entry.msgid!r}")  # noqa: T201
    print(f"{len(french)} strings, {len(missing)} to translate in French")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
