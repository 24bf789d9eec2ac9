"""save_charter: owners and managers only, values checked first, nothing half-saved."""

from __future__ import annotations

import pytest

from mostra.charter.models import Charter, CharterNetworkRule
from mostra.charter.services import save_charter
from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent


def test_editor_cannot_change_the_charter(teammate_membership, workspace) -> None:
    with pytest.raises(DomainError, match="owners and managers"):
        save_charter(teammate_membership, {"tone": "x"})
    assert not Charter.objects.filter(workspace=workspace).exists()


def test_bad_rule_changes_nothing(owner_membership, workspace) -> None:
    with pytest.raises(DomainError) as caught:
        save_charter(owner_membership, {"tone": "x"}, {"threads": {"max_hashtags": 2}})
    assert caught.value.field == "max_hashtags"
    with pytest.raises(DomainError) as caught:
        save_charter(owner_membership, {}, {"x": {"emoji_policy": "max"}})
    assert caught.value.field == "emoji_max"
    with pytest.raises(DomainError):
        save_charter(owner_membership, {}, {"myspace": {}})
    assert not Charter.objects.filter(workspace=workspace).exists()


def test_rule_equal_to_the_defaults_is_not_stored(owner_membership) -> None:
    charter = save_charter(owner_membership, {}, {"x": {"emoji_policy": "allowed"}})
    assert not CharterNetworkRule.objects.filter(charter=charter).exists()


def test_unchanged_save_records_nothing(owner_membership, workspace) -> None:
    save_charter(owner_membership, {"tone": "Sobre"}, {"x": {"utm_required": True}})
    before = AuditEvent.objects.filter(workspace=workspace).count()
    save_charter(owner_membership, {"tone": "Sobre"}, {"x": {"utm_required": True}})
    assert AuditEvent.objects.filter(workspace=workspace).count() == before


def test_formats_keep_known_codes_in_catalogue_order(owner_membership) -> None:
    charter = save_charter(
        owner_membership,
        {"favoured_formats": {"video": ["short", "reel", "hologram"], "smell": ["post"]}},
    )
    assert charter.favoured_formats == {"video": ["reel", "short"]}


def test_removing_a_rule_is_audited(owner_membership, workspace) -> None:
    charter = save_charter(owner_membership, {}, {"x": {"utm_required": True}})
    save_charter(owner_membership, {}, {"x": None})
    assert not CharterNetworkRule.objects.filter(charter=charter).exists()
    assert AuditEvent.objects.filter(
        workspace=workspace, object_type="charternetworkrule", action="delete"
    ).exists()
