"""Issue 17's second "Done when": a Meta Ads export and a Matomo export (fictitious
samples in tests/reports/data) are imported with the commands a team would use, and the
objective "registrations to the Saturday workshop" shows its funnel and its cost per
registration in November's report, in French.

The samples agree with each other: the Meta export is the paid campaign "Atelier du
samedi" (84.00 EUR over 14 days), the Matomo export is the website's visits and
"Inscription atelier" goals of the campaign tag ``atelier-du-samedi`` (42 registrations):
2.00 EUR a registration.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from mostra import cli
from mostra.paid.services.campaigns import CampaignInput, create_campaign
from mostra.strategy.models import Objective

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[1] / "data"


def mostra(*args: str) -> str:
    result = CliRunner().invoke(cli.mostra, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_saturday_workshop_objective_shows_its_funnel_and_cost_per_registration(
    workspace, owner_membership
):
    objective = Objective.objects.create(
        workspace=workspace,
        key="o-atelier-samedi",
        title="Inscriptions à l'atelier du samedi",
        axis="action",
        networks=["instagram", "facebook"],
        kpi="registrations",
        baseline_value=0,
        baseline_date=dt.date(2026, 11, 1),
        target_value=60,
        start=dt.date(2026, 11, 1),
        deadline=dt.date(2026, 12, 31),
    )
    create_campaign(
        owner_membership,
        CampaignInput(
            name="Atelier du samedi",
            kind="event",
            start=dt.date(2026, 11, 7),
            end=dt.date(2026, 11, 20),
            budget=Decimal("90.00"),
            networks=["facebook", "instagram"],
            utm_campaign="atelier-du-samedi",
            objective_id=objective.pk,
        ),
    )
    slug = ("--workspace", workspace.slug)
    mostra(
        "campaign", "import", str(DATA / "meta_ads_atelier_samedi_fr.csv"), "--network", "meta",
        *slug,
    )  # fmt: skip
    mostra(
        "conversions", "import", str(DATA / "matomo_atelier_samedi.csv"), "--source", "matomo",
        *slug,
    )  # fmt: skip
    mostra("conversions", "goal", "Inscription atelier", "--kpi", "registrations", *slug)

    html = mostra("report", *slug, "--period", "2026-11", "--lang", "fr", "--format", "html")
    funnel = html.split('<section id="r-funnel">')[1].split("</section>")[0]
    assert "Inscriptions à l&#x27;atelier du samedi" in funnel
    steps = [row.split("</td>")[0:2] for row in funnel.split("<tr><td>")[1:]]
    values = {label: value.split(">")[-1] for label, value in steps}
    assert values["Conversions"] == "42"  # the Matomo goal counted as registrations
    assert values["Clics (liens suivis et publicités)"] == "153"  # the Meta export's clicks
    assert values["Coût par conversion"] == "2,00 EUR"  # 84.00 EUR for 42 registrations
