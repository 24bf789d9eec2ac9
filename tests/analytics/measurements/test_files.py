"""Reading a file of dates and values: separators, decimal commas, headers in French or
English, a ticketing export's lines, and every bad line reported with its number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mostra.analytics.importers.base import ImportRefused
from mostra.analytics.measurements.files import read_values
from mostra.strategy.kpis.objective import catalogue_kpi, custom_kpi
from mostra.strategy.models import CustomKpi
from tests.analytics.measurements.builders import TODAY, members_kpi

pytestmark = pytest.mark.django_db

REGISTRATIONS = catalogue_kpi("registrations")
SALES = catalogue_kpi("sales")


def read(
    tmp_path: Path, text: str | bytes, kpi=REGISTRATIONS, *, language: str = "fr", name="f.csv"
):
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return read_values(path, kpi, time_zone="Europe/Paris", language=language, today=TODAY)


def refused(tmp_path: Path, text: str, kpi=REGISTRATIONS, **kwargs) -> str:
    with pytest.raises(ImportRefused) as caught:
        read(tmp_path, text, kpi, **kwargs)
    return caught.value.message


def test_comma_separated_english_file(tmp_path):
    found = read(tmp_path, "date,value\n2026-10-05,12\n2026-10-06,3.5\n", language="en")
    assert found.days == {dt.date(2026, 10, 5): 12.0, dt.date(2026, 10, 6): 3.5}
    assert found.lines == 2


def test_french_spreadsheet_semicolons_decimal_commas_and_slashed_dates(tmp_path):
    text = "\ufeffJour;Valeur\n05/10/2026;12,5\n06/10/2026;1 234,5\n"
    found = read(tmp_path, text.encode("cp1252", errors="ignore"), language="en")
    assert found.days == {dt.date(2026, 10, 5): 12.5, dt.date(2026, 10, 6): 1234.5}


def test_a_file_without_a_header_is_date_then_value(tmp_path):
    found = read(tmp_path, "2026-10-05;7\n2026-10-06;9\n")
    assert sum(found.days.values()) == 16


def test_a_ticketing_export_counts_its_lines_and_adds_up_a_day(tmp_path):
    text = (
        "Date de la commande;Nom;Prénom;E-mail\n"
        "05/10/2026 14:32;Martin;Léa;lea@example.org\n"
        "05/10/2026 18:01;Roux;Paul;paul@example.org\n"
        "07/10/2026 09:12;Durand;Inès;ines@example.org\n"
    )
    found = read(tmp_path, text)
    assert found.days == {dt.date(2026, 10, 5): 2.0, dt.date(2026, 10, 7): 1.0}
    assert any("each line counts as one" in n for n in found.notices)


def test_a_shop_export_reads_its_amount_column_by_its_french_name(tmp_path):
    euros = custom_kpi(CustomKpi(key="dons", unit="euro", name_fr="Dons"))
    text = "Date du paiement;Donateur;Montant\n2026-10-05;A;20,00 €\n2026-10-05;B;15,50 €\n"
    found = read(tmp_path, text, euros)
    assert found.days == {dt.date(2026, 10, 5): 35.5}
    assert any("“Montant”" in n for n in found.notices)


def test_every_bad_line_is_reported_with_its_number_and_nothing_is_read(tmp_path):
    text = (
        "date,value\n"
        "2026-10-05,12\n"
        "2026-13-40,3\n"  # line 3: not a date
        "2026-10-07,douze\n"  # line 4: not a number
        "2026-10-08,\n"  # line 5: no value
        "2026-12-25,4\n"  # line 6: after today
        "2026-10-09,-2\n"  # line 7: a count below 0
    )
    message = refused(tmp_path, text, language="en")
    assert message.startswith("Nothing was imported: correct these lines")
    for line in ("line 3:", "line 4:", "line 5:", "line 6:", "line 7:"):
        assert line in message
    assert "douze is not a number" in message and "after today" in message


def test_a_file_writing_decimals_both_ways_is_refused(tmp_path):
    message = refused(tmp_path, "date;valeur\n2026-10-05;12,5\n2026-10-06;3.25\n")
    assert "with a comma (line 2 (12,5)) and with a point (line 3 (3.25))" in message


def test_1_234_alone_reads_like_the_files_other_numbers_and_says_so(tmp_path):
    found = read(tmp_path, "date;valeur\n2026-10-05;1,234\n2026-10-06;2,5\n", SALES)
    assert found.days[dt.date(2026, 10, 5)] == pytest.approx(1.234)
    found = read(tmp_path, 'date,value\n2026-10-05,"1,234"\n', SALES, language="en")
    assert found.days[dt.date(2026, 10, 5)] == 1234
    assert any("decimal point" in n for n in found.notices)


def test_a_reading_takes_one_value_a_day(tmp_path, workspace):
    members = custom_kpi(members_kpi(workspace))
    message = refused(tmp_path, "date,value\n2026-10-05,120\n2026-10-05,121\n", members)
    assert "line 3: 2026-10-05 already has a value (line 2)" in message


def test_a_file_whose_columns_cannot_be_told_says_how_to_name_them(tmp_path):
    message = refused(tmp_path, "quand;combien\n05/10;12\n")
    assert "“date,value”" in message and "quand, combien" in message


def test_an_empty_file_and_a_header_alone(tmp_path):
    assert "empty" in refused(tmp_path, "")
    assert "no line of values" in refused(tmp_path, "date,value\n")
