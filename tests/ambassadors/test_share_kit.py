"""Sending the brief and share kit, and the members' private page: e-mails in the
workspace's language (French here) with each member's private link, the disclosure told
to the paid and gifted, no duplicate invites, the page with a valid, an unknown, a
rotated and another workspace's token, and "I shared it"."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from mostra.ambassadors.models import Collaboration, KitInvite, Share
from mostra.ambassadors.services import campaigns as service
from mostra.ambassadors.services import sending
from mostra.core.models import Membership
from tests.ambassadors.campaign_helpers import campaign, member, with_members
from tests.core.pending_french import pending

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pending_french():
    """The French of this work waits in var/fr-pending/amb-campaigns.po until merged."""
    with pending("amb-campaigns"):
        yield


@pytest.fixture
def email_on(settings):
    settings.EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_sending_emails_each_member_with_an_address_in_french(
    owner_client, owner_membership, workspace, email_on
):
    c = campaign(owner_membership)
    lea, marc, nadia = with_members(owner_membership, c)
    response = owner_client.post(reverse("ambassadors:campaign_send", args=[workspace.slug, c.pk]))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["lea@example.org", "marc@example.org"]
    by_to = {m.to[0]: m for m in mail.outbox}
    paid = by_to["lea@example.org"]
    invite = KitInvite.objects.get(collaboration__member=lea)
    assert "Fête du vélo" in paid.subject
    assert "le brief" in paid.subject.lower()
    assert "Bonjour Léa" in paid.body
    assert f"/share/{invite.token}/" in paid.body
    assert "Obligatoire" in paid.body and "« Collaboration commerciale »" in paid.body
    link = Collaboration.objects.get(member=lea).tracked_link
    assert f"/l/{link.code}" in paid.body
    assert "{link}" not in paid.body
    unpaid = by_to["marc@example.org"]
    assert "Collaboration commerciale" not in unpaid.body
    assert "Parlez de l'autoréparation." in unpaid.body
    c.refresh_from_db()
    assert c.brief_sent_at is not None
    assert KitInvite.objects.get(collaboration__member=marc).sent_at is not None
    assert KitInvite.objects.get(collaboration__member=nadia).sent_at is None
    page = owner_client.get(response["Location"]).content.decode()
    assert "Nadia" in page and "copy their private link" in page
    nadia_invite = KitInvite.objects.get(collaboration__member=nadia)
    assert f"/share/{nadia_invite.token}/" in page


def test_sending_twice_keeps_one_invite_and_one_link_per_member(owner_membership, email_on):
    c = campaign(owner_membership)
    with_members(owner_membership, c)
    sending.send_brief(owner_membership, c)
    tokens = sorted(KitInvite.objects.values_list("token", flat=True))
    links = sorted(Collaboration.objects.values_list("tracked_link_id", flat=True))
    sending.send_brief(owner_membership, c)
    assert len(mail.outbox) == 4
    assert sorted(KitInvite.objects.values_list("token", flat=True)) == tokens
    assert sorted(Collaboration.objects.values_list("tracked_link_id", flat=True)) == links


def test_sending_without_smtp_says_to_copy_the_links(owner_client, owner_membership, workspace):
    c = campaign(owner_membership)
    with_members(owner_membership, c)
    response = owner_client.post(
        reverse("ambassadors:campaign_send", args=[workspace.slug, c.pk]), follow=True
    )
    assert "E-mail is not configured" in response.content.decode()
    assert not mail.outbox
    c.refresh_from_db()
    assert c.brief_sent_at is None


def test_sending_without_members_or_kit_is_refused_in_words(owner_membership, email_on):
    from mostra.core.errors import DomainError

    c = campaign(owner_membership, "Sans personne")
    with pytest.raises(DomainError, match="Add the members taking part first"):
        sending.send_brief(owner_membership, c)
    c.kit.all().delete()
    with_members(owner_membership, c)
    with pytest.raises(DomainError, match="at least one post in the share kit"):
        sending.send_brief(owner_membership, c)
    assert not mail.outbox


def test_the_teammate_sends_and_the_outsider_cannot(
    teammate_client, outsider_client, owner_membership, workspace, email_on
):
    c = campaign(owner_membership)
    with_members(owner_membership, c)
    url = reverse("ambassadors:campaign_send", args=[workspace.slug, c.pk])
    assert outsider_client.post(url).status_code == 404
    assert not mail.outbox
    assert teammate_client.post(url).status_code == 302
    assert len(mail.outbox) == 2


def _invite(m) -> KitInvite:
    return KitInvite.objects.get(collaboration__member=m)


def test_the_private_page_shows_the_brief_and_the_personal_posts(client, owner_membership):
    c = campaign(owner_membership)
    lea, marc, _nadia = with_members(owner_membership, c)
    invite = _invite(lea)
    response = client.get(reverse("share_kits:kit", args=[invite.token]))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    link = Collaboration.objects.get(member=lea).tracked_link
    assert f"Venez à la fête du vélo ! http://testserver/l/{link.code}" in html
    assert "{link}" not in html
    assert "Collaboration commerciale" in html  # Léa is paid
    assert "Ne parlez pas de prix." in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "data-copy" in html
    invite.refresh_from_db()
    assert invite.opened_at is not None
    unpaid = client.get(reverse("share_kits:kit", args=[_invite(marc).token])).content.decode()
    assert "Collaboration commerciale" not in unpaid


def test_the_private_page_is_in_french_for_a_french_workspace(client, owner_membership):
    c = campaign(owner_membership)
    lea, _marc, _nadia = with_members(owner_membership, c)
    html = client.get(reverse("share_kits:kit", args=[_invite(lea).token])).content.decode()
    assert "Je l&#x27;ai partagé" in html or "Je l'ai partagé" in html


def test_unknown_rotated_and_other_workspace_tokens(client, owner_membership, outsider):
    c = campaign(owner_membership)
    lea, _marc, _nadia = with_members(owner_membership, c)
    assert client.get(reverse("share_kits:kit", args=["not-a-token"])).status_code == 404
    old = _invite(lea).token
    service.rotate_invite(owner_membership, Collaboration.objects.get(member=lea))
    assert client.get(reverse("share_kits:kit", args=[old])).status_code == 404
    new = _invite(lea).token
    assert client.get(reverse("share_kits:kit", args=[new])).status_code == 200
    # Another workspace's token shows only its own campaign, never this one.
    other = Membership.objects.get(workspace__slug="other-brand", user=outsider)
    theirs = campaign(other, "Campagne voisine")
    (stranger,) = [member(other.workspace, "Zoé")]
    service.add_collaboration(other, theirs, service.CollaborationInput(member_id=stranger.pk))
    html = client.get(reverse("share_kits:kit", args=[_invite(stranger).token])).content.decode()
    assert "Campagne voisine" in html and "Léa" not in html
    # An inactive member's page is closed.
    lea.active = False
    lea.save()
    assert client.get(reverse("share_kits:kit", args=[new])).status_code == 404


def test_i_shared_it_records_a_share(client, owner_client, owner_membership, workspace):
    c = campaign(owner_membership)
    lea, _marc, _nadia = with_members(owner_membership, c)
    url = reverse("share_kits:kit", args=[_invite(lea).token])
    client.get(url)
    kit_post = c.kit.get()
    assert "Bluesky · Venez à la fête du vélo" in client.get(url).content.decode()
    response = client.post(url, {"network": "bluesky", "kit_post": kit_post.pk, "url": ""})
    assert response.status_code == 302
    share = Share.objects.get()
    assert share.network == "bluesky" and share.collaboration.member == lea
    assert share.kit_post == kit_post
    followed = client.get(url).content.decode()
    assert "Merci" in followed
    page = owner_client.get(reverse("ambassadors:campaign", args=[workspace.slug, c.pk]))
    assert "Léa · bluesky" in page.content.decode()


def test_a_bad_share_is_refused_in_words_and_nothing_recorded(client, owner_membership):
    c = campaign(owner_membership)
    lea, _marc, _nadia = with_members(owner_membership, c)
    url = reverse("share_kits:kit", args=[_invite(lea).token])
    response = client.post(url, {"network": "bluesky", "url": "pas une adresse"})
    assert response.status_code == 400
    assert "https://" in response.content.decode()
    response = client.post(url, {"network": "tiktok", "url": ""})
    assert response.status_code == 400
    assert not Share.objects.exists()


def test_the_private_page_needs_csrf(owner_membership):
    from django.test import Client

    c = campaign(owner_membership)
    lea, _marc, _nadia = with_members(owner_membership, c)
    strict = Client(enforce_csrf_checks=True)
    url = reverse("share_kits:kit", args=[_invite(lea).token])
    assert strict.post(url, {"network": "bluesky"}).status_code == 403
    assert not Share.objects.exists()


def test_the_private_page_reads_in_few_queries(
    client, owner_membership, django_assert_max_num_queries
):
    c = campaign(owner_membership)
    lea, _marc, _nadia = with_members(owner_membership, c)
    url = reverse("share_kits:kit", args=[_invite(lea).token])
    client.get(url)
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200


class _FakeReader:
    """The programme's reader, answering without the network."""

    def read_post(self, address):
        from mostra.ambassadors.services.post_reading import ReadPost

        return ReadPost(
            network=address.network,
            network_id=f"at://did:plc:lea/app.bsky.feed.post/{address.key}",
            url=address.url,
            text="Venez à la fête du vélo samedi ! #velo",
            published_at=None,
            handle=address.handle,
            likes=12,
            reposts=3,
            followers=1800,
        )

    def read_account(self, account):
        return [], None


def test_a_shared_post_is_tracked_and_checked(client, owner_membership, monkeypatch):
    from mostra.ambassadors.models import Compliance, TrackedPost
    from mostra.ambassadors.services import post_reading

    monkeypatch.setattr(post_reading, "READERS", [_FakeReader()])
    c = campaign(owner_membership)
    lea, _marc, _nadia = with_members(owner_membership, c)
    url = reverse("share_kits:kit", args=[_invite(lea).token])
    address = "https://bsky.app/profile/lea.bsky.social/post/3kabc"
    assert client.post(url, {"network": "bluesky", "url": address}).status_code == 302
    post = TrackedPost.objects.get()
    assert (post.member, post.campaign, post.source) == (lea, c, "share")
    assert post.likes == 12 and post.reach == 1800
    # Léa is paid and her post does not start with « Collaboration commerciale ».
    assert post.compliance == Compliance.NON_COMPLIANT
    # Told twice: one post, two shares.
    client.post(url, {"network": "bluesky", "url": address})
    assert TrackedPost.objects.count() == 1 and Share.objects.count() == 2


def test_a_post_that_cannot_be_read_is_kept_by_its_address(client, owner_membership):
    from mostra.ambassadors.models import TrackedPost

    c = campaign(owner_membership)
    c.networks = []
    c.save()
    lea, _marc, _nadia = with_members(owner_membership, c)
    url = reverse("share_kits:kit", args=[_invite(lea).token])
    address = "https://www.instagram.com/p/C1abc/"
    assert client.post(url, {"network": "bluesky", "url": address}).status_code == 302
    post = TrackedPost.objects.get()
    assert (post.network_id, post.url, post.source, post.campaign) == (address, address, "share", c)
    assert post.checked_at is None


def test_an_archived_workspace_closes_the_private_pages_and_refuses_sending(
    client, owner_client, owner_membership, workspace, email_on
):
    from django.utils import timezone

    c = campaign(owner_membership)
    lea, _marc, _nadia = with_members(owner_membership, c)
    workspace.archived_at = timezone.now()
    workspace.save()
    assert client.get(reverse("share_kits:kit", args=[_invite(lea).token])).status_code == 404
    response = owner_client.post(reverse("ambassadors:campaign_send", args=[workspace.slug, c.pk]))
    assert response.status_code in (302, 409)
    assert not mail.outbox
