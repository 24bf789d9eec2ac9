"""A workspace's own KPIs: in the strategy file (read, refused, written back the same),
on the board (defined, edited, named by an objective), and the SMART "measurable" letter
that turns amber while nothing feeds an objective's KPI, with the way to feed it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from mostra.analytics.models import Measurement
from mostra.core.errors import DomainError
from mostra.strategy import document as d
from mostra.strategy import yaml_io
from mostra.strategy.models import CustomKpi, Objective
from mostra.strategy.services import objects as service
from mostra.strategy.services.export import export_document
from mostra.strategy.services.file import import_document
from tests.strategy.fromagerie import letters, url
from tests.strategy.yaml_support import example_text, line_of, refused

HTMX = {"HTTP_HX_REQUEST": "true"}
KPIS = """kpis:
  - id: adherents
    names: {fr: Adhérents, en: Members}
    unit: people
    direction: up
    axis: liking
    collection: latest
"""


def example_with(kpi_block: str, objective_kpi: str = "leads") -> str:
    """The documented example, its second objective measured by ``objective_kpi``."""
    text = example_text()
    start = text.index("kpis:\n")
    end = text.index("objectives:\n")
    return (text[:start] + kpi_block + text[end:]).replace("kpi: leads", f"kpi: {objective_kpi}")


def test_an_objective_names_a_kpi_of_the_file():
    doc = yaml_io.load(example_with(KPIS, "adherents"))
    [kpi] = doc.kpis
    assert (kpi.id, kpi.names.fr, kpi.unit, kpi.collection) == (
        "adherents",
        "Adhérents",
        "people",
        "latest",
    )
    with translation.override("fr"):
        assert doc.kpi("adherents").label == "Adhérents"
    with translation.override("en"):
        assert doc.kpi("adherents").label == "Members"
    assert doc.kpi("leads").label == "Leads"


@pytest.mark.parametrize(
    ("block", "objective_kpi", "line", "words"),
    [
        (
            KPIS.replace("adherents", "reach"),
            "reach",
            "id: reach",
            "kpis[0].id: 'reach' is a KPI of mostra's catalogue",
        ),
        (KPIS + KPIS.removeprefix("kpis:\n"), "adherents", None, "duplicate KPI id 'adherents'"),
        (
            KPIS,
            "adherent",
            "kpi: adherent",
            "objectives[1].kpi: 'adherent' is not allowed here: use one of 'followers'",
        ),
        (
            KPIS.replace("unit: people", "unit: percent").replace("latest", "sum"),
            "adherents",
            None,
            "cannot be added up day by day",
        ),
        (
            KPIS.replace("{fr: Adhérents, en: Members}", "{}"),
            "adherents",
            None,
            "give the KPI a name",
        ),
        (
            KPIS.replace("unit: people", "unit: dollars"),
            "adherents",
            "unit: dollars",
            "'dollars' is not allowed here",
        ),
    ],
)
def test_a_bad_kpi_is_refused_naming_its_line(block, objective_kpi, line, words):
    text = example_with(block, objective_kpi)
    problem = refused(text)
    assert words in problem.message, problem.message
    if line:
        assert problem.line == line_of(text, line)


def test_the_collection_defaults_by_unit():
    text = example_with(KPIS.replace("    collection: latest\n", "").replace("people", "percent"))
    assert yaml_io.load(text).kpis[0].collection == "latest"
    text = example_with(KPIS.replace("    collection: latest\n", ""))
    assert yaml_io.load(text).kpis[0].collection == "sum"


@pytest.mark.django_db
def test_import_then_export_gives_the_same_file_and_values_outlive_their_kpi(
    workspace, owner_membership
):
    text = example_with(KPIS, "adherents")
    summary = import_document(owner_membership, workspace, yaml_io.load(text))
    assert summary.created["kpis"] == 1
    assert yaml_io.dump(export_document(workspace)) == text
    assert Objective.objects.get(key="o-revendeurs").kpi == "adherents"
    Measurement.objects.create(
        workspace=workspace, kpi="adherents", date=dt.date(2026, 11, 1), value=210
    )
    # The file without the KPI (the objective back on leads): the KPI goes, its values stay.
    summary = import_document(owner_membership, workspace, yaml_io.load(example_with("", "leads")))
    assert summary.deleted["kpis"] == 1 and not CustomKpi.objects.exists()
    assert Measurement.objects.filter(kpi="adherents").count() == 1


@pytest.mark.django_db
def test_the_services_refuse_a_catalogue_code_and_a_kpi_in_use(
    workspace, owner_membership, teammate_membership
):
    members = d.Kpi(id="adherents", names=d.KpiNames(fr="Adhérents"), unit="people")
    with pytest.raises(DomainError) as caught:
        service.save_kpi(teammate_membership, members)  # an editor
    assert "owners and managers" in caught.value.message
    with pytest.raises(DomainError) as caught:
        service.save_kpi(owner_membership, members.model_copy(update={"id": "followers"}))
    assert caught.value.field == "id"
    service.save_kpi(owner_membership, members)
    service.save_objective(
        owner_membership,
        d.Objective(id="o-membres", title="Plus d'adhérents", axis="liking", kpi="adherents"),
    )
    with pytest.raises(DomainError) as caught:
        service.delete_object(owner_membership, "kpi", "adherents")
    assert "Plus d'adhérents" in caught.value.message
    assert service.new_key(workspace, "kpi", "Adhérents") == "adherents-2"
    assert service.new_key(workspace, "kpi", "Reach") == "reach-2"


@pytest.mark.django_db
def test_the_board_defines_a_kpi_and_an_objective_names_it(
    strategy, workspace, owner_client, teammate_client
):
    response = owner_client.post(
        url(workspace, "kpis/new/"),
        {
            "kpi-new-name_fr": "Dons en ligne",
            "kpi-new-name_en": "Online donations",
            "kpi-new-id": "",
            "kpi-new-unit": "euro",
            "kpi-new-direction": "up",
            "kpi-new-axis": "action",
            "kpi-new-collection": "sum",
        },
        **HTMX,
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    kpi = CustomKpi.objects.get()
    assert (kpi.key, kpi.name_fr, kpi.unit) == ("dons-en-ligne", "Dons en ligne", "euro")
    html = teammate_client.get(url(workspace)).content.decode()
    card = html.split('id="kpi-dons-en-ligne"')[1].split("</article>")[0]
    assert "Online donations" in card and "/analytics/values/dons-en-ligne/" in card
    assert 'href="/w/fromagerie/strategy/kpis/dons-en-ligne/edit/"' not in card  # Bob: no edit
    form = owner_client.get(
        url(workspace, "objectives/o-leads-linkedin/edit/"), **HTMX
    ).content.decode()
    assert '<option value="dons-en-ligne">Online donations (your KPI)</option>' in form
    # Refused: no name, a percentage added up.
    response = owner_client.post(
        url(workspace, "kpis/new/"),
        {
            "kpi-new-unit": "percent",
            "kpi-new-direction": "up",
            "kpi-new-axis": "action",
            "kpi-new-collection": "sum",
        },
        **HTMX,
    )
    assert response.status_code == 422 and "Give the KPI a name" in response.content.decode()
    assert CustomKpi.objects.count() == 1


@pytest.mark.django_db
def test_measurable_is_amber_until_a_value_is_recorded_and_links_to_the_values(
    strategy, workspace, owner_client
):
    html = owner_client.get(url(workspace)).content.decode()
    assert letters(html, "o-leads-linkedin")["M"] == "warn"
    smart = html.split('id="smart-o-leads-linkedin"')[1].split("</details>")[0]
    assert "No value of Leads is recorded yet" in smart
    assert 'href="/w/fromagerie/analytics/values/leads/">Enter or import its values</a>' in smart
    # Instagram's followers: mostra computes them, from an account not tracked yet.
    assert (
        'href="/w/fromagerie/analytics/imports/">Import data</a>'
        in html.split('id="smart-o-notoriete-ig"')[1].split("</details>")[0]
    )
    Measurement.objects.create(workspace=workspace, kpi="leads", date=dt.date.today(), value=4)
    html = owner_client.get(url(workspace)).content.decode()
    assert letters(html, "o-leads-linkedin")["M"] == "ok"


def test_the_smart_reasons_write_values_in_their_unit():
    """3.2 → 4.5 is a percentage: the letter says so (the issue's "per cent? per thousand?")."""
    from mostra.strategy.checks.smart import smart_check
    from tests.strategy.builders import change_objective, coherent, context

    doc = change_objective(
        coherent(),
        kpi="engagement_rate_reach",
        axis="liking",
        baseline={"value": 3.2, "date": "2026-09-01", "source": "Insights"},
        target=4.5,
    )
    with translation.override("en"):
        reasons = " ".join(smart_check(doc, "o-notoriete-ig", context()).letters["M"].reasons)
    assert "from 3.2% (2026-09-01) to 4.5%, in the right direction" in reasons
