"""``mostra strategy readiness show / override / revoke / not-known``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from django.conf import settings

from mostra import cli
from mostra.core.models import AuditEvent, Role
from mostra.strategy.models import MissionNetwork, ReadinessOverride, ReadinessUnknown


def run(*args: str):
    return CliRunner().invoke(cli.mostra, ["strategy", "readiness", *args])


@pytest.fixture
def who_forgotten(strategy):
    MissionNetwork.objects.filter(network="instagram").update(
        audience_present=None, competitors_present=None, partners_present=None
    )
    return strategy


def test_show_lists_what_is_missing_with_the_absolute_address(who_forgotten):
    result = run("show", "--workspace", "fromagerie", "--network", "instagram")
    assert result.exit_code == 0, result.output
    assert "Instagram: not yet" in result.output
    assert "Say whether your ideal customer" in result.output
    assert f"{settings.CONFIG.base_url}/w/fromagerie/strategy/readiness/instagram/" in result.output


def test_not_known_then_override_then_revoke_as_json(who_forgotten, teammate_membership):
    teammate_membership.role = Role.MANAGER
    teammate_membership.save()
    answered = run(
        *("not-known", "--workspace", "fromagerie", "--network", "instagram"),
        *("--question", "ready-mission-who", "--note", "Survey in June."),
        *("--as", "bob@example.org"),
    )
    assert answered.exit_code == 0, answered.output
    assert ReadinessUnknown.objects.get().answered_by_label == "bob@example.org"

    overridden = run(
        *("override", "--workspace", "fromagerie", "--network", "tiktok"),
        *("--reason", "A trial."),
    )
    assert overridden.exit_code == 0, overridden.output
    body = json.loads(run("show", "--workspace", "fromagerie", "--format", "json").output)
    assert body["instagram"]["ready"] is True
    assert body["instagram"]["not_known"][0]["note"] == "Survey in June."
    assert body["tiktok"]["ready"] is True
    assert body["tiktok"]["override"]["reason"] == "A trial."
    assert body["tiktok"]["override"]["by"] == "alice@example.org"

    assert run("revoke", "--workspace", "fromagerie", "--network", "tiktok").exit_code == 0
    body = json.loads(run("show", "--workspace", "fromagerie", "--format", "json").output)
    assert body["tiktok"]["ready"] is False and body["tiktok"]["override"] is None
    assert AuditEvent.objects.filter(object_type="readinessoverride").count() == 2


def test_a_manager_cannot_override_and_nothing_changes(who_forgotten, teammate_membership):
    teammate_membership.role = Role.MANAGER
    teammate_membership.save()
    result = run(
        *("override", "--workspace", "fromagerie", "--network", "tiktok"),
        *("--reason", "A trial.", "--as", "bob@example.org"),
    )
    assert result.exit_code == 2
    assert "Only the workspace's owners" in result.output
    assert not ReadinessOverride.objects.exists()


def test_not_known_refused_for_a_question_that_needs_an_answer(who_forgotten):
    result = run(
        *("not-known", "--workspace", "fromagerie", "--network", "tiktok"),
        *("--question", "ready-mission-no-why", "--note", "Later."),
    )
    assert result.exit_code == 2 and "needs a real answer" in result.output
    assert not ReadinessUnknown.objects.exists()
