"""docs/charter.md says what the data says: one row per network, same limits, same date."""

from __future__ import annotations

import re
from pathlib import Path

from mostra.charter.limits import all_limits

DOC = Path(__file__).resolve().parents[2] / "docs" / "charter.md"


def test_limits_table_matches_the_data() -> None:
    rows = {
        line.split("|")[1].strip(): line
        for line in DOC.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and line.count("|") == 9
    }
    for limits in all_limits().values():
        row = rows.get(limits.label)
        assert row is not None, f"docs/charter.md has no row for {limits.label}"
        cells = [c.strip() for c in row.split("|")[1:-1]]
        assert cells[1].startswith(f"{limits.text_max:,}"), limits.network
        hashtags = str(limits.max_hashtags) if limits.max_hashtags is not None else "—"
        assert cells[5] == hashtags, limits.network
        assert cells[6] == ("yes" if limits.first_comment else "no"), limits.network
        assert cells[7].endswith(f"({limits.as_of.isoformat()})"), limits.network


def _codes_in_the_checks() -> set[str]:
    """Every code the checks can give: literal ones, and those built from the field."""
    checks = Path(__file__).resolve().parents[2] / "mostra" / "charter" / "checks"
    source = "\n".join(p.read_text(encoding="utf-8") for p in checks.glob("*.py"))
    literal = set(re.findall(r'Finding\(\s*"(\w+)"', source))
    literal |= set(re.findall(r'code = "(\w+)"', source))
    built = {f"{field}_{what}" for field in ("text", "first_comment") for what in ("too_long",)}
    built |= {"text_too_many_bytes", "utm_medium_missing", "utm_campaign_missing"}
    return literal | built


def test_every_finding_code_is_documented() -> None:
    codes = _codes_in_the_checks()
    assert len(codes) > 30 and "disclosure_missing" in codes
    text = DOC.read_text(encoding="utf-8")
    assert sorted(code for code in codes if f"`{code}`" not in text) == []
