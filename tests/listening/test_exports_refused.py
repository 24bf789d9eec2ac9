"""A file that is not an export mostra knows, or has rows it cannot read, is refused as a
whole with every problem named (its line, its column, what to do): nothing is imported
from it."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from mostra.listening.exports import ExportRefused, read_export
from mostra.listening.exports.table import sniff_delimiter

DATA = Path(__file__).parent / "data"
HEADER = "Alert,Mention ID,Published date,Title,Description,URL,Source type,Reach,Tone\n"


def refused(text: str | bytes, name: str = "export.csv") -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(ExportRefused) as refusal:
        read_export(data, name, zone=UTC)
    assert str(refusal.value) == "\n".join(refusal.value.problems)
    return refusal.value.problems


def test_rows_that_cannot_be_read_refuse_the_whole_file_naming_each_line():
    problems = refused(
        HEADER
        + "A,1,2024-03-05 10:00,,Fine,https://example.org/1,web,10,positive\n"
        + "A,2,32/13/2024 10:00,,Bad date,https://example.org/2,web,10,positive\n"
        + "A,3,2024-03-05 11:00,,Bad count,https://example.org/3,web,beaucoup,neutral\n"
        + "A,,2024-03-05 12:00,,,,web,,\n"
        + "A,5,,,No date,https://example.org/5,web,,\n"
    )
    assert problems == [
        "Line 3: the date “32/13/2024 10:00” cannot be read: write it as 2024-03-05 14:30, "
        "or export the file again.",
        "Line 4: “beaucoup” in the column “Reach” is not a count: correct it.",
        "Line 5: neither an id nor a link: complete the row or remove it.",
        "Line 5: no text and no title: complete the row or remove it.",
        "Line 6: no publication date: complete the row or remove it.",
    ]


def test_a_long_list_of_problems_says_how_many_more():
    rows = "".join(f"A,{n},never,,Text,https://e.org/{n},web,,\n" for n in range(30))
    problems = refused(HEADER + rows)
    assert len(problems) == 21 and problems[-1] == "…and 10 more problems."


def test_a_file_of_no_known_tool_says_which_exports_are_read():
    (problem,) = refused("date,text,link\n2024-03-05,hello,https://e.org\n", "tweets.csv")
    assert problem.startswith("tweets.csv is not an export mostra recognises: export the")
    assert "Brandwatch's “Query Id”" in problem


def test_a_required_column_missing_is_named_in_the_files_language():
    (problem,) = refused("Alerte;Date de publication;Lien\nA;05/03/2024;https://e.org/1\n")
    assert problem == (
        "This Mention export has no column for “Texte” / “Contenu” / “Titre”: export it "
        "again with that column."
    )


def test_a_file_with_both_date_orders_is_refused():
    (problem,) = refused(
        HEADER
        + "A,1,13/03/2024 10:00,,x,https://e.org/1,web,,\n"
        + "A,2,03/14/2024 10:00,,y,https://e.org/2,web,,\n"
    )
    assert "both day first and month first" in problem


def test_an_export_without_rows_holds_no_mention():
    assert refused(HEADER) == ["This Mention export holds no mention."]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x00\x01\x02binary\x00" * 10, "photo.png"),
        (b"PK\x03\x04 not really a workbook", "broken.xlsx"),
    ],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(data, name):
    (problem,) = refused(data, name)
    assert problem.startswith(name) and "XLSX" in problem


def test_a_utf16_export_is_read():
    text = (DATA / "mention_en.csv").read_text(encoding="utf-8-sig")
    export = read_export(text.encode("utf-16"), "mention.csv", zone=UTC)
    assert len(export.items) == 3


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2;3\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ('a;b;c\n"1,5";"2,5";3\n', ";"),  # decimal commas inside quotes
    ],
)
def test_the_delimiter_is_told_from_the_file(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_the_problems_in_french():
    from django.utils import translation

    from tests.core.pending_french import pending

    with pending("NETSOURCES"), translation.override("fr"):
        problems = refused(HEADER + "A,1,jamais,,Texte,https://e.org/1,web,beaucoup,\n")
    assert problems == [
        "Ligne 2 : la date « jamais » est illisible : écrivez-la 2024-03-05 14:30, ou exportez "
        "à nouveau le fichier.",
        "Ligne 2 : « beaucoup » dans la colonne « Reach » n’est pas un nombre entier : "
        "corrigez-le.",
    ]
