"""Storing an export (who may, re-importing replaces, the audit log), matching its rows
to links, posts and campaigns, and goals mapped to KPIs moving the objectives."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.analytics.conversions import services
from mostra.analytics.conversions.exports import read_export
from mostra.analytics.conversions.matching import match
from mostra.analytics.measurements.series import recorded_now, recorded_values
from mostra.analytics.models import GoalCount, TrafficRow
from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent
from mostra.editorial.models import Post
from mostra.strategy.kpis.objective import catalogue_kpi
from tests.analytics.conversions.builders import campaign, link, traffic
from tests.analytics.conversions.conftest import DATA
from tests.analytics.measurements.builders import record

pytestmark = pytest.mark.django_db
OCT_5, OCT_6 = dt.date(2026, 10, 5), dt.date(2026, 10, 6)


def import_sample(actor, name="matomo_campaigns.csv", tool="matomo"):
    return services.import_traffic(actor, read_export(DATA / name, tool), filename=name)


def test_an_owner_imports_and_the_audit_log_says_what(owner_membership):
    summary = import_sample(owner_membership)
    assert summary.describe() == (
        "5 rows imported from matomo, 2026-10-05 to 2026-10-06: 610 visits, "
        "24 conversions (0 rows of that period replaced)."
    )
    assert TrafficRow.objects.count() == 5
    assert GoalCount.objects.filter(goal="Inscription").count() == 5
    event = AuditEvent.objects.get(object_label="Conversions imported from matomo")
    assert event.actor.email == "alice@example.org"
    assert event.changes["visits"] == 610


def test_importing_the_same_period_again_replaces_it(owner_membership):
    import_sample(owner_membership)
    again = import_sample(owner_membership)
    assert again.replaced == 5
    assert TrafficRow.objects.count() == 5
    assert sum(r.visits for r in TrafficRow.objects.all()) == 610
    # Another tool's rows of the same days are kept: they are another source.
    import_sample(owner_membership, "plausible_utm_campaigns.csv", "plausible")
    assert TrafficRow.objects.count() == 9


def test_an_editor_may_not_import_and_nothing_is_written(teammate_membership):
    with pytest.raises(services.MayNotImport):
        import_sample(teammate_membership)
    assert not TrafficRow.objects.exists()


def test_matching_to_a_link_its_post_and_the_campaign(workspace, owner_membership):
    post = Post.objects.create(workspace=workspace, title="Atelier du 12")
    for_post = link(workspace, "abcdefg", utm_content="post-42", post=post)
    flyer = link(workspace, "flyer01", utm_source="flyer", utm_medium="offline")
    paid = campaign(workspace, utm_campaign="Atelier-Octobre")
    import_sample(owner_membership)
    rows = {
        (m.row.utm_source, m.row.utm_medium, m.row.start): m for m in match(workspace, OCT_5, OCT_6)
    }
    instagram = rows[("instagram", "organic", OCT_5)]
    assert (instagram.link_ids, instagram.post_id, instagram.campaign_id) == (
        [for_post.pk],
        post.pk,
        paid.pk,
    )
    assert instagram.conversions == 7
    offline = rows[("flyer", "offline", OCT_6)]
    assert (offline.link_ids, offline.post_id) == ([flyer.pk], None)
    # No link carries facebook/paid: the campaign only (its tag, whatever the case).
    ad = rows[("facebook", "paid", OCT_5)]
    assert (ad.link_ids, ad.post_id, ad.campaign_id) == ([], None, paid.pk)
    assert rows[("newsletter", "email", OCT_6)].campaign_id is None


def test_matching_reads_a_bounded_number_of_queries(
    workspace, owner_membership, django_assert_max_num_queries
):
    for n in range(5):
        link(workspace, f"link00{n}", utm_content=f"post-{n}")
    import_sample(owner_membership)
    with django_assert_max_num_queries(5):
        assert len(match(workspace)) == 5


def test_a_mapped_goal_moves_registrations_and_a_recorded_day_wins(workspace, owner_membership):
    kpi = catalogue_kpi("registrations")
    import_sample(owner_membership)
    assert recorded_values(workspace, ["registrations"]) == {"registrations": []}
    services.map_goal(owner_membership, "Inscription", "registrations")
    values = recorded_values(workspace, ["registrations"])["registrations"]
    assert values == [(OCT_5, 15.0), (OCT_6, 6.0)]
    assert recorded_now(kpi, values, dt.date(2026, 11, 1)).value == 21
    # Counted at the door on the 6th: the team's value replaces the imported one.
    record(workspace, "registrations", {OCT_6: 10.0, dt.date(2026, 10, 7): 4.0})
    values = recorded_values(workspace, ["registrations"])["registrations"]
    assert values == [(OCT_5, 15.0), (OCT_6, 10.0), (dt.date(2026, 10, 7), 4.0)]
    # Unmapped: back to the recorded values only.
    services.map_goal(owner_membership, "Inscription", "")
    assert recorded_values(workspace, ["registrations"])["registrations"] == [
        (OCT_6, 10.0),
        (dt.date(2026, 10, 7), 4.0),
    ]


def test_a_goal_maps_to_a_conversion_kpi_only(owner_membership, teammate_membership):
    with pytest.raises(DomainError) as refused:
        services.map_goal(owner_membership, "Inscription", "followers")
    assert "registrations, sales, leads" in refused.value.message
    with pytest.raises(services.MayNotImport):
        services.map_goal(teammate_membership, "Inscription", "registrations")


def test_a_period_row_counts_on_its_last_day(workspace, owner_membership):
    import_sample(owner_membership, "ga4_traffic_acquisition.csv", "ga4")
    services.map_goal(owner_membership, "sign_up", "registrations")
    services.map_goal(owner_membership, "purchase", "sales")
    found = recorded_values(workspace, ["registrations", "sales", "leads"])
    assert found == {
        "registrations": [(dt.date(2026, 10, 31), 23.0)],
        "sales": [(dt.date(2026, 10, 31), 6.0)],
        "leads": [],
    }


def test_traffic_of_another_workspace_is_not_read(workspace, owner_membership, outsider):
    from mostra.core.models import Workspace

    other = Workspace.objects.get(slug="other-brand")
    traffic(other, OCT_5, 100, {"Inscription": 50})
    services.map_goal(owner_membership, "Inscription", "registrations")
    assert recorded_values(workspace, ["registrations"])["registrations"] == []
    assert match(workspace) == []


def test_a_post_content_tag_without_its_link_still_names_the_post(workspace, owner_membership):
    post = Post.objects.create(workspace=workspace, title="Atelier du 12")
    traffic(workspace, OCT_5, 10, {}, utm_content=f"post-{post.pk}")
    traffic(workspace, OCT_5, 10, {}, utm_content="post-999999", utm_source="x")
    found = {m.row.utm_content: m.post_id for m in match(workspace)}
    assert found == {f"post-{post.pk}": post.pk, "post-999999": None}
