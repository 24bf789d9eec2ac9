from __future__ import annotations

from mostra.core.models import AuditEvent, RaciAssignment
from mostra.core.services.organisation import current_matrix


def _post_matrix(client, workspace, matrix):
    data = {f"cell-{a}-{m}": letter for a, row in matrix.items() for m, letter in row.items()}
    return client.post(f"/w/{workspace.slug}/organisation/raci/", data)


def test_raci_saved_from_the_page(workspace, owner_client, owner_membership, teammate_membership):
    matrix = current_matrix(workspace)
    writing = workspace.activities.get(key="writing")
    matrix[writing.pk] = {owner_membership.pk: "A", teammate_membership.pk: "R"}
    response = _post_matrix(owner_client, workspace, matrix)
    assert response.status_code == 302
    assert (
        RaciAssignment.objects.get(activity=writing, membership=teammate_membership).letter == "R"
    )
    event = AuditEvent.objects.filter(workspace=workspace, action="update").latest("id")
    assert list(event.changes.values()) == [["", "R"]]


def test_two_accountables_refused_and_nothing_changed(
    workspace, owner_client, owner_membership, teammate_membership
):
    before = current_matrix(workspace)
    matrix = current_matrix(workspace)
    writing = workspace.activities.get(key="writing")
    visuals = workspace.activities.get(key="visuals")
    matrix[writing.pk] = {owner_membership.pk: "A", teammate_membership.pk: "A"}
    matrix[visuals.pk] = {owner_membership.pk: "R", teammate_membership.pk: "C"}  # valid change
    response = _post_matrix(owner_client, workspace, matrix)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Writing has 2 Accountables" in page
    assert current_matrix(workspace) == before


def test_zero_accountable_refused(workspace, owner_client, owner_membership):
    matrix = current_matrix(workspace)
    strategy = workspace.activities.get(key="strategy")
    matrix[strategy.pk] = {owner_membership.pk: "R"}
    response = _post_matrix(owner_client, workspace, matrix)
    assert response.status_code == 400
    assert "Strategy has no Accountable" in response.content.decode()


def test_live_check_returns_the_errors(
    workspace, owner_client, owner_membership, teammate_membership
):
    matrix = current_matrix(workspace)
    writing = workspace.activities.get(key="writing")
    matrix[writing.pk] = {owner_membership.pk: "A", teammate_membership.pk: "A"}
    data = {f"cell-{a}-{m}": v for a, row in matrix.items() for m, v in row.items()}
    response = owner_client.post(
        f"/w/{workspace.slug}/organisation/raci/check/", data, HTTP_HX_REQUEST="true"
    )
    assert "Writing has 2 Accountables" in response.content.decode()
    matrix[writing.pk] = {owner_membership.pk: "A", teammate_membership.pk: "R"}
    data = {f"cell-{a}-{m}": v for a, row in matrix.items() for m, v in row.items()}
    response = owner_client.post(
        f"/w/{workspace.slug}/organisation/raci/check/", data, HTTP_HX_REQUEST="true"
    )
    assert "The matrix is valid" in response.content.decode()


def test_teammate_and_outsider_cannot_edit_raci(workspace, teammate_client, outsider_client):
    before = current_matrix(workspace)
    for client in (teammate_client, outsider_client):
        assert client.post(f"/w/{workspace.slug}/organisation/raci/", {}).status_code == 404
    assert current_matrix(workspace) == before


def test_teammate_sees_the_matrix_read_only(workspace, teammate_client):
    page = teammate_client.get(f"/w/{workspace.slug}/organisation/").content.decode()
    assert "Crisis management" in page
    assert '<select name="cell-' not in page


def test_add_and_remove_a_custom_activity(workspace, owner_client, teammate_membership):
    owner_client.post(
        f"/w/{workspace.slug}/organisation/activities/",
        {"name": "Influencer relations", "accountable": teammate_membership.pk},
    )
    activity = workspace.activities.get(custom_name="Influencer relations")
    assert activity.assignments.get().membership == teammate_membership
    owner_client.post(f"/w/{workspace.slug}/organisation/activities/{activity.pk}/delete/")
    assert not workspace.activities.filter(pk=activity.pk).exists()


def test_policy_two_needs_two_approvers(workspace, owner_client, owner_membership):
    response = owner_client.post(
        f"/w/{workspace.slug}/organisation/policy/", {"approval_policy": "two"}
    )
    assert response.status_code == 400
    assert "needs 2 approvers" in response.content.decode()
    workspace.refresh_from_db()
    assert workspace.approval_policy == "none"


def test_policy_two_with_two_approvers(
    workspace, owner_client, owner_membership, teammate_membership
):
    for m in (owner_membership, teammate_membership):
        m.is_approver = True
        m.save()
    response = owner_client.post(
        f"/w/{workspace.slug}/organisation/policy/",
        {"approval_policy": "two", "sensitive_topics": "prix\nrappel produit"},
    )
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.approval_policy == "two"
    assert workspace.sensitive_topic_list == ["prix", "rappel produit"]
    assert workspace.required_approvals == 2


def test_sponsor_is_set_with_their_place(workspace, owner_client, teammate_membership):
    response = owner_client.post(
        f"/w/{workspace.slug}/organisation/sponsor/",
        {
            "sponsor": teammate_membership.pk,
            "title": "Directrice générale",
            "department": "Direction",
            "org_level": "executive",
        },
    )
    assert response.status_code == 302
    teammate_membership.refresh_from_db()
    assert teammate_membership.is_sponsor
    assert teammate_membership.title == "Directrice générale"
    page = owner_client.get(f"/w/{workspace.slug}/organisation/").content.decode()
    assert "Directrice générale" in page
