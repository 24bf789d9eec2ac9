"""Numbers typed in forms are read on the server in the workspace's language, whatever the
browser's: "3,2" is 3.2 (a browser in English sent 32), "3,200" is refused with its two
readings, never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms

from mostra.core.models import Workspace
from mostra.core.numbers import (
    AmbiguousNumber,
    NumberRefused,
    NumbersInLanguage,
    format_number,
    parse_number,
)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3,2", "3.2"),
        ("3.2", "3.2"),
        ("0,250", "0.25"),
        (",5", "0.5"),
        ("27 000", "27000"),
        ("27\u202f000,5", "27000.5"),
        ("1'000", "1000"),
        ("1 234,567", "1234.567"),
        ("1,234.5", "1234.5"),
        ("1.234,5", "1234.5"),
        ("1,234,567", "1234567"),
        ("-3,25", "-3.25"),
        ("  42  ", "42"),
    ],
)
def test_what_reads_as_one_number_in_both_languages(typed, value, language):
    assert parse_number(typed, language) == Decimal(value)


@pytest.mark.parametrize(
    ("typed", "language", "message"),
    [
        ("3,200", "en", "“3,200” could mean 3.2 or 3200: type the one you mean as it is"),
        ("3,200", "fr", "“3,200” could mean 3,2 or 3200: type the one you mean as it is"),
        ("27.000", "fr", "“27.000” could mean 27 or 27000"),
        ("-1,500", "en", "“-1,500” could mean -1.5 or -1500"),
    ],
)
def test_one_mark_before_three_digits_is_refused_with_both_readings(typed, language, message):
    with pytest.raises(AmbiguousNumber) as refused:
        parse_number(typed, language)
    assert message in refused.value.message


@pytest.mark.parametrize("typed", ["abc", "1e3", "1 0", "1.5.2", "1,2.3,4", "", "-", "3,2 %"])
def test_what_is_not_a_number_says_how_to_write_one(typed):
    with pytest.raises(NumberRefused) as refused:
        parse_number(typed, "fr")
    assert "is not a number: type one such as 3,5." in refused.value.message
    with pytest.raises(NumberRefused) as refused:
        parse_number(typed, "en")
    assert "type one such as 3.5." in refused.value.message


def test_a_whole_number_refuses_decimals():
    assert parse_number("10 000", "fr", whole=True) == 10000
    assert parse_number("12,0", "fr", whole=True) == 12
    with pytest.raises(NumberRefused) as refused:
        parse_number("2,5", "fr", whole=True)
    assert "“2,5” is not a whole number: type one such as 2." in refused.value.message


def test_values_are_shown_in_the_language_without_separators():
    assert format_number(3.2, "fr") == "3,2"
    assert format_number(3.2, "en") == "3.2"
    assert format_number(18000.0, "fr") == "18000"  # typed again, it reads the same
    assert format_number(0.00001, "en") == "0.00001"
    assert format_number(10, "fr") == "10"


class Sample(NumbersInLanguage, forms.Form):
    amount = forms.FloatField(min_value=0, max_value=1000, required=False)
    months = forms.IntegerField(min_value=0)


def test_a_form_s_number_fields_become_text_fields_read_in_its_language():
    form = Sample({"amount": "3,2", "months": "6"}, language="en")
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"amount": 3.2, "months": 6}
    html = str(Sample(initial={"amount": 3.2, "months": 6}, language="fr"))
    assert 'type="number"' not in html
    assert 'value="3,2"' in html and 'inputmode="decimal"' in html
    assert 'inputmode="numeric"' in html


def test_limits_are_said_in_the_language():
    form = Sample({"amount": "1 000,5", "months": "-1"}, language="fr")
    assert not form.is_valid()
    assert form.errors["amount"] == ["Type 1000 or less."]
    assert form.errors["months"] == ["Type 0 or more."]


# --- The crisis playbook's numbers ------------------------------------------------------------


def _level_form(level, threshold: str, minutes: str = "45") -> dict[str, object]:
    return {
        "name": level.name,
        "response_minutes": minutes,
        "first_actions": "Pause scheduled posts",
        "responders": [],
        "trigger_kind": ["author_followers", ""],
        "trigger_threshold": [threshold, ""],
        "trigger_window": ["", ""],
    }


def test_crisis_thresholds_take_spaces_and_refuse_an_ambiguous_comma(workspace, owner_client):
    level = workspace.crisis_levels.get(key="incident")
    url = f"/w/{workspace.slug}/crisis/{level.pk}/"
    assert owner_client.post(url, _level_form(level, "10 000", "1 440")).status_code == 302
    level.refresh_from_db()
    assert level.response_minutes == 1440
    assert [t.threshold for t in level.triggers.all()] == [10000]

    response = owner_client.post(url, _level_form(level, "10,000"))
    assert response.status_code == 400
    assert "“10,000” could mean 10 or 10000" in response.content.decode()
    assert [t.threshold for t in level.triggers.all()] == [10000]


def test_crisis_numbers_of_an_english_workspace_read_the_same(workspace, owner_client):
    Workspace.objects.filter(pk=workspace.pk).update(country="GB")
    level = workspace.crisis_levels.get(key="incident")
    url = f"/w/{workspace.slug}/crisis/{level.pk}/"
    response = owner_client.post(url, _level_form(level, "2,5"))
    assert response.status_code == 400
    assert "The threshold must be a whole number, such as 50." in response.content.decode()
