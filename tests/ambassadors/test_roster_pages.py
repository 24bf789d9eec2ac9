"""The roster's pages: Alice (owner) adds an influencer and an ambassador with their
accounts, sees them grouped with their tiers, targets, compensation and consent, and
filters them; Bob (editor) changes the roster but neither exports, erases nor sets the
tiers; Charlie (outsider) gets 404 everywhere. The roster page's queries stay flat."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from mostra.ambassadors.models import Member, MemberAccount, TierThresholds, TrackedPost
from mostra.core.models import AuditEvent
from mostra.strategy.models import Target

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"ambassadors:{name}", args=["fromagerie", *args])


def member_form(**over) -> dict:
    data = {
        "name": "Léa Martin",
        "kind": "influencer",
        "relationship": "creator",
        "compensation": "paid",
        "email": "lea@example.org",
        "consent_on": "2026-03-02",
        "consent_note": "Contrat signé, clause 4",
        "notes": "",
        "active": "on",
    }
    data.update(over)
    return data


@pytest.fixture
def targets(workspace):
    return [
        Target.objects.create(workspace=workspace, key="cyclistes", name="Cyclistes urbains"),
        Target.objects.create(workspace=workspace, key="parents", name="Jeunes parents"),
    ]


def test_distribution_tab_leads_to_the_roster(owner_client, workspace):
    page = owner_client.get(reverse("links:links", args=["fromagerie"])).content.decode()
    assert url("roster") in page and "Ambassadors & influencers" in page
    roster = owner_client.get(url("roster")).content.decode()
    assert 'aria-current="page">Ambassadors & influencers' in roster
    assert "No ambassador yet." in roster and "No influencer yet." in roster


def test_owner_adds_members_and_accounts_and_sees_them_grouped(owner_client, workspace, targets):
    created = owner_client.post(url("member_new"), member_form(targets=["cyclistes"]))
    lea = Member.objects.get(workspace=workspace, name="Léa Martin")
    assert created.status_code == 302 and created["Location"] == url("member", lea.pk)
    assert (lea.kind, lea.compensation, lea.consent_note) == (
        "influencer",
        "paid",
        "Contrat signé, clause 4",
    )
    assert lea.consent_at.date() == dt.date(2026, 3, 2)
    added = owner_client.post(
        url("account_add", lea.pk),
        {"network": "bluesky", "handle": "@Lea.Bsky.Social", "followers": "42000"},
    )
    assert added.status_code == 302
    account = MemberAccount.objects.get(member=lea)
    assert (account.handle, account.profile_url) == (
        "lea.bsky.social",
        "https://bsky.app/profile/lea.bsky.social",
    )
    owner_client.post(
        url("member_new"),
        member_form(
            name="Paul Girard",
            kind="ambassador",
            relationship="employee",
            compensation="none",
            email="",
            consent_on="",
            consent_note="",
            targets=["parents"],
        ),
    )
    paul = Member.objects.get(name="Paul Girard")
    owner_client.post(
        url("account_add", paul.pk),
        {"network": "mastodon", "handle": "https://piaille.fr/@paul", "followers": "800"},
    )
    assert paul.accounts.get().profile_url == "https://piaille.fr/@paul"

    page = owner_client.get(url("roster")).content.decode()
    ambassadors, influencers = page.split('id="influencers"')
    assert "Paul Girard" in ambassadors and "Léa Martin" not in ambassadors
    assert "Léa Martin" in influencers
    assert 'href="https://bsky.app/profile/lea.bsky.social"' in influencers
    assert "@lea.bsky.social" in influencers and "42,000 followers" in influencers
    assert '<span class="badge ok">Micro</span>' in influencers
    assert "Cyclistes urbains" in influencers and "Paid" in influencers
    assert "Contrat signé, clause 4" in influencers
    assert "under nano" in ambassadors and "not recorded" in ambassadors
    assert "@paul@piaille.fr" in ambassadors

    only_micro = owner_client.get(url("roster"), {"tier": "micro"}).content.decode()
    assert "Léa Martin" in only_micro and "Paul Girard" not in only_micro
    on_mastodon = owner_client.get(url("roster"), {"network": "mastodon"}).content.decode()
    assert "Paul Girard" in on_mastodon and "Léa Martin" not in on_mastodon
    ambassadors_only = owner_client.get(url("roster"), {"kind": "ambassador"}).content.decode()
    assert "Paul Girard" in ambassadors_only and "No influencer matches these filters." in (
        ambassadors_only
    )
    created = AuditEvent.objects.filter(object_type="member", action="create")
    assert sorted(e.changes.get("account", "") for e in created) == ["", "", "bluesky", "mastodon"]


def test_bad_input_says_what_to_do(owner_client, workspace):
    owner_client.post(url("member_new"), member_form())
    lea = Member.objects.get(name="Léa Martin")
    twice = owner_client.post(url("member_new"), member_form(name="léa  martin"))
    assert twice.status_code == 400
    assert "already has a member named" in twice.content.decode()
    no_server = owner_client.post(
        url("account_add", lea.pk), {"network": "mastodon", "handle": "lea", "followers": ""}
    )
    assert no_server.status_code == 400
    assert "with its server, such as lea@mastodon.social" in no_server.content.decode()
    bad = owner_client.post(
        url("account_add", lea.pk), {"network": "instagram", "handle": "lea martin <b>"}
    )
    assert bad.status_code == 400 and "&lt;b&gt;" in bad.content.decode()
    assert not MemberAccount.objects.exists()


def test_member_is_edited_and_accounts_removed(owner_client, teammate_client, workspace):
    owner_client.post(url("member_new"), member_form())
    lea = Member.objects.get(name="Léa Martin")
    owner_client.post(url("account_add", lea.pk), {"network": "instagram", "handle": "lea"})
    account = lea.accounts.get()
    edited = teammate_client.post(
        url("member_edit", lea.pk), member_form(compensation="gift", email="")
    )
    assert edited.status_code == 302
    lea.refresh_from_db()
    assert (lea.compensation, lea.email) == ("gift", "")
    event = AuditEvent.objects.filter(object_type="member", action="update").last()
    assert "lea@example.org" not in str(event.changes)  # which fields, not their values
    removed = teammate_client.post(url("account_remove", lea.pk, account.pk))
    assert removed.status_code == 302 and not MemberAccount.objects.exists()


def test_teammate_edits_but_neither_exports_erases_nor_sets_tiers(
    teammate_client, owner_client, workspace
):
    owner_client.post(url("member_new"), member_form())
    lea = Member.objects.get(name="Léa Martin")
    page = teammate_client.get(url("member", lea.pk)).content.decode()
    assert "Add the account" in page and "Export their data" not in page
    assert teammate_client.get(url("member_export", lea.pk)).status_code == 404
    assert (
        teammate_client.post(url("member_erase", lea.pk), {"confirm": lea.name}).status_code == 404
    )
    assert (
        teammate_client.post(
            url("tiers"), {"nano": "1", "micro": "2", "mid": "3", "macro": "4", "mega": "5"}
        ).status_code
        == 404
    )
    assert Member.objects.filter(pk=lea.pk).exists() and not TierThresholds.objects.exists()


def test_outsider_sees_nothing(outsider_client, owner_client, workspace):
    owner_client.post(url("member_new"), member_form())
    lea = Member.objects.get(name="Léa Martin")
    owner_client.post(url("account_add", lea.pk), {"network": "instagram", "handle": "lea"})
    account = lea.accounts.get()
    for response in (
        outsider_client.get(url("roster")),
        outsider_client.get(url("member", lea.pk)),
        outsider_client.get(url("member_export", lea.pk)),
        outsider_client.get(url("tiers")),
        outsider_client.post(url("member_new"), member_form(name="Intrus")),
        outsider_client.post(url("member_edit", lea.pk), member_form(name="Intrus")),
        outsider_client.post(url("account_add", lea.pk), {"network": "x", "handle": "intrus"}),
        outsider_client.post(url("account_remove", lea.pk, account.pk)),
        outsider_client.post(url("member_erase", lea.pk), {"confirm": lea.name}),
    ):
        assert response.status_code == 404
    assert Member.objects.get().name == "Léa Martin" and MemberAccount.objects.count() == 1


def test_roster_page_queries_stay_flat(owner_client, workspace, django_assert_max_num_queries):
    targets = [
        Target.objects.create(workspace=workspace, key=f"t{i}", name=f"T{i}") for i in range(3)
    ]
    for i in range(12):
        member = Member.objects.create(
            workspace=workspace, name=f"Membre {i}", kind="influencer" if i % 2 else "ambassador"
        )
        member.targets.set(targets)
        for network in ("bluesky", "instagram"):
            account = MemberAccount.objects.create(
                workspace=workspace,
                member=member,
                network=network,
                handle=f"m{i}",
                followers=1500 * (i + 1),
            )
            TrackedPost.objects.create(
                workspace=workspace,
                member=member,
                account=account,
                network=network,
                network_id=f"{network}-{i}",
                source="url",
                likes=3,
                reach=1000,
            )
    TierThresholds.objects.create(
        workspace=workspace,
        network="bluesky",
        nano=500,
        micro=5000,
        mid=20000,
        macro=100000,
        mega=900000,
    )
    # Session, user, membership; thresholds, members, accounts, targets, figures; the menu.
    with django_assert_max_num_queries(10):
        page = owner_client.get(url("roster"))
    assert page.status_code == 200 and page.content.decode().count('class="account"') == 24
