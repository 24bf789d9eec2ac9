"""mostra post create: a draft, submitted or scheduled, the charter's refusals, images.

Alice owns the Fromagerie (the actor by default), Bob is an editor; the Facebook page
is a connected account (the fake network's connect()).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from mostra.cli import mostra
from mostra.core.models import AuditEvent
from mostra.editorial.models import Post, PostMedia, PostStatus
from mostra.publishing.models import AccountStatus, Publication, PublicationState
from tests.editorial.test_media import png
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import soon
from tests.publishing.fake_network import connect

P = PostStatus


@pytest.fixture
def page(workspace):
    return connect(workspace, "facebook", "fromagerie-page")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(mostra, ["post", "create", "--workspace", "fromagerie", *args])


def create(tactic, *args: str):  # noqa: ANN201
    return run("--account", "fromagerie-page", "--tactic", str(tactic.pk), *args)


def test_without_a_date_it_is_a_draft_and_prints_its_id(tactic, page, owner):
    result = create(tactic, "--text", "Nouvelle tomme en cave 🧀")
    assert result.exit_code == 0, result.output
    post = Post.objects.get()
    assert result.stdout.strip() == str(post.pk)
    assert (post.status, post.author, post.tactic, post.scheduled_at) == (
        P.DRAFT,
        owner,
        tactic,
        None,
    )
    assert [(v.network, v.text) for v in post.variants.all()] == [
        ("facebook", "Nouvelle tomme en cave 🧀")
    ]
    assert AuditEvent.objects.filter(object_type="post", action="create").count() == 1


def test_no_approval_needed_schedules_it_with_its_publication(tactic, page, set_policy):
    set_policy("none")
    when = soon()
    result = create(tactic, "--text", "Tomme", "--at", when.isoformat())
    assert result.exit_code == 0, result.output
    post = Post.objects.get(pk=int(result.stdout))
    assert (post.status, post.scheduled_at) == (P.SCHEDULED, when)
    publication = Publication.objects.get(variant__post=post)
    assert (publication.account, publication.state, publication.due_at) == (
        page,
        PublicationState.PENDING,
        when,
    )


def test_one_approval_needed_submits_it(tactic, page, set_policy, bob_approver):
    set_policy("one")
    result = create(tactic, "--text", "Tomme", "--at", soon().isoformat())
    assert result.exit_code == 0, result.output
    assert Post.objects.get().status == P.IN_REVIEW
    assert not Publication.objects.exists()


def test_a_naive_time_is_read_in_the_workspace_zone(tactic, page):
    result = create(tactic, "--text", "Tomme", "--at", "2027-01-15T09:30")
    assert result.exit_code == 0, result.output
    # Europe/Paris in winter is UTC+1.
    assert Post.objects.get().scheduled_at == dt.datetime(2027, 1, 15, 8, 30, tzinfo=dt.UTC)


def test_a_time_the_clocks_skip_is_refused(tactic, page):
    result = create(tactic, "--text", "Tomme", "--at", "2027-03-28T02:30")
    assert result.exit_code == 2
    assert "does not exist" in result.output and "03:30" in result.output
    assert not Post.objects.exists()


def test_a_charter_error_exits_1_and_creates_nothing(tactic, page, set_policy):
    set_policy("none")
    result = create(tactic, "--text", "Un\n---\nDeux", "--at", soon().isoformat())
    assert result.exit_code == 1
    assert "thread_not_supported" in result.output and "Facebook has no threads" in result.output
    assert not Post.objects.exists() and not Publication.objects.exists()


def test_an_unknown_account_exits_2_listing_the_accounts(tactic, page, workspace):
    connect(workspace, "mastodon", "fromagerie@piaille.fr")
    gone = connect(workspace, "bluesky", "old.bsky.social")
    gone.status = AccountStatus.DISCONNECTED
    gone.save()
    result = run("--account", "nobody", "--tactic", str(tactic.pk), "--text", "Tomme")
    assert result.exit_code == 2
    assert "nobody" in result.output
    assert "fromagerie-page (facebook), fromagerie@piaille.fr (mastodon)" in result.output
    assert "old.bsky.social" not in result.output
    assert not Post.objects.exists()


def test_an_account_of_another_workspace_is_unknown(tactic, page, outsider):
    from mostra.core.models import Workspace

    connect(Workspace.objects.get(slug="other-brand"), "x", "other")
    result = run("--account", "other", "--tactic", str(tactic.pk), "--text", "Tomme")
    assert result.exit_code == 2 and not Post.objects.exists()


def test_several_tactics_need_tactic(strategy, page):
    result = run("--account", "fromagerie-page", "--text", "Tomme")
    assert result.exit_code == 2
    assert "--tactic" in result.output and not Post.objects.exists()


def test_a_member_acts_with_as(tactic, page, teammate):
    result = create(tactic, "--text", "Tomme", "--as", "bob@example.org")
    assert result.exit_code == 0, result.output
    assert Post.objects.get().author == teammate
    refused = create(tactic, "--text", "Tomme", "--as", "charlie@example.org")
    assert refused.exit_code == 2 and "not a member" in refused.output


def test_an_image_with_its_alt_text_is_stored(tactic, page, tmp_path, media_root):
    image = tmp_path / "tomme.png"
    image.write_bytes(png(80, 60))
    result = create(
        tactic, "--text", "Tomme", "--image", str(image), "--alt", "Une tomme sur une planche"
    )
    assert result.exit_code == 0, result.output
    item = PostMedia.objects.get()
    assert (item.variant.network, item.alt_text, item.width, item.height) == (
        "facebook",
        "Une tomme sur une planche",
        80,
        60,
    )
    assert (media_root / item.file.name).is_file()


def test_a_refused_post_leaves_no_file(tactic, page, tmp_path, media_root, set_policy):
    set_policy("none")
    image = tmp_path / "tomme.png"
    image.write_bytes(png(80, 60))
    result = create(
        tactic, "--text", "A\n---\nB", "--at", soon().isoformat(), "--image", str(image)
    )
    assert result.exit_code == 1
    assert not PostMedia.objects.exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


def test_a_file_that_is_not_an_image_is_refused(tactic, page, tmp_path):
    fake = tmp_path / "tomme.png"
    fake.write_text("not an image")
    result = create(tactic, "--text", "Tomme", "--image", str(fake))
    assert result.exit_code == 2 and not Post.objects.exists()


def test_the_readiness_gate_refuses_a_first_post_and_creates_nothing(tactic, workspace, set_policy):
    set_policy("none")
    connect(workspace, "mastodon", "fromagerie@piaille.fr")
    result = run(
        *("--account", "fromagerie@piaille.fr", "--tactic", str(tactic.pk)),
        *("--text", "Tomme", "--at", soon().isoformat()),
    )
    assert result.exit_code == 2
    assert "first post on Mastodon" in result.output
    assert not Post.objects.exists() and not Publication.objects.exists()


def test_a_second_account_on_the_network_is_refused(tactic, page, workspace):
    connect(workspace, "facebook", "second-page")
    result = run("--account", "second-page", "--tactic", str(tactic.pk), "--text", "Tomme")
    assert result.exit_code == 2
    assert "--account fromagerie-page" in result.output and not Post.objects.exists()


def test_a_past_date_is_refused(tactic, page):
    result = create(tactic, "--text", "Tomme", "--at", "2020-01-01T10:00+01:00")
    assert result.exit_code == 2 and "past" in result.output
    assert not Post.objects.exists()


def test_not_a_date_is_refused(tactic, page):
    result = create(tactic, "--text", "Tomme", "--at", "tomorrow")
    assert result.exit_code == 2 and "ISO 8601" in result.output
