"""Importing a strategy document: creates, updates, deletes; all or nothing; who may."""

from __future__ import annotations

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership, User
from mostra.strategy import yaml_io
from mostra.strategy.document import StrategyDocument
from mostra.strategy.models import Objective, Strategy, StrategyProfile, Tactic, Target
from mostra.strategy.services import file as file_service
from mostra.strategy.services.export import export_document
from mostra.strategy.services.file import ImportRefused, import_document
from tests.conftest import PASSWORD
from tests.strategy.yaml_support import example_text


def exported(workspace) -> str:
    return yaml_io.dump(export_document(workspace))


def example(**replacements: str) -> StrategyDocument:
    text = example_text()
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return yaml_io.load(text)


def counts(summary, kind: str) -> tuple[int, int, int, int]:
    return (
        summary.created[kind],
        summary.updated[kind],
        summary.deleted[kind],
        summary.unchanged[kind],
    )


@pytest.mark.django_db
def test_import_creates_then_updates_then_deletes(workspace, owner_membership):
    summary = import_document(owner_membership, workspace, example())
    for kind in ("mission networks", "targets", "platforms", "objectives", "strategies"):
        assert counts(summary, kind) == (2, 0, 0, 0), kind
    assert counts(summary, "mission") == (1, 0, 0, 0)
    assert summary.notes == []
    # Export gives back the very file.
    assert exported(workspace) == example_text()
    objective = Objective.objects.get(workspace=workspace, key="o-notoriete")
    assert objective.owner == owner_membership
    assert [t.key for t in objective.targets.all()] == ["t-gourmets"]

    # Update one objective, drop the second strategy and its tactic.
    text = example_text().replace(
        "title: Se faire connaître des gourmets de la région", "title: Se faire connaître"
    )
    start = text.index("  - id: s-pros")
    text = text[:start] + text[text.index("tactics:") :]
    text = text[: text.index("  - id: k-cas-clients")]
    summary = import_document(owner_membership, workspace, yaml_io.load(text))
    assert counts(summary, "objectives") == (0, 1, 0, 1)
    assert counts(summary, "strategies") == (0, 0, 1, 1)
    assert counts(summary, "tactics") == (0, 0, 1, 1)
    assert counts(summary, "targets") == (0, 0, 0, 2)
    assert exported(workspace) == text
    assert not Strategy.objects.filter(workspace=workspace, key="s-pros").exists()
    assert not Tactic.objects.filter(workspace=workspace, key="k-cas-clients").exists()

    # The same file again changes nothing.
    again = import_document(owner_membership, workspace, yaml_io.load(text))
    assert not again.changed
    assert exported(workspace) == text

    # An empty strategy deletes everything.
    summary = import_document(owner_membership, workspace, StrategyDocument())
    assert summary.deleted["targets"] == 2 and summary.deleted["objectives"] == 2
    assert not Target.objects.filter(workspace=workspace).exists()
    assert StrategyProfile.objects.get(workspace=workspace).vision == ""


@pytest.mark.django_db
def test_a_strategy_can_move_to_another_objective_whose_old_one_is_deleted(
    workspace, owner_membership
):
    import_document(owner_membership, workspace, example())
    # s-affinage now serves o-revendeurs, and o-notoriete leaves the file.
    text = example_text().replace("objective: o-notoriete", "objective: o-revendeurs")
    start = text.index("  - id: o-notoriete")
    text = text[:start] + text[text.index("  - id: o-revendeurs") :]
    summary = import_document(owner_membership, workspace, yaml_io.load(text))
    assert summary.deleted["objectives"] == 1
    assert summary.deleted["strategies"] == 0 and summary.deleted["tactics"] == 0
    strategy = Strategy.objects.get(workspace=workspace, key="s-affinage")
    assert strategy.objective.key == "o-revendeurs"
    assert Tactic.objects.filter(workspace=workspace).count() == 2


@pytest.mark.django_db
def test_an_owner_who_is_not_a_member_changes_nothing(workspace, owner_membership, outsider):
    import_document(owner_membership, workspace, example())
    before = exported(workspace)
    events = AuditEvent.objects.count()
    doc = example(**{"target: 3\n": "target: 5\n"})  # a change that must not be applied
    doc.objectives[1].owner = outsider.email
    with pytest.raises(ImportRefused) as caught:
        import_document(owner_membership, workspace, doc)
    assert caught.value.problems[0][0] == ("objectives", 1, "owner")
    message = caught.value.message
    assert "'o-revendeurs'" in message and "charlie@example.org" in message
    assert "is not a member of the workspace 'fromagerie'" in message
    assert "alice@example.org, bob@example.org" in message  # whom to choose instead
    assert exported(workspace) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_owners_who_are_not_members_are_to_invite_and_their_objectives_wait_for_them(
    workspace,
):
    doc = example()
    doc.objectives[0].owner = "Dana@Example.org"
    doc.objectives[1].owner = "dana@example.org"
    summary = import_document(None, workspace, doc)
    assert summary.to_invite == {"dana@example.org": ["o-notoriete", "o-revendeurs"]}
    assert summary.as_dict()["to_invite"] == [
        {"email": "dana@example.org", "objectives": ["o-notoriete", "o-revendeurs"]}
    ]
    assert list(
        Objective.objects.filter(workspace=workspace).values_list("owner", "owner_email")
    ) == [(None, "Dana@Example.org"), (None, "dana@example.org")]  # as the file wrote them
    assert [o.owner for o in export_document(workspace).objectives] == [
        "Dana@Example.org",
        "dana@example.org",
    ]
    assert not import_document(None, workspace, doc).changed  # the same file again
    # Once Dana is a member, she owns them, whichever way she joined.
    dana = User.objects.create_user("dana@example.org", PASSWORD)
    membership = Membership.objects.create(workspace=workspace, user=dana, role="editor")
    assert list(
        Objective.objects.filter(workspace=workspace).values_list("owner", "owner_email")
    ) == [(membership.pk, ""), (membership.pk, "")]
    summary = import_document(None, workspace, doc)
    assert summary.to_invite == {} and summary.unchanged["objectives"] == 2


@pytest.mark.django_db
def test_an_owner_who_is_not_a_member_may_be_replaced_by_another(workspace):
    """Only a member's objective is protected from an address that is not a member's."""
    doc = example(**{"owner: alice@example.org": "owner: dana@example.org"})
    import_document(None, workspace, doc)
    doc.objectives[0].owner = "erin@example.org"
    summary = import_document(None, workspace, doc)
    assert summary.updated["objectives"] == 1
    assert summary.to_invite == {
        "erin@example.org": ["o-notoriete"],
        "dana@example.org": ["o-revendeurs"],
    }
    assert Objective.objects.get(key="o-notoriete").owner_email == "erin@example.org"


@pytest.mark.django_db
def test_an_owner_that_is_not_an_e_mail_address_is_refused(workspace):
    doc = example()
    doc.objectives[1].owner = "Alice Martin"
    with pytest.raises(ImportRefused) as caught:
        import_document(None, workspace, doc)
    assert caught.value.problems == [
        (
            ("objectives", 1, "owner"),
            "Alice Martin is not an e-mail address: write the address of the objective's "
            "owner, such as alice@example.org",
        )
    ]
    assert not Objective.objects.exists()


@pytest.mark.django_db
def test_a_failure_half_way_leaves_the_database_as_it_was(workspace, owner_membership, monkeypatch):
    import_document(owner_membership, workspace, example())
    before = exported(workspace)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    # Targets, objectives and strategies are written; tactics fail.
    monkeypatch.setattr(file_service._Import, "_tactic", broken)
    changed = example(**{"name: Gourmets de la région": "name: Gourmets"})
    changed.objectives[1].title = "Gagner des revendeurs, vite"
    with pytest.raises(RuntimeError):
        import_document(owner_membership, workspace, changed)
    assert exported(workspace) == before


@pytest.mark.django_db
def test_owner_e_mail_is_matched_whatever_its_case(workspace, owner_membership):
    doc = example(**{"owner: alice@example.org": "owner: Alice@Example.ORG"})
    import_document(None, workspace, doc)
    assert Objective.objects.filter(owner=owner_membership).count() == 2
    assert exported(workspace) == example_text()


@pytest.mark.django_db
def test_every_problem_is_reported_at_once(workspace):
    doc = example()
    doc.objectives[0].owner = "nobody@example.org"
    doc.objectives[0].baseline.source = "s" * 301
    doc.tactics[0].title = "t" * 201
    doc.tactics[1].strategy = "s-nope"
    with pytest.raises(ImportRefused) as caught:
        import_document(None, workspace, doc)
    paths = [path for path, _message in caught.value.problems]
    assert paths == [
        ("tactics", 1, "strategy"),
        ("objectives", 0, "baseline", "source"),
        ("tactics", 0, "title"),
    ]  # not the owner who is not a member: the objective waits for him, he is to invite
    assert "301 characters: shorten it to 300 at most" in caught.value.message
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_the_workspace_itself_is_not_changed_and_the_summary_says_so(workspace):
    doc = example()
    doc.workspace.name = "Autre nom"
    doc.workspace.slug = "ailleurs"
    doc.workspace.timezone = "America/Montreal"
    summary = import_document(None, workspace, doc)
    workspace.refresh_from_db()
    assert (workspace.name, workspace.slug, workspace.timezone) == (
        "Fromagerie du Lac",
        "fromagerie",
        "Europe/Paris",
    )
    notes = " ".join(summary.notes)
    assert "'ailleurs'" in notes and "'Autre nom'" in notes and "America/Montreal" in notes


@pytest.mark.django_db
def test_one_audit_event_records_the_import(workspace, owner_membership, owner):
    events = AuditEvent.objects.count()
    import_document(owner_membership, workspace, example())
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.object_label, event.actor) == ("update", "strategy imported", owner)
    assert event.workspace == workspace
    assert event.changes["targets"] == "2 created"
    import_document(None, workspace, example())
    event = AuditEvent.objects.latest("pk")
    assert event.actor is None and event.changes == {"strategy": "no change"}


# --- who may import


@pytest.mark.django_db
def test_owner_may_import(workspace, owner_membership):
    import_document(owner_membership, workspace, example())
    assert Target.objects.filter(workspace=workspace).count() == 2


@pytest.mark.django_db
def test_teammate_editor_may_not_import(workspace, teammate_membership):
    with pytest.raises(DomainError, match="owners and managers"):
        import_document(teammate_membership, workspace, example())
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_teammate_promoted_to_manager_may_import(workspace, teammate_membership):
    teammate_membership.role = "manager"
    teammate_membership.save()
    import_document(teammate_membership, workspace, example())
    assert Target.objects.filter(workspace=workspace).count() == 2


@pytest.mark.django_db
def test_outsider_has_no_membership_and_his_own_does_not_count(workspace, outsider):
    assert not Membership.objects.filter(workspace=workspace, user=outsider).exists()
    his_own = Membership.objects.get(user=outsider, workspace__slug="other-brand")
    assert his_own.role == "owner"  # an owner, but of another workspace
    with pytest.raises(DomainError, match="owners and managers"):
        import_document(his_own, workspace, example())
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_summary_in_words(workspace):
    summary = import_document(None, workspace, example())
    assert summary.describe("targets") == "2 created"
    assert "tactics: 2 created" in summary.lines()
    assert summary.as_dict()["created"]["objectives"] == 2
