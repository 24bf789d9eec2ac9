"""Archiving a workspace in the pages: read-only for its members, listed apart, restored
or deleted by its owners only, with the exports offered before the deletion.

Alice owns the Fromagerie, Bob is an editor there, Charlie is an outsider.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from mostra import cli
from mostra.core import demo
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, AuditEvent, Membership, Role, Workspace
from mostra.core.services import archive
from mostra.core.services.invitations import create_invitation
from tests.conftest import client_for
from tests.workspace_rows import rows_of

ARCHIVED = "This workspace is archived: restore it to change it."
#: The pages made for an archived workspace, which may change it.
WHEN_ARCHIVED = {"core:restore_workspace", "core:delete_workspace"}


@pytest.fixture
def archived(workspace, owner_membership) -> Workspace:
    return archive.archive_workspace(owner_membership)


def workspace_routes(slug: str) -> dict[str, str]:
    """Every named page under /w/<slug>/, by name, with its arguments made up."""
    routes: dict[str, str] = {}

    def walk(patterns: list, namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                if not route.startswith("w/<slug:slug>/"):
                    continue
                converters = getattr(pattern.pattern, "converters", {})
                kwargs: dict[str, object] = {}
                for name in pattern.pattern.regex.groupindex:
                    kind = converters.get(name)
                    kwargs[name] = 1 if isinstance(kind, IntConverter) else "x"
                kwargs["slug"] = slug
                routes[namespace + pattern.name] = reverse(namespace + pattern.name, kwargs=kwargs)

    walk(get_resolver().url_patterns, "", "")
    return routes


def test_only_an_owner_archives_and_the_log_says_who(
    workspace, owner, teammate_client, outsider_client, owner_client
):
    manager = Membership.objects.create(
        workspace=workspace,
        user=type(owner).objects.create_user("dana@example.org", "x"),
        role=Role.MANAGER,
    )
    for client in (teammate_client, outsider_client, client_for(manager.user)):
        assert client.post(f"/w/{workspace.slug}/archive/").status_code == 404
    workspace.refresh_from_db()
    assert workspace.archived_at is None
    response = owner_client.post(f"/w/{workspace.slug}/archive/", follow=True)
    assert "Workspace archived" in response.content.decode()
    workspace.refresh_from_db()
    assert workspace.archived_by == owner
    event = AuditEvent.objects.get(workspace=workspace, action=AuditAction.ARCHIVE)
    assert event.actor == owner
    again = owner_client.post(f"/w/{workspace.slug}/archive/", follow=True)
    assert ARCHIVED in again.content.decode()  # the archived workspace refuses first


def test_every_change_in_the_pages_is_refused_and_nothing_changes(archived, owner_client):
    """POST to every page of the workspace: sent back with the message, not a row changed."""
    routes = workspace_routes(archived.slug)
    assert len(routes) > 40
    before = rows_of(archived.pk)
    answers = {}
    for name, url in routes.items():
        if name in WHEN_ARCHIVED:
            continue
        answers[name] = owner_client.post(url, {"name": "Changed", "confirm_slug": "fromagerie"})
    refused = {n for n, r in answers.items() if r.status_code == 302}
    read_only = {"editorial:calendar_feed", "links:preview"}  # GET only: nothing to change
    assert refused == set(answers) - read_only, {
        n: r.status_code for n, r in answers.items() if n not in refused
    }
    assert {answers[n]["Location"] for n in refused} == {f"/w/{archived.slug}/"}
    assert answers["editorial:calendar_feed"].status_code in (404, 405)  # a read-only feed
    assert answers["links:preview"].status_code == 405  # the builder's preview reads only
    assert rows_of(archived.pk) == before
    page = owner_client.get(f"/w/{archived.slug}/")
    assert ARCHIVED in page.content.decode()


def test_a_refusal_goes_back_to_the_page_and_htmx_is_redirected(archived, teammate_client):
    url = f"/w/{archived.slug}/calendar/events/"
    came_from = f"http://testserver/w/{archived.slug}/calendar/"
    response = teammate_client.post(url, {"title": "Salon"}, headers={"referer": came_from})
    assert response.status_code == 302 and response["Location"] == came_from
    response = teammate_client.post(url, {"title": "Salon"}, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == f"/w/{archived.slug}/"
    elsewhere = teammate_client.post(url, headers={"referer": "https://evil.example/"})
    assert elsewhere["Location"] == f"/w/{archived.slug}/"


def test_members_read_it_with_a_banner_and_find_it_apart_in_the_menus(
    archived, teammate, owner_client, teammate_client, outsider_client
):
    for client, hint in ((owner_client, "Restore it or delete it"), (teammate_client, "owners")):
        for path in ("", "calendar/", "strategy/", "members/"):
            page = client.get(f"/w/{archived.slug}/{path}")
            assert page.status_code == 200, path
            html = page.content.decode()
            assert "This workspace is archived" in html and hint in html
    assert outsider_client.get(f"/w/{archived.slug}/").status_code == 404
    other = Workspace.objects.get(slug="other-brand")
    Membership.objects.create(workspace=other, user=teammate, role=Role.VIEWER)
    home = teammate_client.get("/?all=1").content.decode()
    active, _, rest = home.partition("Archived workspaces")
    assert "Other brand" in active and "Fromagerie du Lac" not in active
    assert "Fromagerie du Lac" in rest
    menu = teammate_client.get("/w/other-brand/").content.decode()
    switcher = menu[menu.index('class="switcher"') : menu.index("</details>")]
    assert switcher.index("Archived workspaces") < switcher.index("Fromagerie du Lac")


def test_only_an_owner_restores_and_a_workspace_not_archived_says_so(
    archived, owner_client, teammate_client, outsider_client
):
    for client in (teammate_client, outsider_client):
        assert client.post(f"/w/{archived.slug}/restore/").status_code == 404
    owner_client.post(f"/w/{archived.slug}/restore/")
    archived.refresh_from_db()
    assert archived.archived_at is None
    again = owner_client.post(f"/w/{archived.slug}/restore/", follow=True)
    assert "not archived" in again.content.decode()
    assert AuditEvent.objects.filter(workspace=archived, action=AuditAction.RESTORE).count() == 1
    page = teammate_client.post(f"/w/{archived.slug}/calendar/events/", {}, follow=True)
    assert "archived" not in page.content.decode()


def test_the_confirmation_page_offers_the_exports_which_still_download(
    archived, owner_client, teammate_client
):
    page = owner_client.get(f"/w/{archived.slug}/delete/")
    html = page.content.decode()
    yaml_url = f"/w/{archived.slug}/strategy/export.yaml"
    csv_url = f"/w/{archived.slug}/calendar/export.csv"
    assert yaml_url in html and csv_url in html and 'name="confirm_slug"' in html
    strategy = owner_client.get(yaml_url)
    assert strategy.status_code == 200
    assert strategy["Content-Type"].startswith("application/yaml")
    assert "attachment" in strategy["Content-Disposition"]
    assert b"slug: fromagerie" in strategy.content
    calendar = teammate_client.get(csv_url)
    assert calendar.status_code == 200 and calendar["Content-Type"].startswith("text/csv")
    assert teammate_client.get(f"/w/{archived.slug}/delete/").status_code == 404


def test_the_confirmation_page_of_a_workspace_not_archived_says_to_archive_first(
    workspace, owner_client
):
    page = owner_client.get(f"/w/{workspace.slug}/delete/")
    assert page.status_code == 200
    assert "Archive the workspace first" in page.content.decode()
    assert 'name="confirm_slug"' not in page.content.decode()


def test_nobody_joins_an_archived_workspace(archived, owner_membership, outsider_client):
    archive.restore_workspace(owner_membership)
    _invitation, token = create_invitation(owner_membership, email="charlie@example.org")
    archive.archive_workspace(owner_membership)
    page = outsider_client.post(f"/invitations/{token}/")
    assert page.status_code == 410
    assert "nobody can join it" in page.content.decode()
    assert not archived.memberships.filter(user__email="charlie@example.org").exists()


def test_the_command_line_refuses_to_change_it_but_exports_it(archived, tmp_path):
    csv = tmp_path / "posts.csv"
    csv.write_text("date;heure;réseau;texte\n2030-03-14;09:30;instagram;Tomme\n")
    result = CliRunner().invoke(
        cli.mostra, ["calendar", "import", str(csv), "--workspace", archived.slug]
    )
    assert result.exit_code == 2
    assert ARCHIVED in result.output
    assert not archived.posts.exists()
    result = CliRunner().invoke(cli.mostra, ["strategy", "export", "--workspace", archived.slug])
    assert result.exit_code == 0 and "slug: fromagerie" in result.output


def test_a_full_workspace_is_deleted_to_the_last_row(owner, workspace):
    """The demo has a strategy, a charter, a calendar, imports and figures."""
    full = demo.build_demo(owner)
    membership = Membership.objects.get(workspace=full, user=owner)
    before = rows_of(full.pk)
    assert sum(1 for n in before.values() if n) > 20
    others = {ws.pk: rows_of(ws.pk) for ws in Workspace.objects.exclude(pk=full.pk)}
    with pytest.raises(DomainError, match="Archive the workspace first"):
        archive.delete_workspace(membership, full.slug)
    archive.archive_workspace(membership)
    with pytest.raises(DomainError, match="short name exactly"):
        archive.delete_workspace(membership, "fromagerie")
    deleted = archive.delete_workspace(membership, f" {full.slug} ")
    assert {label: n for label, n in rows_of(full.pk).items() if n} == {}
    assert {pk: rows_of(pk) for pk in others} == others
    assert deleted["editorial.Post"] == before["editorial.Post"]
    line = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(full.pk))
    assert line.workspace is None and line.actor == owner
    assert line.changes["rows"]["core.Membership"] == before["core.Membership"]


def test_inviting_from_the_command_line_is_refused_too(archived):
    result = CliRunner().invoke(
        cli.mostra,
        ["members", "invite", "dave@example.org", "--workspace", archived.slug, "--role", "editor"],
    )
    assert result.exit_code == 2
    assert ARCHIVED in result.output
    assert not archived.invitations.exists()


def test_an_invitation_queued_before_the_archive_is_not_e_mailed(
    workspace, owner_membership, settings, mailoutbox
):
    from mostra.core.tasks import send_invitation_email

    settings.EMAIL_ENABLED = True
    invitation, _token = create_invitation(owner_membership, email="dora@example.org")
    archive.archive_workspace(owner_membership)
    assert send_invitation_email.call(invitation.pk, "", "en") is False
    assert mailoutbox == []
    archive.restore_workspace(owner_membership)
    assert send_invitation_email.call(invitation.pk, "", "en") is True
    assert len(mailoutbox) == 1
