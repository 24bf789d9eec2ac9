"""The programme's campaigns pages: a brief created and edited with the charter's rules
beside it, the share kit, members taking part with their personal tracked link (created
once), and who may do what (owner, teammate, outsider)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mostra.ambassadors.models import Collaboration, InfluenceCampaign, KitPost
from mostra.ambassadors.services import campaigns as service
from mostra.charter.models import Charter
from mostra.core.models import AuditEvent, Membership, Role
from mostra.links.models import TrackedLink
from tests.ambassadors.campaign_helpers import campaign, member, with_members

pytestmark = pytest.mark.django_db

BRIEF = {
    "name": "Fête du vélo",
    "start": "2026-06-01",
    "end": "2026-06-30",
    "networks": ["bluesky", "mastodon"],
    "key_messages": "L'atelier répare avec vous.",
    "do_say": "Parlez de l'autoréparation.",
    "dont_say": "Ne parlez pas de prix.",
    "hashtags": "#velo lyon",
    "link": "https://atelier.example/fete",
    "utm_campaign": "",
    "disclosure": "Collaboration commerciale",
    "image_retouched": "on",
}


def test_the_owner_creates_a_brief_and_sees_it_with_the_charters_rules(owner_client, workspace):
    Charter.objects.create(workspace=workspace, forbidden_words="gratuit\n", address_form="vous")
    page = owner_client.get(reverse("ambassadors:campaign_create", args=[workspace.slug]))
    assert page.status_code == 200
    assert "Never write: gratuit" in page.content.decode()
    response = owner_client.post(
        reverse("ambassadors:campaign_create", args=[workspace.slug]), BRIEF
    )
    created = InfluenceCampaign.objects.get(workspace=workspace)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "ambassadors:campaign", args=[workspace.slug, created.pk]
    )
    assert created.hashtags == ["#velo", "#lyon"]
    assert created.utm_campaign == "fete-du-velo"
    assert created.image_retouched and not created.image_virtual
    html = owner_client.get(response["Location"]).content.decode()
    assert "Parlez de l&#x27;autoréparation." in html
    assert "« Collaboration commerciale »" in html
    assert 'id="charter-rules"' in html and "Never write: gratuit" in html
    assert "Address the reader with “vous”." in html
    listing = owner_client.get(reverse("ambassadors:campaigns", args=[workspace.slug]))
    assert "Fête du vélo" in listing.content.decode()
    assert AuditEvent.objects.filter(
        workspace=workspace, object_label="Programme campaign Fête du vélo"
    ).exists()


def test_a_brief_ending_before_it_starts_is_refused_in_words(owner_client, workspace):
    response = owner_client.post(
        reverse("ambassadors:campaign_create", args=[workspace.slug]),
        {**BRIEF, "end": "2026-05-01"},
    )
    assert response.status_code == 400
    assert "The campaign must end on or after its first day." in response.content.decode()
    assert not InfluenceCampaign.objects.exists()


def test_an_unknown_link_is_refused_and_nothing_saved(owner_client, workspace):
    response = owner_client.post(
        reverse("ambassadors:campaign_create", args=[workspace.slug]),
        {**BRIEF, "link": "atelier.example"},
    )
    assert response.status_code == 400
    assert "must start with https://" in response.content.decode()
    assert not InfluenceCampaign.objects.exists()


def test_the_teammate_edits_the_brief(teammate_client, owner_membership, workspace):
    c = campaign(owner_membership)
    url = reverse("ambassadors:campaign_edit", args=[workspace.slug, c.pk])
    page = teammate_client.get(url)
    assert page.status_code == 200
    assert 'value="Fête du vélo"' in page.content.decode()
    response = teammate_client.post(url, {**BRIEF, "dont_say": "Pas de politique."})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.dont_say == "Pas de politique."


def test_the_outsider_gets_404_everywhere(outsider_client, owner_membership, workspace):
    c = campaign(owner_membership)
    lea, _marc, _nadia = with_members(owner_membership, c)
    collaboration = Collaboration.objects.get(member=lea)
    slug = workspace.slug
    for name, args, method in [
        ("ambassadors:campaigns", [slug], "get"),
        ("ambassadors:campaign", [slug, c.pk], "get"),
        ("ambassadors:campaign_edit", [slug, c.pk], "post"),
        ("ambassadors:campaign_kit_add", [slug, c.pk], "post"),
        ("ambassadors:campaign_member_remove", [slug, c.pk, collaboration.pk], "post"),
        ("ambassadors:campaign_send", [slug, c.pk], "post"),
    ]:
        response = getattr(outsider_client, method)(reverse(name, args=args))
        assert response.status_code == 404, name
    assert Collaboration.objects.filter(pk=collaboration.pk).exists()


def test_a_viewer_reads_without_the_forms(client, owner_membership, workspace, outsider):
    Membership.objects.create(workspace=workspace, user=outsider, role=Role.VIEWER)
    client.force_login(outsider)
    c = campaign(owner_membership)
    html = client.get(reverse("ambassadors:campaign", args=[workspace.slug, c.pk])).content
    assert "Venez à la fête du vélo" in html.decode()
    assert b"Send the brief and share kit" not in html
    response = client.post(reverse("ambassadors:campaign_send", args=[workspace.slug, c.pk]))
    assert response.status_code == 404


def test_the_kit_and_the_members_taking_part(owner_client, owner_membership, workspace):
    c = campaign(owner_membership)
    slug = workspace.slug
    response = owner_client.post(
        reverse("ambassadors:campaign_kit_add", args=[slug, c.pk]),
        {"network": "mastodon", "text": "Samedi, fête du vélo à l'atelier : {link} #velo"},
    )
    assert response.status_code == 302
    assert list(c.kit.values_list("network", flat=True)) == ["bluesky", "mastodon"]
    lea = member(workspace, "Léa", email="lea@example.org", paid="paid")
    response = owner_client.post(
        reverse("ambassadors:campaign_member_add", args=[slug, c.pk]),
        {
            "member": lea.pk,
            "compensation": "paid",
            "fee": "150.00",
            "currency": "EUR",
            "contract_reference": "Contrat 2026-07",
            "start": "2026-06-01",
            "end": "2026-06-15",
        },
    )
    assert response.status_code == 302
    collaboration = Collaboration.objects.get(campaign=c, member=lea)
    assert str(collaboration.fee) == "150.00"
    link = collaboration.tracked_link
    assert link.utm_medium == "ambassador"
    assert link.utm_campaign == "fete-du-velo"
    assert link.utm_source == "bluesky"
    assert "Léa" in link.label
    assert link.target == "https://atelier.example/fete"
    html = owner_client.get(reverse("ambassadors:campaign", args=[slug, c.pk])).content.decode()
    assert f"/l/{link.code}" in html
    assert f"/share/{collaboration.invite.token}/" in html
    assert "must write" in html and "Collaboration commerciale" in html
    # Adding the same member again: refused, still one link.
    again = owner_client.post(
        reverse("ambassadors:campaign_member_add", args=[slug, c.pk]), {"member": lea.pk}
    )
    assert again.status_code == 302
    assert TrackedLink.objects.filter(workspace=workspace, utm_medium="ambassador").count() == 1
    followed = owner_client.get(again["Location"]).content.decode()
    assert "Léa already takes part in this campaign." in followed


def test_the_personal_link_is_created_once_and_follows_the_brief(owner_membership, workspace):
    from mostra.ambassadors.services import campaigns as service

    c = campaign(owner_membership)
    with_members(owner_membership, c)
    first = {col.pk: col.tracked_link_id for col in c.collaborations.all()}
    assert all(first.values())
    for col in c.collaborations.all():
        assert service.ensure_tracked_link(owner_membership, col).pk == first[col.pk]
    data = service.CampaignInput(
        name=c.name, start=c.start, end=c.end, link="https://atelier.example/fete-2"
    )
    service.update_campaign(owner_membership, c, data)
    links = TrackedLink.objects.filter(pk__in=first.values())
    assert links.count() == 3
    assert {link.target for link in links} == {"https://atelier.example/fete-2"}
    assert {col.pk: col.tracked_link_id for col in c.collaborations.all()} == first


def test_removing_a_kit_post_and_a_member(owner_client, owner_membership, workspace):
    c = campaign(owner_membership)
    lea, _marc, _nadia = with_members(owner_membership, c)
    post = KitPost.objects.get(campaign=c)
    slug = workspace.slug
    owner_client.post(reverse("ambassadors:campaign_kit_delete", args=[slug, c.pk, post.pk]))
    collaboration = Collaboration.objects.get(member=lea)
    owner_client.post(
        reverse("ambassadors:campaign_member_remove", args=[slug, c.pk, collaboration.pk])
    )
    assert not KitPost.objects.filter(pk=post.pk).exists()
    assert not Collaboration.objects.filter(pk=collaboration.pk).exists()


def test_the_campaign_page_reads_in_few_queries(
    owner_client, owner_membership, workspace, django_assert_max_num_queries
):
    c = campaign(owner_membership)
    with_members(owner_membership, c)
    url = reverse("ambassadors:campaign", args=[workspace.slug, c.pk])
    owner_client.get(url)
    with django_assert_max_num_queries(12):
        assert owner_client.get(url).status_code == 200
    for name in ("Zoé", "Yves", "Xavier"):  # more members: no more queries
        service.add_collaboration(
            owner_membership, c, service.CollaborationInput(member_id=member(workspace, name).pk)
        )
    with django_assert_max_num_queries(12):
        assert owner_client.get(url).status_code == 200


def test_the_campaigns_are_reached_from_the_distribution_tabs(owner_client, workspace):
    roster = owner_client.get(reverse("ambassadors:roster", args=[workspace.slug])).content
    url = reverse("ambassadors:campaigns", args=[workspace.slug])
    assert f'href="{url}"'.encode() in roster
    page = owner_client.get(url).content.decode()
    assert f'<a href="{url}" aria-current="page">Programme campaigns</a>' in page


def test_a_collaboration_is_changed_and_a_bad_fee_refused(
    owner_client, owner_membership, workspace
):
    c = campaign(owner_membership)
    lea, _marc, _nadia = with_members(owner_membership, c)
    collaboration = Collaboration.objects.get(member=lea)
    url = reverse("ambassadors:campaign_member_edit", args=[workspace.slug, c.pk, collaboration.pk])
    response = owner_client.post(
        url,
        {"compensation": "gift", "fee": "80", "currency": "EUR", "gift": "Une révision"},
        follow=True,
    )
    collaboration.refresh_from_db()
    assert (collaboration.compensation, str(collaboration.fee)) == ("gift", "80.00")
    assert "Collaboration of Léa saved." in response.content.decode()
    refused = owner_client.post(url, {"compensation": "paid", "fee": "-5"}, follow=True)
    collaboration.refresh_from_db()
    assert collaboration.compensation == "gift"
    assert "greater than or equal to 0" in refused.content.decode()
