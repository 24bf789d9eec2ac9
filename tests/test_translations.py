"""Every user-facing string exists in French and in English, and the catalogues
are in step with the sources."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.peers.missing import peer_missing

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "mostra" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ *\w+ *\}\}")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalogue_is_complete(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in catalogue if not e.translated() or "fuzzy" in e.flags]
    assert missing == [], f"{len(missing)} strings lack a {language} translation: {missing[:20]}"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_placeholders_survive_translation(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    broken = []
    for entry in catalogue:
        wanted = sorted(set(PLACEHOLDER.findall(entry.msgid)))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            if sorted(set(PLACEHOLDER.findall(text))) != wanted and entry.msgid_plural is None:
                broken.append(entry.msgid)
    assert broken == []


def test_catalogues_are_in_step_with_the_sources(tmp_path):
    """Extract the strings again and check that every one is in the catalogues."""
    if shutil.which("xgettext") is None:
        peer_missing(
            "xgettext", "xgettext (GNU gettext) is not installed (apt-get install gettext)"
        )
    copy = tmp_path / "mostra"
    shutil.copytree(
        ROOT / "mostra",
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "migrations"),
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mostra.settings"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-location"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(LOCALE / "fr/LC_MESSAGES/django.po"))}
    new = sorted(extracted - committed)
    assert new == [], (
        f"{len(new)} strings are not in the catalogues; run scripts/update_messages.py and "
        f"translate them: {new[:20]}"
    )
