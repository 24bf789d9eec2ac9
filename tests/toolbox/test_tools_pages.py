"""The Toolbox and Website kit pages with the cast: Alice owns, Bob edits (reads the
toolbox, does not change it), Charlie is an outsider (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mostra.publishing.models import SocialAccount
from mostra.toolbox.models import Tool
from mostra.toolbox.services import tools

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"toolbox:{name}", args=["fromagerie", *args])


def test_the_owner_adds_a_tool_and_sees_what_mostra_covers(owner_client, owner, workspace):
    response = owner_client.post(
        url("tool_add"),
        {"known_as": "hootsuite", "monthly_cost": "99", "currency": "eur", "owner_id": owner.pk},
    )
    assert response.status_code == 302
    tool = Tool.objects.get()
    assert (tool.name, tool.category, tool.currency) == ("Hootsuite", "distribution", "EUR")
    page = owner_client.get(url("tools")).content.decode()
    row = page.split(f'id="tool-{tool.pk}"')[1].split("</tr>")[0]
    assert "mostra covers this: publishing" in row
    assert "99.00 EUR" in page.split('id="totals"')[1]
    catalogue = page.split('id="catalogue"')[1].split("</details>")[0]
    assert "Bitly — mostra covers this: tracked links" in catalogue
    assert "Canva — <span" in catalogue and "not covered by mostra" in catalogue


def test_a_refused_tool_says_what_to_do_and_keeps_the_form(owner_client, workspace):
    response = owner_client.post(url("tool_add"), {"name": "Canva", "monthly_cost": "ten"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the cost per month as a number" in page
    assert 'value="Canva"' in page
    assert not Tool.objects.exists()


def test_the_owner_changes_and_removes_a_tool(owner_client, owner_membership):
    tool = tools.add_tool(owner_membership, {"name": "Canva", "category": "content"})
    assert owner_client.get(url("tool_edit", tool.pk)).status_code == 200
    response = owner_client.post(
        url("tool_edit", tool.pk),
        {"name": "Canva Pro", "category": "content", "currency": "EUR", "seats": "3"},
    )
    assert response.status_code == 302
    tool.refresh_from_db()
    assert (tool.name, tool.seats) == ("Canva Pro", 3)
    assert owner_client.post(url("tool_delete", tool.pk)).status_code == 302
    assert not Tool.objects.exists()


def test_a_teammate_reads_the_toolbox_but_does_not_change_it(teammate_client, owner_membership):
    tool = tools.add_tool(owner_membership, {"name": "Canva", "category": "content"})
    page = teammate_client.get(url("tools"))
    assert page.status_code == 200
    assert "Canva" in page.content.decode()
    assert 'id="add"' not in page.content.decode()
    assert teammate_client.post(url("tool_add"), {"name": "Later"}).status_code == 404
    assert teammate_client.post(url("tool_delete", tool.pk)).status_code == 404
    assert Tool.objects.count() == 1


def test_an_outsider_gets_404_everywhere(outsider_client, owner_membership):
    tool = tools.add_tool(owner_membership, {"name": "Canva"})
    for name, args in (("tools", ()), ("website_kit", ()), ("tool_edit", (tool.pk,))):
        assert outsider_client.get(url(name, *args)).status_code == 404
    assert outsider_client.post(url("tool_delete", tool.pk)).status_code == 404
    assert Tool.objects.exists()


def test_the_toolbox_page_costs_few_queries(
    owner_client, owner_membership, owner, django_assert_max_num_queries
):
    for i in range(5):
        tools.add_tool(
            owner_membership, {"name": f"Tool {i}", "owner_id": owner.pk, "renews_on": "2030-01-01"}
        )
    with django_assert_max_num_queries(16):
        assert owner_client.get(url("tools")).status_code == 200


def test_the_website_kit_gives_follow_snippets_without_script(owner_client, workspace):
    SocialAccount.objects.create(
        workspace=workspace, network="bluesky", handle="fromagerie.bsky.social", external_id="d1"
    )
    SocialAccount.objects.create(
        workspace=workspace,
        network="mastodon",
        handle="fromagerie",
        service_url="https://mastodon.example",
        external_id="m1",
    )
    page = owner_client.get(url("website_kit")).content.decode()
    preview = page.split('id="preview-buttons"')[1].split("</div>")[0]
    assert 'href="https://bsky.app/profile/fromagerie.bsky.social"' in preview
    assert 'href="https://mastodon.example/@fromagerie"' in preview
    snippet = page.split('id="snippet-buttons"')[1].split("</textarea>")[0]
    assert "&lt;a href=&quot;https://bsky.app/profile/fromagerie.bsky.social&quot;" in snippet
    assert "script" not in snippet and "<img" not in snippet
    assert "&lt;iframe src=&quot;http://testserver/embed/" in page


def test_the_toolbox_reads_in_french(owner_client, owner, owner_membership):
    from tests.core.pending_french import pending

    tools.add_tool(owner_membership, {"known_as": "bitly", "monthly_cost": "29"})
    owner.language = "fr"
    owner.save(update_fields=["language"])
    with pending("toolbox"):
        page = owner_client.get(url("tools"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        refused = owner_client.post(url("tool_add"), {"name": "X", "currency": "euro"})
    assert "mostra le couvre : les liens suivis" in page
    assert "Coût mensuel" in page and "Ajouter un outil" in page
    assert "Indiquez la devise en trois lettres" in refused.content.decode()
