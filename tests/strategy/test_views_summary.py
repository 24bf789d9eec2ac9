"""The strategy on a page: HTML and a one-page PDF, in French and in English."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from mostra.strategy import document as d
from mostra.strategy.services import objects as service
from tests.strategy.fromagerie import build_strategy

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "strategy"


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def keep(name: str, content: bytes) -> None:
    """Keep the PDF for a person to look at (test-output/strategy/)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / name).write_bytes(content)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_summary_page_in_french(strategy, workspace, owner_client):
    response = owner_client.get(f"/w/{workspace.slug}/strategy/summary/?lang=fr")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Faire connaître l&#x27;affinage sur Instagram" in html
    assert 'class="sheet-frame" lang="fr"' in html
    assert "<svg" in html and "week-grid" in html  # the weekly rhythm
    assert "no data yet" in html or "pas encore de données" in html


def test_pdf_is_one_page_with_the_mission_and_objectives(strategy, workspace, owner_client):
    response = owner_client.get(f"/w/{workspace.slug}/strategy/summary.pdf?lang=fr")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="fromagerie-strategy-fr.pdf"'
    keep("summary-fr.pdf", response.content)
    pages, text = pdf_text(response.content)
    assert pages == 1
    text = flat(text)
    assert "Fromagerie du Lac" in text
    assert "référence des fromages fermiers" in text  # the mission
    for title in [
        "Faire connaître l'affinage sur Instagram",
        "Faire aimer nos arrivages sur Facebook",
        "Obtenir des contacts de restaurateurs",
    ]:
        assert title in text
    assert "Gourmets de la région" in text


def test_pdf_in_english(strategy, workspace, owner_client):
    response = owner_client.get(f"/w/{workspace.slug}/strategy/summary.pdf?lang=en")
    keep("summary-en.pdf", response.content)
    pages, text = pdf_text(response.content)
    assert pages == 1
    assert "Make known" in flat(text)


def test_a_large_strategy_still_fits_one_page(owner_membership, workspace, owner_client):
    build_strategy(owner_membership, extra_objectives=15)
    for i in range(8):
        service.save_target(
            owner_membership,
            d.Target(id=f"t-more-{i}", name=f"Cible supplémentaire numéro {i}", priority=5 + i),
        )
    response = owner_client.get(f"/w/{workspace.slug}/strategy/summary.pdf?lang=fr")
    keep("summary-large.pdf", response.content)
    pages, text = pdf_text(response.content)
    assert pages == 1
    assert "Faire connaître l'affinage sur Instagram" in flat(text)


def test_empty_strategy_sheet(workspace, owner_client):
    assert owner_client.get(f"/w/{workspace.slug}/strategy/summary/").status_code == 200
    response = owner_client.get(f"/w/{workspace.slug}/strategy/summary.pdf")
    assert pdf_text(response.content)[0] == 1


def test_summary_escapes_names(owner_membership, workspace, owner_client):
    service.save_target(owner_membership, d.Target(id="t-x", name="<b>bold</b>", priority=1))
    html = owner_client.get(f"/w/{workspace.slug}/strategy/summary/").content.decode()
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_progress_where_history_exists():
    import datetime as dt

    from mostra.strategy.checks import HistoryPoint
    from mostra.strategy.summary import progress_of

    o = d.Objective(
        id="o-x",
        title="x",
        axis="awareness",
        networks=["instagram"],
        kpi="followers",
        baseline=d.Baseline(value=1000, date=dt.date(2026, 1, 1)),
        target=2000,
    )
    assert progress_of(o, {}) is None
    history = {
        ("instagram", "followers"): [
            HistoryPoint(dt.date(2025, 12, 1), 900),
            HistoryPoint(dt.date(2026, 3, 1), 1250),
            HistoryPoint(dt.date(2026, 2, 1), 1100),
        ]
    }
    progress = progress_of(o, history)
    assert progress is not None
    assert progress.current == 1250 and progress.percent == 25 and progress.bar == 25
