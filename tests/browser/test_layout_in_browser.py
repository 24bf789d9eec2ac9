"""Labels and names fit where they are shown, in French too: the lint panel's severity
("Avertissement" ran into its item's text) and the imported files' names (broken letter
by letter in a column squeezed to one letter)."""

from __future__ import annotations

import pytest

from mostra.analytics.models import ImportRun
from mostra.core.models import User
from tests.browser.test_strategy_in_browser import log_in
from tests.strategy.fromagerie import build_strategy

pytestmark = pytest.mark.django_db(transaction=True)
LONG_NAME = "twitter-2026-11-05-8f3a2b9c1d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9.zip"


def french(user) -> None:
    User.objects.filter(pk=user.pk).update(language="fr")


def test_the_lint_panel_s_severities_keep_clear_of_their_items(
    page, live_server, workspace, owner_membership, screenshot
):
    build_strategy(owner_membership)
    french(owner_membership.user)
    log_in(page, live_server, owner_membership.user.email)
    page.goto(f"{live_server.url}/w/{workspace.slug}/strategy/")
    items = page.locator("#lint-panel li.finding")
    assert page.locator("#lint-panel li.finding.sev-warning .sev").first.inner_text() == (
        "AVERTISSEMENT"
    )
    screenshot(page, "lint-panel-fr")
    for item in items.all():
        assert item.evaluate(LABEL_CLEAR_OF_TEXT), item.inner_text()


def test_an_imported_file_s_name_reads_on_whole_lines(page, live_server, workspace, owner):
    for name in ("outbox.json", LONG_NAME):
        ImportRun.objects.create(
            workspace=workspace, kind="x-archive", filename=name, sha256=name[:64], counts={}
        )
    french(owner)
    log_in(page, live_server, owner.email)
    page.goto(f"{live_server.url}/w/{workspace.slug}/analytics/imports/")
    lines = {}
    for cell in page.locator("table.import-runs td.file").all():
        assert cell.bounding_box()["width"] >= 200
        name, count = cell.evaluate(LINES_OF_THE_NAME)
        lines[name] = count
    assert lines == {"outbox.json": 1, LONG_NAME: lines[LONG_NAME]}
    assert lines[LONG_NAME] <= 4  # it took 16 lines of five letters


#: Whether the severity's words (not its box: they overflowed it) end before the text.
LABEL_CLEAR_OF_TEXT = """li => {
    const range = document.createRange();
    range.selectNodeContents(li.querySelector(".sev"));
    return range.getBoundingClientRect().right <= li.querySelector(".finding-msg")
        .getBoundingClientRect().left;
}"""

#: The file's name (the cell's first text) and how many lines it takes.
LINES_OF_THE_NAME = """td => {
    const range = document.createRange();
    range.selectNodeContents(td.firstChild);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    return [td.firstChild.textContent.trim(), tops.size];
}"""
