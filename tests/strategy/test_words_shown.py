"""The strategy pages show words, not the data file's English nor the checks' codes: the
survey figures' confidence in the reader's language, the catalogue's choices in the
language of each page (not of the first one served), and no rule code in the lint panel."""

from __future__ import annotations

import re

from tests.core.pending_french import pending
from tests.strategy.fromagerie import url

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def test_the_survey_figures_confidence_is_a_word_of_the_page_s_language(
    strategy, workspace, owner_client
):
    with pending("h15-basics-polish"):
        page = owner_client.get(url(workspace, "affinity/"), **FRENCH).content.decode()
    badges = re.findall(r'<span class="badge conf conf-(\w+)" title="([^"]*)">([^<]*)</span>', page)
    assert badges, "no survey figure shown"
    for level, note, label in badges:
        assert label == {"high": "fiabilité élevée", "medium": "fiabilité moyenne"}[level]
        assert note.lower().startswith(level)  # the data file's note, on hover
    assert ">medium" not in page and ">high (" not in page


def test_the_catalogue_s_choices_follow_each_page_s_language(strategy, workspace, owner_client):
    form = url(workspace, "targets/t-gourmets/edit/")
    assert "Men" in owner_client.get(form).content.decode()  # the forms are loaded in English
    page = owner_client.get(form, **FRENCH).content.decode()
    assert "Hommes" in page and "Lycée ou moins" in page
    assert ">Men<" not in page and "High school or less" not in page


def test_the_lint_panel_shows_messages_without_rule_codes(strategy, workspace, owner_client):
    page = owner_client.get(url(workspace)).content.decode()
    panel = page.split('id="lint-panel"', 1)[1].split("</ul>", 1)[0]
    assert 'data-code="objective-no-deadline"' in panel  # for scripts and tests
    text = re.sub(r"<[^>]+>", " ", panel)
    assert "objective-no-deadline" not in text
    assert "Set a deadline" in text
