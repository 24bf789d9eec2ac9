"""The strategy overview: the four columns, the checks beside them, inline editing.

``build_strategy`` makes the realistic strategy the other view tests use too: a
cheese shop on three networks, three ranked targets, four objectives (one of them
deliberately flawed), their strategies and tactics.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mostra.core.models import Membership, Role, User
from mostra.strategy import document as d
from mostra.strategy.models import Objective, Target
from mostra.strategy.services import objects as service

TODAY = dt.date.today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def build_strategy(actor: Membership, *, flawed: bool = True, extra_objectives: int = 0) -> None:
    """A complete strategy through the services, as a community manager would enter it."""
    service.save_profile(
        actor,
        vision="Faire de la Fromagerie du Lac la référence des fromages fermiers de la "
        "région, en montrant les producteurs et les savoir-faire derrière chaque meule.",
        posts_per_week=8,
    )
    for network, why in [
        ("instagram", "Montrer les produits et les coulisses de l'affinage."),
        ("facebook", "Informer la clientèle locale des arrivages et des événements."),
        ("linkedin", "Trouver des restaurateurs et des épiceries fines partenaires."),
    ]:
        service.save_mission_network(
            actor,
            d.MissionNetwork(
                network=network,
                why=why,
                audience_present=True,
                competitors_present=True,
                partners_present=network != "instagram",
                behaviour=["shares", "opinions"],
                active=True,
            ),
        )
    service.save_target(
        actor,
        d.Target(
            id="t-gourmets",
            name="Gourmets de la région",
            priority=1,
            segments=d.Segments(age=["25-34", "35-49"], gender=["women"], country="FR"),
            behaviour={"instagram": ["shares", "opinions"], "facebook": ["opinions"]},
            evidence="Commentaires et partages sous nos posts d'arrivages.",
        ),
    )
    service.save_target(
        actor,
        d.Target(
            id="t-restaurateurs",
            name="Restaurateurs et épiceries fines",
            priority=2,
            segments=d.Segments(age=["30-49", "50-64"], country="FR"),
            behaviour={"linkedin": ["opinions", "sells"]},
        ),
    )
    service.save_target(
        actor,
        d.Target(
            id="t-touristes",
            name="Touristes de passage",
            kind="indirect",
            priority=3,
            segments=d.Segments(age=["18-29", "30-49"]),
        ),
    )
    service.save_target(
        actor,
        d.Target(
            id="t-influenceurs",
            name="Influenceurs culinaires",
            typology="individual",
            segments=d.Segments(age=["25-34"]),
            behaviour={"instagram": ["posts", "sells"]},
        ),
    )
    for network, since, stage in [
        ("instagram", dt.date(2023, 3, 1), "established"),
        ("facebook", dt.date(2019, 6, 1), "established"),
        ("linkedin", days(-60), "launching"),
        ("tiktok", None, "candidate"),
    ]:
        service.save_platform(
            actor,
            d.Platform(
                network=network, handle="@fromageriedulac", present_since=since, stage=stage
            ),
        )
    owner = actor.user.email
    objectives = [
        d.Objective(
            id="o-notoriete-ig",
            title="Faire connaître l'affinage sur Instagram",
            description="Plus d'abonnés locaux qui découvrent nos producteurs.",
            axis="awareness",
            networks=["instagram"],
            kpi="followers",
            baseline=d.Baseline(value=1200, date=days(-20), source="Statistiques Instagram"),
            target=1500,
            start=days(-10),
            deadline=days(170),
            owner=owner,
            targets=["t-gourmets", "t-touristes"],
        ),
        d.Objective(
            id="o-engagement-fb",
            title="Faire aimer nos arrivages sur Facebook",
            description="Des clients qui réagissent et recommandent.",
            axis="liking",
            networks=["facebook"],
            kpi="engagement_rate_reach",
            baseline=d.Baseline(value=2.1, date=days(-15), source="Meta Business Suite"),
            target=2.6,
            start=days(-5),
            deadline=days(175),
            owner=owner,
            targets=["t-gourmets"],
        ),
        d.Objective(
            id="o-leads-linkedin",
            title="Obtenir des contacts de restaurateurs",
            description="Des demandes de tarifs professionnels via le site.",
            axis="action",
            networks=["linkedin"],
            kpi="leads",
            baseline=d.Baseline(value=4, date=days(-10), source="Formulaire du site"),
            target=5,
            start=days(0),
            deadline=days(120),
            owner=owner,
            targets=["t-restaurateurs"],
        ),
    ]
    if flawed:
        objectives.append(
            d.Objective(
                id="o-ventes-tiktok",
                title="Vendre des plateaux sur TikTok",
                axis="action",
                networks=["tiktok"],
                kpi="sales",
                baseline=d.Baseline(value=30, date=days(-5)),
                target=20,
                targets=[],
            )
        )
    for i in range(extra_objectives):
        objectives.append(
            d.Objective(
                id=f"o-extra-{i}",
                title=f"Objectif supplémentaire {i}",
                axis=["awareness", "liking", "action"][i % 3],
                networks=["instagram"],
                kpi="reach",
                baseline=d.Baseline(value=1000 + i, date=days(-3)),
                target=1100 + i,
                start=days(0),
                deadline=days(90),
                owner=owner,
                targets=["t-gourmets"],
            )
        )
    for o in objectives:
        service.save_objective(actor, o)
    for sid, objective, title, plan in [
        ("s-coulisses", "o-notoriete-ig", "Les coulisses de l'affinage", "Reels en cave."),
        ("s-arrivages", "o-engagement-fb", "Les arrivages de la semaine", "Un post par arrivage."),
        ("s-pro", "o-leads-linkedin", "Le blog des pros", "Articles, puis formulaire de contact."),
        *([(f"s-extra-{i}", f"o-extra-{i}", f"Plan {i}", "") for i in range(extra_objectives)]),
    ]:
        service.save_strategy(
            actor,
            d.Strategy(
                id=sid,
                objective=objective,
                title=title,
                plan=plan,
                owned_channels=["blog"] if sid == "s-pro" else [],
            ),
        )
    tactics = [
        d.Tactic(
            id="k-reels",
            strategy="s-coulisses",
            title="Reels en cave d'affinage",
            networks=["instagram"],
            content_types=["video"],
            formats=["reel"],
            slots=[d.Slot(day="tue", time="18:30"), d.Slot(day="sat", time="10:00")],
            per_week=2,
            targets=["t-gourmets"],
        ),
        d.Tactic(
            id="k-arrivages",
            strategy="s-arrivages",
            title="Photo des arrivages",
            networks=["facebook", "instagram"],
            content_types=["photo"],
            formats=["post", "story"],
            slots=[
                d.Slot(day="wed", time="09:00", network="facebook"),
                d.Slot(day="fri", time="12:00", network="instagram"),
            ],
            per_week=3,
            targets=["t-gourmets", "t-touristes"],
        ),
        d.Tactic(
            id="k-articles",
            strategy="s-pro",
            title="Article du mois pour les pros",
            networks=["linkedin"],
            content_types=["text", "link"],
            formats=["article"],
            slots=[d.Slot(day="thu", time="08:30")],
            per_week=1,
            targets=["t-restaurateurs"],
        ),
    ]
    for i in range(extra_objectives):
        tactics.append(
            d.Tactic(
                id=f"k-extra-{i}",
                strategy=f"s-extra-{i}",
                title=f"Tactique {i}",
                networks=["instagram"],
                content_types=["photo"],
                formats=["post"],
                slots=[d.Slot(day="mon", time="11:00")],
                per_week=0.5,
                targets=["t-gourmets"],
            )
        )
    for t in tactics:
        service.save_tactic(actor, t)


@pytest.fixture
def strategy(owner_membership) -> Membership:
    build_strategy(owner_membership)
    return owner_membership


def url(workspace, suffix: str = "") -> str:
    return f"/w/{workspace.slug}/strategy/{suffix}"


def letters(html: str, objective_id: str) -> dict[str, str]:
    """The SMART letters of an objective's card, as {letter: ok|fail|unknown}."""
    block = html.split(f'id="smart-{objective_id}"', 1)[1].split("</ul>", 1)[0]
    return dict(re.findall(r'data-letter="(\w)" data-state="(\w+)"', block))


def test_overview_shows_the_four_columns_and_the_checks(strategy, workspace, owner_client):
    response = owner_client.get(url(workspace))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ["Mission", "Objectives", "Strategies", "Tactics", "Targets", "Platforms"]:
        assert f"> {title}</h2>" in html or f">{title} <" in html or title in html
    assert "Faire connaître l&#x27;affinage sur Instagram" in html
    assert 'id="objective-o-notoriete-ig"' in html and 'id="tactic-k-reels"' in html
    # The good objective passes S, M, T; the flawed one fails M (target below baseline).
    assert letters(html, "o-notoriete-ig")["M"] == "ok"
    flawed = letters(html, "o-ventes-tiktok")
    assert flawed["M"] == "fail" and flawed["T"] == "fail"
    # The lint panel lists the flaw with its code and a link to the card.
    panel = html.split('id="lint-panel"', 1)[1].split("</section>", 1)[0]
    assert 'data-code="objective-wrong-direction"' in panel
    assert 'href="#objective-o-ventes-tiktok"' in panel
    assert (
        'aria-live="polite"'
        in html.split('id="lint-panel"', 1)[0][-200:] + html.split('id="lint-panel"', 1)[1][:40]
    )
    # Readiness per network.
    assert 'data-network="instagram"' in html
    # Ranked targets, first first.
    assert html.index('id="target-t-gourmets"') < html.index('id="target-t-restaurateurs"')
    # Owners see edit buttons.
    assert f"/w/{workspace.slug}/strategy/objectives/o-notoriete-ig/edit/" in html


def test_teammate_reads_without_edit_buttons(strategy, workspace, teammate_client):
    html = teammate_client.get(url(workspace)).content.decode()
    assert "Faire connaître" in html
    assert "/edit/" not in html
    assert "/strategy/objectives/new/" not in html
    assert "/move/" not in html


def test_empty_strategy_page(workspace, owner_client):
    response = owner_client.get(url(workspace))
    assert response.status_code == 200
    assert "No objective on this axis." in response.content.decode()


def test_query_count_is_bounded(
    owner_membership, workspace, owner_client, django_assert_max_num_queries
):
    build_strategy(owner_membership, extra_objectives=12)
    for i in range(6):
        user = User.objects.create_user(f"m{i}@example.org", "x" * 12)
        Membership.objects.create(workspace=workspace, user=user, role=Role.VIEWER)
    with django_assert_max_num_queries(25):
        assert owner_client.get(url(workspace)).status_code == 200


def test_query_count_does_not_grow_with_the_strategy(
    owner_membership, workspace, owner_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_strategy(owner_membership)
    with CaptureQueriesContext(connection) as small:
        owner_client.get(url(workspace))
    for i in range(10, 20):
        service.save_objective(
            owner_membership,
            d.Objective(id=f"o-more-{i}", title=f"Encore {i}", axis="awareness"),
        )
    with CaptureQueriesContext(connection) as large:
        owner_client.get(url(workspace))
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Inline editing with htmx --------------------------------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}


def objective_post(**changes) -> dict[str, object]:
    """The objective form as the browser sends it for o-notoriete-ig."""
    data: dict[str, object] = {
        "objective-o-notoriete-ig-id": "o-notoriete-ig",
        "objective-o-notoriete-ig-title": "Faire connaître l'affinage sur Instagram",
        "objective-o-notoriete-ig-description": "Plus d'abonnés locaux.",
        "objective-o-notoriete-ig-axis": "awareness",
        "objective-o-notoriete-ig-networks": ["instagram"],
        "objective-o-notoriete-ig-kpi": "followers",
        "objective-o-notoriete-ig-baseline_value": "1200",
        "objective-o-notoriete-ig-baseline_date": days(-20).isoformat(),
        "objective-o-notoriete-ig-baseline_source": "Statistiques Instagram",
        "objective-o-notoriete-ig-target_value": "1500",
        "objective-o-notoriete-ig-start": days(-10).isoformat(),
        "objective-o-notoriete-ig-deadline": days(170).isoformat(),
        "objective-o-notoriete-ig-owner": "alice@example.org",
        "objective-o-notoriete-ig-targets": ["t-gourmets", "t-touristes"],
        "objective-o-notoriete-ig-alignment": "",
    }
    data.update({f"objective-o-notoriete-ig-{k}": v for k, v in changes.items()})
    return data


def test_edit_form_is_a_partial_for_htmx(strategy, workspace, owner_client):
    response = owner_client.get(url(workspace, "objectives/o-notoriete-ig/edit/"), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<form")
    assert "<html" not in html
    assert 'id="objective-o-notoriete-ig"' in html
    assert 'value="1500"' in html
    # Without htmx, the same URL is a whole page.
    page = owner_client.get(url(workspace, "objectives/o-notoriete-ig/edit/"))
    assert "<html" in page.content.decode()


def test_saving_with_htmx_returns_the_board_and_the_panels(strategy, workspace, owner_client):
    before = owner_client.get(url(workspace)).content.decode()
    assert letters(before, "o-notoriete-ig")["T"] == "ok"
    response = owner_client.post(
        url(workspace, "objectives/o-notoriete-ig/edit/"), objective_post(deadline=""), **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#board"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert letters(html, "o-notoriete-ig")["T"] == "fail"
    assert '<div id="lint-panel" hx-swap-oob="innerHTML">' in html
    assert '<div id="readiness-panel" hx-swap-oob="innerHTML">' in html
    panel = html.split('id="lint-panel"', 1)[1]
    assert 'data-code="objective-no-deadline"' in panel
    assert Objective.objects.get(key="o-notoriete-ig").deadline is None


def test_saving_without_js_redirects_to_the_card(strategy, workspace, owner_client):
    response = owner_client.post(
        url(workspace, "objectives/o-notoriete-ig/edit/"), objective_post(target_value="1800")
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/strategy/#objective-o-notoriete-ig")
    assert Objective.objects.get(key="o-notoriete-ig").target_value == 1800


def test_invalid_form_comes_back_with_errors(strategy, workspace, owner_client):
    data = objective_post(baseline_date="", title="")
    response = owner_client.post(url(workspace, "objectives/o-notoriete-ig/edit/"), data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Give the date of the baseline value." in html
    assert "errorlist" in html
    page = owner_client.post(url(workspace, "objectives/o-notoriete-ig/edit/"), data)
    assert page.status_code == 400
    assert Objective.objects.get(key="o-notoriete-ig").title.startswith("Faire connaître")


def test_service_error_lands_on_its_field(strategy, workspace, owner_client):
    data = objective_post(id="t-gourmets")  # the id of a target
    response = owner_client.post(url(workspace, "objectives/o-notoriete-ig/edit/"), data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "is already used in this strategy" in html
    assert '<details class="advanced" open>' in html  # the id field shows its error
    # An owner who is not a member cannot even be chosen.
    data = objective_post(owner="charlie@example.org")
    response = owner_client.post(url(workspace, "objectives/o-notoriete-ig/edit/"), data, **HTMX)
    assert response.status_code == 422


def test_create_objective_gets_an_id_from_its_title(strategy, workspace, owner_client):
    data = {
        "objective-new-title": "Être cité par la presse locale",
        "objective-new-axis": "awareness",
        "objective-new-networks": ["facebook"],
        "objective-new-kpi": "share_of_voice",
    }
    response = owner_client.post(url(workspace, "objectives/new/"), data, **HTMX)
    assert response.status_code == 200
    created = Objective.objects.get(title="Être cité par la presse locale")
    assert created.key == "o-etre-cite-par-la-presse-locale"
    assert f'id="objective-{created.key}"' in response.content.decode()


def test_new_form_and_cancel(strategy, workspace, owner_client):
    response = owner_client.get(url(workspace, "objectives/new/?axis=liking"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="liking" selected' in html
    assert owner_client.get(url(workspace, "objectives/new/?cancel=1"), **HTMX).content == b""
    card = owner_client.get(url(workspace, "objectives/o-notoriete-ig/"), **HTMX)
    assert card.content.decode().lstrip().startswith("<article")
    assert 'data-letter="S"' in card.content.decode()  # with its SMART letters
    mission = owner_client.get(url(workspace, "mission/"), **HTMX).content.decode()
    assert (
        mission.lstrip().startswith('<article class="card el el-mission')
        and "Fromagerie" in mission
    )
    for path in [
        "targets/t-gourmets/",
        "platforms/tiktok/",
        "networks/linkedin/",
        "tactics/k-reels/",
    ]:
        assert owner_client.get(url(workspace, path), **HTMX).status_code == 200, path
    assert owner_client.get(url(workspace, "tactics/nope/"), **HTMX).status_code == 404


def test_create_each_kind_without_js(strategy, workspace, owner_client):
    posts = {
        "networks": {"network-new-network": "youtube", "network-new-why": "Tutoriels."},
        "platforms": {"platform-new-network": "youtube", "platform-new-stage": "candidate"},
        "targets": {
            "target-new-name": "Écoles hôtelières",
            "target-new-kind": "indirect",
            "target-new-typology": "collective",
            "target-new-is_priority": "on",
            "target-new-age": ["18-24"],
            "target-new-behaviour_youtube": ["shares"],
            "target-new-inactive": ["facebook"],
        },
        "strategies": {
            "strategy-new-objective": "o-notoriete-ig",
            "strategy-new-title": "Partenariats avec des chefs",
        },
        "tactics": {
            "tactic-new-strategy": "s-coulisses",
            "tactic-new-title": "Live mensuel",
            "tactic-new-networks": ["instagram"],
            "tactic-new-formats": ["live"],
            "tactic-new-per_week": "0.25",
            "tactic-new-slot-TOTAL_FORMS": "2",
            "tactic-new-slot-INITIAL_FORMS": "0",
            "tactic-new-slot-0-day": "sun",
            "tactic-new-slot-0-time": "17:00",
            "tactic-new-slot-0-network": "instagram",
            "tactic-new-slot-1-day": "",
            "tactic-new-slot-1-time": "",
        },
    }
    for kind, data in posts.items():
        response = owner_client.post(url(workspace, f"{kind}/new/"), data)
        assert response.status_code == 302, (kind, response.content.decode()[:3000])
    target = Target.objects.get(name="Écoles hôtelières")
    assert target.priority == 4 and target.behaviour == {"youtube": ["shares"]}
    assert target.inactive == ["facebook"] and target.segments == {"age": ["18-24"]}
    from mostra.strategy.models import Tactic

    live = Tactic.objects.get(title="Live mensuel")
    assert live.slots == [{"day": "sun", "time": "17:00", "network": "instagram"}]
    assert live.per_week == 0.25


def test_edit_every_kind_form_renders(strategy, workspace, owner_client):
    for path in [
        "mission/edit/",
        "networks/instagram/edit/",
        "targets/t-gourmets/edit/",
        "platforms/instagram/edit/",
        "objectives/o-notoriete-ig/edit/",
        "strategies/s-coulisses/edit/",
        "tactics/k-reels/edit/",
    ]:
        for headers in ({}, HTMX):
            response = owner_client.get(url(workspace, path), **headers)
            assert response.status_code == 200, path
    html = owner_client.get(url(workspace, "targets/t-gourmets/edit/"), **HTMX).content.decode()
    grid = html.split('class="behaviour-grid"', 1)[1].split("</thead>", 1)[0]
    assert '<th scope="col">give opinions</th>' in grid  # one column per behaviour
    assert 'name="target-t-gourmets-inactive"' in html
    html = owner_client.get(url(workspace, "tactics/k-reels/edit/"), **HTMX).content.decode()
    assert 'value="18:30"' in html and 'value="sat" selected' in html


def test_mission_edit(strategy, workspace, owner_client):
    data = {
        "mission-vision": "Une nouvelle vision.",
        "mission-posts_per_week": "4",
        "mission-new_account_months": "6",
        "mission-growth_percent": "12.5",
    }
    response = owner_client.post(url(workspace, "mission/edit/"), data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Une nouvelle vision." in html
    # 6 posts planned for a capacity of 4: the lint says so at once.
    assert 'data-code="capacity-exceeded"' in html.split('id="lint-panel"', 1)[1]
    from mostra.strategy.models import StrategyProfile

    profile = StrategyProfile.objects.get(workspace=workspace)
    assert profile.default_monthly_growth_max == pytest.approx(0.125)


def test_move_target_up_and_down(strategy, workspace, owner_client):
    response = owner_client.post(
        url(workspace, "targets/t-restaurateurs/move/"), {"direction": "up"}, **HTMX
    )
    assert response.status_code == 200
    ranks = dict(Target.objects.filter(workspace=workspace).values_list("key", "priority"))
    assert ranks["t-restaurateurs"] == 1 and ranks["t-gourmets"] == 2
    html = response.content.decode()
    assert html.index('id="target-t-restaurateurs"') < html.index('id="target-t-gourmets"')
    response = owner_client.post(
        url(workspace, "targets/t-restaurateurs/move/"), {"direction": "down"}
    )
    assert response.status_code == 302
    assert Target.objects.get(key="t-restaurateurs").priority == 2
    # A target without a priority is not in the ranking.
    response = owner_client.post(
        url(workspace, "targets/t-influenceurs/move/"), {"direction": "up"}
    )
    assert response.status_code == 404


def test_delete_objective_takes_its_plan_along(strategy, workspace, owner_client):
    page = owner_client.get(url(workspace, "objectives/o-notoriete-ig/delete/"))
    assert page.status_code == 200
    assert "Reels en cave" in page.content.decode()
    response = owner_client.post(url(workspace, "objectives/o-notoriete-ig/delete/"), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#board"
    assert not Objective.objects.filter(key="o-notoriete-ig").exists()
    from mostra.strategy.models import Tactic

    assert not Tactic.objects.filter(key="k-reels").exists()


def test_target_name_is_escaped(owner_membership, workspace, owner_client):
    service.save_target(owner_membership, d.Target(id="t-x", name="<script>alert(1)</script>"))
    html = owner_client.get(url(workspace)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_kind_or_key_is_404(strategy, workspace, owner_client):
    assert owner_client.get(url(workspace, "widgets/x/edit/")).status_code == 404
    assert owner_client.get(url(workspace, "objectives/nope/edit/")).status_code == 404
    assert owner_client.post(url(workspace, "tactics/nope/delete/")).status_code == 404
