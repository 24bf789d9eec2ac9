"""Changing a tracked link's UTM tags after the fact (page, API, service), and the
builder's automatic medium: "offline" when a printed support is typed."""

from __future__ import annotations

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Role
from mostra.links.models import TrackedLink, UtmCampaign
from mostra.links.redirect import lookup
from mostra.links.services.links import change_tags, create_link

pytestmark = pytest.mark.django_db


def test_the_links_page_changes_a_links_tags_and_keeps_its_code(
    owner_membership,
    owner_client,
    teammate_client,
    outsider_client,
    django_capture_on_commit_callbacks,
):
    link = create_link(owner_membership, "https://fromagerie.example/", medium="organic")
    code = link.code
    page = owner_client.get("/w/fromagerie/links/").content.decode()
    assert f'action="/w/fromagerie/links/{link.pk}/tags/"' in page
    assert "Save the tags" in page
    assert lookup(code).url.endswith("utm_source=mostra&utm_medium=social")  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        answer = owner_client.post(
            f"/w/fromagerie/links/{link.pk}/tags/",
            {
                "source": "Newsletter",
                "medium": "email",
                "campaign": "Fête du lac",
                "content": "Bas",
            },
            follow=True,
        )
    html = answer.content.decode()
    assert f"Tags of {code} saved" in html
    link.refresh_from_db()
    assert link.code == code
    assert (link.utm_source, link.utm_medium, link.utm_campaign, link.utm_content) == (
        "newsletter",
        "email",
        "fete-du-lac",
        "bas",
    )
    assert "newsletter · E-mail · fete-du-lac · bas" in html
    # The redirect sends the new tags at once (its cached copy was forgotten).
    assert lookup(code).url == (
        "https://fromagerie.example/?utm_source=newsletter&utm_medium=email"
        "&utm_campaign=fete-du-lac&utm_content=bas"
    )
    assert UtmCampaign.objects.filter(workspace=link.workspace, name="fete-du-lac").exists()
    event = AuditEvent.objects.filter(workspace=link.workspace, action="update").get()
    assert event.changes["utm_medium"] == ["organic", "email"]
    # A teammate who edits may too; an outsider gets 404 and changes nothing.
    assert (
        teammate_client.post(
            f"/w/fromagerie/links/{link.pk}/tags/", {"medium": "paid", "source": "meta"}
        ).status_code
        == 302
    )
    assert (
        outsider_client.post(
            f"/w/fromagerie/links/{link.pk}/tags/", {"medium": "organic"}
        ).status_code
        == 404
    )
    link.refresh_from_db()
    assert (link.utm_medium, link.utm_source, link.utm_campaign) == ("paid", "meta", "")


def test_a_member_who_does_not_edit_cannot_change_tags(
    owner_membership, teammate_membership, teammate_client
):
    link = create_link(owner_membership, "https://fromagerie.example/", medium="organic")
    teammate_membership.role = Role.CONTRIBUTOR
    teammate_membership.save()
    answer = teammate_client.post(f"/w/fromagerie/links/{link.pk}/tags/", {"medium": "paid"})
    assert answer.status_code == 404  # the project answers as for outsiders
    with pytest.raises(DomainError):
        change_tags(teammate_membership, link, medium="paid")
    link.refresh_from_db()
    assert link.utm_medium == "organic"


def test_bad_tags_say_what_to_do_and_change_nothing(owner_membership, owner_client):
    link = create_link(owner_membership, "https://fromagerie.example/", medium="organic")
    answer = owner_client.post(
        f"/w/fromagerie/links/{link.pk}/tags/", {"medium": "telepathy"}, follow=True
    )
    assert answer.status_code == 200
    assert "Choose the kind of link" in answer.content.decode()
    with pytest.raises(DomainError, match="letters or digits"):
        change_tags(owner_membership, link, source="!!!")
    link.refresh_from_db()
    assert (link.utm_medium, link.utm_source) == ("organic", "mostra")
    assert not AuditEvent.objects.filter(action="update").exists()


def test_the_api_patches_the_tags_all_or_nothing(
    owner_membership, owner_client, teammate_client, outsider_client
):
    link = create_link(owner_membership, "https://fromagerie.example/", medium="organic")
    url = f"/api/workspaces/fromagerie/links/{link.pk}"
    patched = owner_client.patch(
        url, {"campaign": "Automne", "medium": "paid"}, content_type="application/json"
    )
    assert patched.status_code == 200, patched.content
    data = patched.json()
    assert (data["code"], data["utm_campaign"], data["utm_medium"]) == (
        link.code,
        "automne",
        "paid",
    )
    assert data["final_url"].endswith("utm_medium=paid_social&utm_campaign=automne")
    # A bad medium with a new target: nothing is kept.
    refused = owner_client.patch(
        url,
        {"target": "https://fromagerie.example/new", "medium": "telepathy"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "medium must be one of" in refused.content.decode()
    link.refresh_from_db()
    assert (link.target, link.utm_medium) == ("https://fromagerie.example/", "paid")
    assert (
        teammate_client.patch(url, {"content": "story"}, content_type="application/json").json()[
            "utm_content"
        ]
        == "story"
    )
    assert (
        outsider_client.patch(url, {"content": "x"}, content_type="application/json").status_code
        == 404
    )


def test_a_printed_support_makes_the_link_offline_unless_a_kind_is_picked(owner_client, workspace):
    builder = owner_client.get("/w/fromagerie/links/").content.decode()
    assert '<option value="" selected>Automatic: offline with a printed support' in builder
    preview = owner_client.get(
        "/w/fromagerie/links/preview/",
        {"target": "https://fromagerie.example/", "medium": "", "support": "flyer"},
    ).content.decode()
    assert "utm_source=flyer&amp;utm_medium=offline" in preview
    owner_client.post(
        "/w/fromagerie/links/create/",
        {"target": "https://fromagerie.example/", "medium": "", "support": "flyer"},
    )
    owner_client.post(
        "/w/fromagerie/links/create/",
        {"target": "https://fromagerie.example/", "medium": "email", "support": "card"},
    )
    owner_client.post("/w/fromagerie/links/create/", {"target": "https://fromagerie.example/"})
    assert sorted(
        TrackedLink.objects.filter(workspace=workspace).values_list("support", "utm_medium")
    ) == [("", "organic"), ("card", "email"), ("flyer", "offline")]


def test_the_command_line_makes_a_printed_link_offline_too(workspace):
    from click.testing import CliRunner

    from mostra.links.cli import link_group

    def create(*args: str) -> TrackedLink:
        done = CliRunner().invoke(
            link_group,
            ["create", "https://fromagerie.example/", "--workspace", "fromagerie", *args],
        )
        assert done.exit_code == 0, done.output
        return TrackedLink.objects.get(code=done.output.strip().rsplit("/", 1)[1])

    assert create("--support", "poster").utm_medium == "offline"
    assert create("--support", "card", "--medium", "email").utm_medium == "email"
    assert create().utm_medium == "organic"
