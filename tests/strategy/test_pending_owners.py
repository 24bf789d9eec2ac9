"""Objectives whose owner is not a member yet: they wait for that person, who owns them
on joining (an invitation accepted through the service or the web page, or any other
way), in the same transaction, audited; the board and the objective form name them."""

from __future__ import annotations

import pytest

from mostra.core import audit
from mostra.core.models import AuditEvent, Invitation, Membership, User
from mostra.core.services.invitations import accept_invitation, create_invitation
from mostra.core.services.workspaces import create_workspace
from mostra.strategy import yaml_io
from mostra.strategy.models import Objective
from mostra.strategy.services.export import export_document
from mostra.strategy.services.file import import_document
from tests.conftest import PASSWORD, client_for
from tests.strategy.fromagerie import url
from tests.strategy.test_views_edit import objective_post
from tests.strategy.yaml_support import example_text

#: The documented example, whose objectives Dana owns: she is not a member yet.
DANAS = example_text().replace("owner: alice@example.org", "owner: Dana@Example.org")


@pytest.fixture
def waiting(workspace) -> list[Objective]:
    """The example imported into Alice's workspace: its two objectives wait for Dana."""
    import_document(None, workspace, yaml_io.load(DANAS))
    return list(Objective.objects.filter(workspace=workspace))


def owners(workspace) -> list[tuple[str, str | None, str]]:
    return list(
        Objective.objects.filter(workspace=workspace).values_list(
            "key", "owner__user__email", "owner_email"
        )
    )


def invite_dana(owner_membership) -> str:
    _invitation, token = create_invitation(owner_membership, email="dana@example.org")
    return token


# --- Joining -------------------------------------------------------------------------


def test_accepting_an_invitation_makes_her_the_owner_audited(workspace, owner_membership, waiting):
    assert owners(workspace) == [
        ("o-notoriete", None, "Dana@Example.org"),
        ("o-revendeurs", None, "Dana@Example.org"),
    ]
    dana = User.objects.create_user("dana@example.org", PASSWORD)
    accept_invitation(invite_dana(owner_membership), dana)
    assert owners(workspace) == [
        ("o-notoriete", "dana@example.org", ""),
        ("o-revendeurs", "dana@example.org", ""),
    ]
    events = AuditEvent.objects.filter(workspace=workspace, object_type="objective")
    assert [(e.action, e.actor, e.object_label, e.changes) for e in events.order_by("pk")] == [
        (
            "update",
            dana,
            title,
            {"owner": [None, "dana@example.org"], "pending owner": ["Dana@Example.org", None]},
        )
        for title in ("Se faire connaître des gourmets de la région", "Gagner des revendeurs")
    ]
    # The export still writes her as the owner (now as the member's address).
    assert [o.owner for o in export_document(workspace).objectives] == ["dana@example.org"] * 2


def test_joining_in_the_web_page_makes_her_the_owner(workspace, owner_client, waiting):
    response = owner_client.post(
        f"/w/{workspace.slug}/members/invite/", {"role": "editor", "email": "dana@example.org"}
    )
    assert response.status_code == 200
    token = response.content.decode().split("/invitations/")[1].split("/")[0]
    joined = client_for(None).post(
        f"/invitations/{token}/",
        {
            "signup-email": "dana@example.org",
            "signup-display_name": "Dana",
            "signup-password": "a-good-long-passphrase",
        },
    )
    assert joined.status_code == 302
    assert {email for _key, email, _pending in owners(workspace)} == {"dana@example.org"}


def test_the_claim_is_part_of_the_joining_transaction(
    workspace, owner_membership, waiting, monkeypatch
):
    """When joining fails after the membership is made, the objectives still wait."""
    record = audit.record

    def failing_join(action, **kwargs):
        if action == "join":
            raise RuntimeError("the audit log is unavailable")
        return record(action, **kwargs)

    monkeypatch.setattr(audit, "record", failing_join)
    dana = User.objects.create_user("dana@example.org", PASSWORD)
    with pytest.raises(RuntimeError):
        accept_invitation(invite_dana(owner_membership), dana)
    assert not Membership.objects.filter(user=dana).exists()
    assert [pending for _key, _email, pending in owners(workspace)] == ["Dana@Example.org"] * 2


def test_any_other_way_of_joining_counts_and_only_in_that_workspace(workspace, waiting):
    dana = User.objects.create_user("dana@example.org", PASSWORD)
    create_workspace(dana, "Dana's own", slug="danas-own")  # another workspace: nothing
    assert [email for _key, email, _pending in owners(workspace)] == [None, None]
    Membership.objects.create(workspace=workspace, user=dana, role="viewer")
    assert [email for _key, email, _pending in owners(workspace)] == ["dana@example.org"] * 2


def test_someone_else_joining_takes_nothing(workspace, owner_membership, waiting, outsider):
    """The link was meant for Dana; Charlie opened it: the objectives wait for Dana."""
    accept_invitation(invite_dana(owner_membership), outsider)
    assert [pending for _key, _email, pending in owners(workspace)] == ["Dana@Example.org"] * 2


# --- The board and the form ----------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "teammate"])
def test_the_card_names_her_and_says_whether_she_was_invited(
    workspace, owner_membership, waiting, who, request
):
    client = client_for(request.getfixturevalue(who))
    page = client.get(url(workspace)).content.decode()
    assert page.count("Dana@Example.org — not invited yet") == 2
    invite_dana(owner_membership)
    page = client.get(url(workspace)).content.decode()
    assert page.count("Dana@Example.org — invited, not a member yet") == 2
    # A withdrawn invitation no longer counts.
    Invitation.objects.update(revoked_at=Invitation.objects.get().created_at)
    assert "not invited yet" in client.get(url(workspace)).content.decode()


def test_an_outsider_sees_nothing_of_her(workspace, waiting, outsider_client):
    response = outsider_client.get(url(workspace))
    assert response.status_code == 404
    assert "Dana" not in response.content.decode()


def test_the_form_keeps_her_until_a_member_is_chosen(strategy, workspace, owner_client):
    Objective.objects.filter(key="o-notoriete-ig").update(
        owner=None, owner_email="dana@example.org"
    )
    edit = url(workspace, "objectives/o-notoriete-ig/edit/")
    form = owner_client.get(edit).content.decode()
    assert (
        '<option value="dana@example.org" selected>dana@example.org — not invited yet</option>'
    ) in form
    # Saved as it is, she stays; a member chosen replaces her.
    assert owner_client.post(edit, objective_post(owner="dana@example.org")).status_code == 302
    assert owners(workspace)[0] == ("o-notoriete-ig", None, "dana@example.org")
    assert owner_client.post(edit, objective_post(owner="bob@example.org")).status_code == 302
    assert owners(workspace)[0] == ("o-notoriete-ig", "bob@example.org", "")
    # Once replaced, her address is refused like any other that is not a member's.
    response = owner_client.post(edit, objective_post(owner="dana@example.org"))
    assert response.status_code == 400
    assert owners(workspace)[0] == ("o-notoriete-ig", "bob@example.org", "")
