"""The roster's services: handles normalised (a profile address read back to its
handle, a Mastodon handle with its server), profile addresses from the network
registry's shapes, networks named by code, name or alias, and the rights (editors up
change the roster; viewers read)."""

from __future__ import annotations

import pytest

from mostra.ambassadors.models import Member
from mostra.ambassadors.services import roster
from mostra.core.errors import DomainError
from mostra.core.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("network", "typed", "stored"),
    [
        ("bluesky", "@Lea.Bsky.Social", "lea.bsky.social"),
        ("bluesky", "https://bsky.app/profile/lea.bsky.social", "lea.bsky.social"),
        ("instagram", "https://www.instagram.com/lea.velo/", "lea.velo"),
        ("x", "https://x.com/LeaVelo?lang=fr", "leavelo"),
        ("tiktok", "https://www.tiktok.com/@lea_velo", "lea_velo"),
        ("mastodon", "@Lea@Piaille.fr", "lea@piaille.fr"),
        ("mastodon", "https://piaille.fr/@lea", "lea@piaille.fr"),
        ("mastodon", "https://piaille.fr:443/@lea", "lea@piaille.fr"),
        ("mastodon", "http://127.0.0.1:3000/@lea", "lea@127.0.0.1:3000"),
        ("mastodon", "lea@social.example.org:8443", "lea@social.example.org:8443"),
    ],
)
def test_handles_are_normalised(network, typed, stored):
    assert roster.normalise_handle(network, typed) == stored


def test_refused_handles_say_what_to_write():
    with pytest.raises(DomainError, match="with its server"):
        roster.normalise_handle("mastodon", "lea")
    with pytest.raises(DomainError, match="rather than the address"):
        roster.normalise_handle("instagram", "https://example.org/lea")
    with pytest.raises(DomainError, match="is not a handle"):
        roster.normalise_handle("bluesky", "léa martin")
    with pytest.raises(DomainError, match="is not a handle"):
        roster.normalise_handle("instagram", "instagram.com/lea.velo")


def test_profile_addresses_come_from_the_registry():
    assert (
        roster.profile_url("bluesky", "lea.bsky.social")
        == "https://bsky.app/profile/lea.bsky.social"
    )
    assert roster.profile_url("mastodon", "lea@piaille.fr") == "https://piaille.fr/@lea"
    assert roster.profile_url("whatsapp", "lea") == ""  # the registry has no shape


def test_a_typed_mastodon_address_keeps_its_scheme_and_port():
    assert roster.typed_profile_url("mastodon", "http://127.0.0.1:3000/@lea/") == (
        "http://127.0.0.1:3000/@lea"
    )
    assert roster.typed_profile_url("mastodon", "https://piaille.fr:443/@lea") == (
        "https://piaille.fr/@lea"
    )
    assert roster.typed_profile_url("mastodon", "@lea@piaille.fr") == ""  # a handle
    assert roster.typed_profile_url("bluesky", "https://bsky.app/profile/lea") == ""


def test_networks_by_code_name_or_alias():
    assert roster.network_code("Bluesky") == "bluesky"
    assert roster.network_code("fb") == "facebook"
    with pytest.raises(DomainError, match="not a network mostra knows"):
        roster.network_code("myspace")


def test_viewers_read_but_do_not_change(workspace, teammate_membership):
    Membership.objects.filter(pk=teammate_membership.pk).update(role=Role.VIEWER)
    teammate_membership.refresh_from_db()
    with pytest.raises(DomainError, match="editors, managers and owners"):
        roster.create_member(teammate_membership, roster.MemberInput(name="Léa"))
    assert not Member.objects.exists()
    assert roster.roster(workspace).rows == []
