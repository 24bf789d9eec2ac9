"""The Links page and the API: what a member sees and does; an outsider gets 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.core.models import AuditEvent
from mostra.editorial.models import Post, PostVariant
from mostra.links.models import ClickDay, TrackedLink
from mostra.links.services.links import create_link

pytestmark = pytest.mark.django_db


def test_page_lists_links_with_their_clicks(
    owner_membership, owner_client, teammate_client, outsider_client, django_assert_max_num_queries
):
    link = create_link(
        owner_membership, "https://fromagerie.example/", medium="paid", label="Promo"
    )
    ClickDay.objects.create(link=link, day=timezone.localdate(), clicks=12, uniques=9)
    ClickDay.objects.create(
        link=link, day=timezone.localdate() - dt.timedelta(days=40), clicks=500, uniques=400
    )
    with django_assert_max_num_queries(20):
        page = owner_client.get("/w/fromagerie/links/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"/l/{link.code}" in html and "Promo" in html
    assert 'data-clicks="12"' in html and 'data-uniques="9"' in html  # 40 days ago: not in
    assert "New tracked link" in html
    assert teammate_client.get("/w/fromagerie/links/").status_code == 200
    assert outsider_client.get("/w/fromagerie/links/").status_code == 404


def test_builder_creates_a_link_and_refuses_a_bad_target(owner_client, workspace):
    preview = owner_client.get(
        "/w/fromagerie/links/preview/",
        {"target": "https://fromagerie.example/?a=1", "medium": "email", "campaign": "Noël"},
    )
    assert "https://fromagerie.example/?a=1&amp;utm_source=newsletter&amp;utm_medium=email" in (
        preview.content.decode()
    )
    assert "utm_campaign=noel" in preview.content.decode()
    refused = owner_client.post(
        "/w/fromagerie/links/create/", {"target": "javascript:alert(1)", "medium": "organic"}
    )
    assert refused.status_code == 400 and "must start with https://" in refused.content.decode()
    assert not TrackedLink.objects.exists()
    created = owner_client.post(
        "/w/fromagerie/links/create/",
        {"target": "https://fromagerie.example/", "medium": "organic", "network": "mastodon"},
    )
    assert created.status_code == 302
    link = TrackedLink.objects.get(workspace=workspace)
    assert (link.utm_source, link.utm_medium) == ("mastodon", "organic")


def test_change_target_expire_and_disable(owner_membership, owner_client, outsider_client):
    link = create_link(owner_membership, "https://fromagerie.example/old", medium="organic")
    base = f"/w/fromagerie/links/{link.pk}"
    assert outsider_client.post(f"{base}/disable/").status_code == 404
    owner_client.post(f"{base}/target/", {"target": "https://fromagerie.example/new"})
    owner_client.post(f"{base}/expiry/", {"expires_at": "2030-01-01T10:00"})
    link.refresh_from_db()
    assert link.target == "https://fromagerie.example/new" and link.expires_at.year == 2030
    owner_client.post(f"{base}/disable/")
    link.refresh_from_db()
    assert link.disabled_at is not None and not link.is_live()
    assert AuditEvent.objects.filter(workspace=link.workspace, action="update").count() == 3


def test_track_a_link_from_a_post(owner_membership, owner_client, workspace):
    post = Post.objects.create(workspace=workspace, title="Tomme de printemps")
    PostVariant.objects.create(
        post=post, network="bluesky", link="https://fromagerie.example/tomme"
    )
    response = owner_client.post(
        f"/w/fromagerie/links/posts/{post.pk}/track/", {"network": "bluesky"}
    )
    assert response.status_code == 302
    link = TrackedLink.objects.get(post=post)
    assert (link.utm_source, link.utm_content, link.target) == (
        "bluesky",
        f"post-{post.pk}",
        "https://fromagerie.example/tomme",
    )


def test_api_create_list_update_disable_and_clicks(
    workspace, owner_client, teammate_client, outsider_client
):
    created = owner_client.post(
        "/api/workspaces/fromagerie/links",
        {"target": "https://fromagerie.example/", "medium": "ambassador", "campaign": "Été"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["final_url"].endswith("utm_source=mostra&utm_medium=ambassador&utm_campaign=ete")
    refused = owner_client.post(
        "/api/workspaces/fromagerie/links",
        {"target": "https://a:b@evil.example/"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert [
        row["code"] for row in teammate_client.get("/api/workspaces/fromagerie/links").json()
    ] == [data["code"]]
    assert outsider_client.get("/api/workspaces/fromagerie/links").status_code == 404
    patched = owner_client.patch(
        f"/api/workspaces/fromagerie/links/{data['id']}",
        {"target": "https://fromagerie.example/b"},
        content_type="application/json",
    ).json()
    assert patched["code"] == data["code"] and patched["target"] == "https://fromagerie.example/b"
    disabled = owner_client.post(f"/api/workspaces/fromagerie/links/{data['id']}/disable").json()
    assert disabled["live"] is False
    ClickDay.objects.create(link_id=data["id"], day=timezone.localdate(), clicks=3, uniques=2)
    stats = owner_client.get("/api/workspaces/fromagerie/links/clicks").json()
    assert (stats["clicks"], stats["uniques"]) == (3, 2)
    assert stats["by_medium"] == [{"key": "ambassador", "clicks": 3, "uniques": 2}]


def test_post_page_shows_its_clicks_and_the_track_action(
    owner_membership, owner_client, workspace, django_assert_max_num_queries
):
    post = Post.objects.create(workspace=workspace, title="Tomme de printemps")
    PostVariant.objects.create(post=post, network="bluesky", link="https://fromagerie.example/t")
    link = create_link(
        owner_membership, "https://fromagerie.example/t", medium="organic", post=post
    )
    ClickDay.objects.create(link=link, day=timezone.localdate(), clicks=4, uniques=4)
    html = owner_client.get(f"/w/fromagerie/posts/{post.pk}/").content.decode()
    assert 'id="post-tracked-links"' in html and 'data-clicks="4"' in html
    assert f"/w/fromagerie/links/posts/{post.pk}/track/" in html


def test_dashboard_shows_the_periods_clicks(owner_membership, owner_client):
    link = create_link(owner_membership, "https://fromagerie.example/", medium="organic")
    ClickDay.objects.create(link=link, day=timezone.localdate(), clicks=21, uniques=17)
    ClickDay.objects.create(
        link=link, day=timezone.localdate() - dt.timedelta(days=90), clicks=900, uniques=800
    )
    html = owner_client.get("/w/fromagerie/reports/dashboard/").content.decode()
    assert 'id="dash-clicks"' in html and 'data-clicks="21"' in html
    assert "/w/fromagerie/links/" in html


def test_the_report_counts_the_periods_clicks(owner_membership, workspace):
    from click.testing import CliRunner

    from mostra.reports.cli import report_command

    link = create_link(owner_membership, "https://fromagerie.example/", medium="organic")
    ClickDay.objects.create(link=link, day=dt.date(2026, 10, 12), clicks=33, uniques=30)
    ClickDay.objects.create(link=link, day=dt.date(2026, 9, 30), clicks=700, uniques=600)

    def report(period: str) -> str:
        args = ["--workspace", "fromagerie", "--period", period, "--lang", "en"]
        return CliRunner().invoke(report_command, [*args, "--format", "html"]).output

    october = report("2026-10")
    assert 'id="r-clicks"' in october and 'data-clicks="33"' in october
    assert 'id="r-clicks"' not in report("2026-08")


def test_the_dashboard_and_the_report_say_which_printed_support_brings_visits(
    owner_membership, owner_client
):
    from click.testing import CliRunner

    from mostra.reports.cli import report_command

    site = create_link(owner_membership, "https://fromagerie.example/", medium="organic")
    flyer = create_link(
        owner_membership, site.target, medium="offline", support="flyer", parent=site
    )
    card = create_link(owner_membership, site.target, medium="offline", support="card", parent=site)
    day = dt.date(2026, 10, 12)
    for link, count in ((site, 5), (flyer, 30), (card, 4)):
        ClickDay.objects.create(link=link, day=day, clicks=count, uniques=count)
    ClickDay.objects.create(link=flyer, day=dt.date(2026, 9, 30), clicks=99, uniques=99)

    args = ["--workspace", "fromagerie", "--period", "2026-10", "--lang", "en", "--format", "html"]
    october = CliRunner().invoke(report_command, args).output
    table = october.split('id="r-clicks-supports"')[1].split("</table>")[0]
    assert table.index('data-support="flyer"') < table.index('data-support="card"')
    assert "<td>flyer</td><td>30</td>" in table and "<td>card</td><td>4</td>" in table
    assert 'data-clicks="39"' in october  # all of October's clicks

    html = owner_client.get(
        "/w/fromagerie/reports/dashboard/?period=custom&from=2026-10-01&to=2026-10-31"
    ).content.decode()
    assert 'data-support="flyer" data-clicks="30"' in html, html[html.find("dash-clicks") :][:800]
