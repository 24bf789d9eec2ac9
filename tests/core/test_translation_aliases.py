"""Every translatable text is seen by makemessages: its extractor knows the translation
functions by their names (``_``, ``gettext``, ``gettext_lazy``, ``pgettext``…), so one
imported under another name (``gettext_lazy as _l``) is never extracted, never
translated, and shows in English in French pages (the crisis playbook's first actions
did)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "mostra"
ALIASED = re.compile(r"from django\.utils\.translation import[^\n]*\b(\w*gettext\w*) as (\w+)")


def test_no_translation_function_is_imported_under_a_name_the_extractor_ignores():
    hidden = []
    for path in ROOT.rglob("*.py"):
        for function, alias in ALIASED.findall(path.read_text(encoding="utf-8")):
            if alias != "_":
                hidden.append(f"{path.relative_to(ROOT.parent)}: {function} as {alias}")
    assert hidden == []
