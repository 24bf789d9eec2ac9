"""A hand-made ReportData: the reference case (40 % reposts against a competitor's 70 %)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from mostra.reports.report import numbers
from mostra.reports.report.data import (
    ComparedAccount,
    ComparedMetric,
    Comparison,
    Definition,
    Highlight,
    KeyFigure,
    ObjectiveLine,
    ReportData,
)
from mostra.reports.report.period import parse_period


def sample(
    language: str = "fr", name: str = "Fromagerie du Lac", handle: str = "fromagerie"
) -> ReportData:
    period = parse_period("2026-10")
    with translation.override(language):
        pct, num = numbers.percent, numbers.number
        return ReportData(
            workspace_name=name,
            workspace_slug="fromagerie",
            period=period,
            period_label=period.label(),
            previous_label=period.previous().label(),
            language=language,
            figures=[
                KeyFigure("posts", "Publications", num(125), 125, "count", "+12 %", "up", "good"),
                KeyFigure(
                    "impressions", "Impressions", num(12345), 12345, "count", "−3 %", "down", "bad"
                ),
                KeyFigure(
                    "engagement_rate_impressions",
                    "Taux d'engagement",
                    pct(0.034),
                    0.034,
                    "ratio",
                    "+0,4 pt",
                    "up",
                    "good",
                ),
                KeyFigure("followers", "Abonnés", num(4210), 4210, "count", "+2 %", "up", "good"),
                KeyFigure("follower_growth", "Croissance des abonnés", pct(0.021), 0.021, "ratio"),
                KeyFigure(
                    "repost_ratio",
                    "Part de reposts",
                    pct(0.4),
                    0.4,
                    "ratio",
                    "−5 pts",
                    "down",
                    "neutral",
                ),
            ],
            objectives=[
                ObjectiveLine(
                    "Faire connaître la fromagerie aux Lyonnais",
                    "Impressions",
                    num(8000),
                    num(12345),
                    num(20000),
                    0.36,
                    pct(0.36),
                    "18 200 (15 000–21 400)",
                    "at_risk",
                    "À surveiller",
                ),
                ObjectiveLine(
                    "Engager la communauté",
                    "Taux d'engagement",
                    pct(0.02),
                    pct(0.034),
                    pct(0.04),
                    0.7,
                    pct(0.7),
                    "",
                    "on_track",
                    "En bonne voie",
                ),
                ObjectiveLine(
                    "Vendre les paniers de Noël",
                    "Clics",
                    "—",
                    "—",
                    num(500),
                    None,
                    "—",
                    "",
                    "missing_data",
                    "Données manquantes",
                    missing="clicks are missing",
                ),
            ],
            highlights=[
                Highlight(
                    "Notre comté 24 mois vient d'arriver : venez le goûter samedi au marché !",
                    "x",
                    "X (Twitter)",
                    "@fromagerie",
                    "12 octobre 2026",
                    "https://x.com/fromagerie/status/1",
                    342,
                    [("J'aime", "300"), ("Reposts", "30"), ("Réponses", "12")],
                ),
            ],
            comparison=Comparison(
                metrics=[
                    ComparedMetric("repost_ratio", "Part de reposts", "ratio"),
                    ComparedMetric("posts_per_week", "Publications par semaine", "per_week"),
                    ComparedMetric("original_share", "Part d'originaux", "ratio"),
                ],
                accounts=[
                    ComparedAccount(
                        "@fromagerie",
                        "X (Twitter)",
                        False,
                        {
                            "repost_ratio": (0.4, pct(0.4)),
                            "posts_per_week": (28.2, num(28.2, 1)),
                            "original_share": (0.5, pct(0.5)),
                        },
                        network="x",
                    ),
                    ComparedAccount(
                        "@laiterie_concurrente_du_plateau_tres_long_nom",
                        "X (Twitter)",
                        True,
                        {
                            "repost_ratio": (0.7, pct(0.7)),
                            "posts_per_week": (41.0, num(41, 1)),
                            "original_share": (None, "—"),
                        },
                        network="x",
                    ),
                ],
            ),
            definitions=[
                Definition(
                    "Part de reposts",
                    "reposts ÷ toutes les publications",
                    "toutes les publications du compte sur la période",
                    "Kaushik",
                )
            ],
            sources=["Archive X importée le 3 novembre 2026"],
            missing=["Les clics ne sont pas fournis par l'archive X."],
            own_accounts=[f"@{handle} (X (Twitter))"],
            networks=["X (Twitter)"],
            generated_at=dt.datetime(2026, 11, 1, 7, 0, tzinfo=dt.UTC),
        )
