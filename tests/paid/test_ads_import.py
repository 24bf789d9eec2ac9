"""Importing Meta Ads Manager and LinkedIn Campaign Manager exports into campaigns'
days: English and French, CSV and XLSX; refusals leave nothing behind and say what to
do; the same file twice changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from mostra.analytics.importers.base import ImportRefused
from mostra.analytics.paid_imports import reader
from mostra.analytics.paid_imports.reader import AdsRefused
from mostra.analytics.paid_imports.service import import_ads
from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent
from mostra.paid.models import Campaign, CampaignDay

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def campaign(workspace, name: str) -> Campaign:
    return Campaign.objects.create(
        workspace=workspace,
        name=name,
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
        budget=Decimal(300),
    )


def days(c: Campaign) -> list[tuple]:
    return list(
        CampaignDay.objects.filter(campaign=c).values_list(
            "day", "spend", "impressions", "reach", "clicks", "results"
        )
    )


def test_meta_french_csv_sums_rows_of_a_day_and_skips_the_totals(owner_membership, workspace):
    fair = campaign(workspace, "Salon du livre 2026")
    members = campaign(workspace, "Adhésions toute l'année")
    outcome = import_ads(owner_membership, DATA / "meta_ads_fr.csv", "meta")
    assert (outcome.rows, outcome.days, outcome.created) == (4, 3, [])
    assert "Indicateur de résultats" in outcome.unread
    assert days(fair) == [
        (dt.date(2026, 3, 2), Decimal("12.50"), 1500, 1200, 30, 5),
        # two rows of one day: summed; reach does not add up, so it is unknown.
        (dt.date(2026, 3, 3), Decimal("12.50"), 1500, None, 30, None),
    ]
    assert days(members) == [(dt.date(2026, 3, 13), Decimal("7.25"), 800, None, 8, 2)]
    event = AuditEvent.objects.get(workspace=workspace, object_label="meta_ads_fr.csv")
    assert event.changes["days"] == [None, 3]

    import_ads(owner_membership, DATA / "meta_ads_fr.csv", "meta")
    assert CampaignDay.objects.filter(campaign__workspace=workspace).count() == 3


def test_meta_english_xlsx_spreads_a_period_row_over_its_days(owner_membership, workspace):
    fair = campaign(workspace, "Book fair 2026")
    import_ads(owner_membership, DATA / "meta_ads_en.xlsx", "meta")
    read = days(fair)
    assert read[:2] == [
        (dt.date(2026, 3, 2), Decimal("12.50"), 1500, 1200, 30, 5),
        (dt.date(2026, 3, 3), Decimal("12.50"), 1500, 1300, 30, None),
    ]
    # 30 € over 4–6 March: 10 € a day, counts split, reach unknown.
    assert read[2:] == [
        (dt.date(2026, 3, d), Decimal("10.00"), 1000, None, 20, 3) for d in (4, 5, 6)
    ]


def test_linkedin_english_and_french(owner_membership, workspace):
    engineers = campaign(workspace, "Recruiting engineers")
    outcome = import_ads(owner_membership, DATA / "linkedin_en.csv", "linkedin")
    assert outcome.tool == "LinkedIn Campaign Manager" and outcome.days == 3
    assert days(engineers) == [
        (dt.date(2026, 3, 2), Decimal("1020.40"), 12000, 9000, 140, 4),
        (dt.date(2026, 3, 3), Decimal("980.10"), 11500, 8700, 120, None),
        # an empty reach is unknown, a written 0 is zero.
        (dt.date(2026, 3, 14), Decimal("0.00"), 0, None, 0, 0),
    ]
    french = campaign(workspace, "Recrutement ingénieurs")
    import_ads(owner_membership, DATA / "linkedin_fr.csv", "linkedin")
    assert days(french) == [(dt.date(2026, 3, 14), Decimal("45.60"), 2100, 1800, 31, 2)]


def test_missing_campaigns_are_refused_or_created_on_request(owner_membership, workspace):
    with pytest.raises(AdsRefused, match="Recruiting engineers"):
        import_ads(owner_membership, DATA / "linkedin_en.csv", "linkedin")
    assert not Campaign.objects.filter(workspace=workspace).exists()
    outcome = import_ads(
        owner_membership, DATA / "linkedin_en.csv", "linkedin", create_missing=True
    )
    created = Campaign.objects.get(workspace=workspace)
    assert outcome.created == ["Recruiting engineers"]
    assert (created.start, created.end, created.networks, created.budget) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 14),
        ["linkedin"],
        Decimal(0),
    )


def write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "Campaign name,Day,Amount spent (EUR),Impressions,Link clicks,Results\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Fair,2026-03-02,=1+1,10,1,1\n", "formula"),
        ("Fair,2026-13-45,1.00,10,1,1\n", "is not a date"),
        ("Fair,2026-03-02,a lot,10,1,1\n", "is not an amount"),
        ("Fair,2026-03-02,1.00,-3,1,1\n", "is not a count"),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_nothing_is_stored(
    owner_membership, workspace, tmp_path, body, message
):
    fair = campaign(workspace, "Fair")
    good = "Fair,2026-03-01,1.00,10,1,1\n"
    with pytest.raises(AdsRefused) as refused:
        import_ads(owner_membership, write_csv(tmp_path, HEADER + good + body), "meta")
    assert any(p.startswith("line 3") and message in p for p in refused.value.problems)
    assert not CampaignDay.objects.filter(campaign=fair).exists()


def test_another_currency_is_refused(owner_membership, workspace, tmp_path):
    campaign(workspace, "Fair")
    text = HEADER.replace("(EUR)", "(USD)") + "Fair,2026-03-02,1.00,10,1,1\n"
    with pytest.raises(AdsRefused, match="in USD but this workspace keeps its amounts in EUR"):
        import_ads(owner_membership, write_csv(tmp_path, text), "meta")
    assert not CampaignDay.objects.exists()


def test_an_unknown_column_set_names_the_expected_columns(owner_membership, tmp_path):
    path = write_csv(tmp_path, "Name,When,Money\nFair,2026-03-02,1\n")
    with pytest.raises(AdsRefused, match="Campaign name / Nom de la campagne"):
        import_ads(owner_membership, path, "linkedin")
    path = write_csv(tmp_path, "Campaign name,Impressions,Results\nFair,1,1\n")
    with pytest.raises(AdsRefused, match="Columns are missing") as refused:
        import_ads(owner_membership, path, "meta")
    assert "Amount spent / Montant dépensé" in str(refused.value)


def test_too_many_rows_is_refused_whole(owner_membership, workspace, tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 5)
    campaign(workspace, "Fair")
    rows = "".join(f"Fair,2026-03-{d:02},1.00,10,1,1\n" for d in range(1, 7))
    with pytest.raises(AdsRefused, match="more than 5 rows"):
        import_ads(owner_membership, write_csv(tmp_path, HEADER + rows), "meta")
    assert not CampaignDay.objects.exists()


def test_a_formula_in_a_workbook_is_refused(owner_membership, workspace, tmp_path):
    campaign(workspace, "Fair")
    book = Workbook()
    sheet = book.active
    sheet.append(["Campaign name", "Day", "Amount spent (EUR)", "Impressions"])
    sheet.append(["Fair", dt.datetime(2026, 3, 2), "=2*5", 10])
    path = tmp_path / "export.xlsx"
    book.save(path)
    with pytest.raises(ImportRefused, match="formulas.*C2"):
        import_ads(owner_membership, path, "meta")
    assert not CampaignDay.objects.exists()


def test_an_editor_may_not_import(teammate_membership, workspace):
    campaign(workspace, "Salon du livre 2026")
    with pytest.raises(DomainError, match="owners and managers"):
        import_ads(teammate_membership, DATA / "meta_ads_fr.csv", "meta")
    assert not CampaignDay.objects.exists()
