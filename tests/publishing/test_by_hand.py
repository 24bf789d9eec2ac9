"""Publishing by hand: an account with a responsible member, the worker's due state
(once), the page with what to copy, the post's address checked per network, marked
published or skipped, and the late ones reminded then escalated, each once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from mostra.core.models import AuditEvent, Membership, Role, User
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.publishing.loop import Loop
from mostra.publishing.models import Publication, PublicationState, SocialAccount
from mostra.publishing.services import by_hand
from mostra.publishing.services.health import health
from mostra.publishing.signals import manual_publication_due, publication_finished
from mostra.strategy import catalogue
from mostra.strategy.models import Platform
from tests.conftest import PASSWORD

S = PublicationState


@pytest.fixture
def platforms(workspace) -> None:
    for position, network in enumerate(("instagram", "linkedin", "x")):
        Platform.objects.create(workspace=workspace, network=network, position=position)


@pytest.fixture
def account(platforms, owner_membership, teammate) -> SocialAccount:
    return by_hand.add_account(owner_membership, "instagram", "@fromagerie.du.lac", teammate.email)


@pytest.fixture
def announced() -> Any:
    """The manual_publication_due signals sent (stage, recipients, publication id)."""
    sent: list[tuple[str, list[int], int]] = []

    def receive(sender: Any, publication: Publication, stage: str, recipients: list[int], **kw):
        sent.append((stage, list(recipients), publication.pk))

    manual_publication_due.connect(receive, dispatch_uid="test-by-hand")
    yield sent
    manual_publication_due.disconnect(dispatch_uid="test-by-hand")


@pytest.fixture
def finished() -> Any:
    sent: list[tuple[int, str]] = []

    def receive(sender: Any, publication: Publication, **kw):
        sent.append((publication.pk, publication.state))

    publication_finished.connect(receive, dispatch_uid="test-by-hand-finished")
    yield sent
    publication_finished.disconnect(dispatch_uid="test-by-hand-finished")


def scheduled_post(account: SocialAccount, author: User, due: dt.datetime, **variant: Any) -> Post:
    post = Post.objects.create(
        workspace=account.workspace,
        author=author,
        status=PostStatus.SCHEDULED,
        scheduled_at=due,
        title="Tomme",
    )
    PostVariant.objects.create(
        post=post, network=account.network, text=variant.get("text", "Nouvelle tomme 🧀")
    )
    return post


def plan(post: Post, due: dt.datetime) -> Publication:
    from mostra.publishing.services.publications import plan as plan_publications

    return plan_publications(post, due, due)[0]


# --- The account ---------------------------------------------------------------------


def test_an_owner_adds_an_account_published_by_hand(account, teammate, workspace):
    assert account.by_hand and account.responsible == teammate
    assert account.handle == "fromagerie.du.lac" and account.credentials is None
    event = AuditEvent.objects.get(object_type="socialaccount", object_id=str(account.pk))
    assert event.changes["responsible"] == teammate.email
    assert health(account).kind == "by_hand"


@pytest.mark.parametrize(
    ("network", "responsible", "field", "words"),
    [
        ("myspace", "bob@example.org", "network", "Unknown network"),
        ("tiktok", "bob@example.org", "network", "not one of the strategy's networks"),
        ("instagram", "charlie@example.org", "responsible", "not a member"),
        ("instagram", "", "responsible", "Choose who publishes"),
    ],
)
def test_bad_accounts_are_refused_with_what_to_do(
    platforms, owner_membership, network, responsible, field, words
):
    with pytest.raises(by_hand.DomainError) as refused:
        by_hand.add_account(owner_membership, network, "lac", responsible)
    assert refused.value.field == field and words in refused.value.message
    assert not SocialAccount.objects.exists()


def test_a_viewer_cannot_be_responsible(platforms, workspace, owner_membership):
    viewer = User.objects.create_user("vera@example.org", PASSWORD)
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    with pytest.raises(by_hand.DomainError, match="may not publish"):
        by_hand.add_account(owner_membership, "x", "lac", "vera@example.org")


def test_an_editor_cannot_add_one(platforms, teammate_membership):
    with pytest.raises(by_hand.DomainError, match="owners and managers"):
        by_hand.add_account(teammate_membership, "x", "lac", "bob@example.org")


def test_the_accounts_page_adds_one(platforms, owner_client, workspace, teammate):
    url = reverse("publishing:accounts", args=[workspace.slug])
    page = owner_client.get(url).content.decode()
    assert "Publish by hand (any network of the strategy)" in page
    assert '<option value="instagram">Instagram</option>' in page
    response = owner_client.post(
        reverse("publishing:account_by_hand", args=[workspace.slug]),
        {"network": "linkedin", "handle": "fromagerie", "responsible": teammate.email},
        follow=True,
    )
    page = response.content.decode()
    assert "LinkedIn account fromagerie added" in page
    assert "Published by hand by Bob Durand" in page
    assert SocialAccount.objects.get(network="linkedin").responsible == teammate


def test_the_accounts_page_refuses_bad_input_in_words(platforms, owner_client, workspace):
    response = owner_client.post(
        reverse("publishing:account_by_hand", args=[workspace.slug]),
        {"network": "tiktok", "handle": "", "responsible": "charlie@example.org"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose one of the strategy&#x27;s networks from the list." in page
    assert "Choose who publishes from the list" in page
    assert not SocialAccount.objects.exists()


def test_teammates_and_outsiders_cannot_add_one(
    platforms, teammate_client, outsider_client, workspace
):
    url = reverse("publishing:account_by_hand", args=[workspace.slug])
    data = {"network": "x", "handle": "lac", "responsible": "bob@example.org"}
    assert teammate_client.post(url, data).status_code == 404
    assert outsider_client.post(url, data).status_code == 404
    assert not SocialAccount.objects.exists()


# --- Due, by the real worker loop, once ----------------------------------------------


def test_planning_uses_it_and_the_worker_makes_it_due_once(
    account, owner, teammate, moment, announced, django_capture_on_commit_callbacks
):
    due = moment()
    post = scheduled_post(account, owner, due)
    publication = plan(post, due)
    assert publication.account == account and publication.state == S.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        Loop("w1").tick()
        Loop("w2").tick()
    publication.refresh_from_db()
    assert publication.state == S.MANUAL_DUE and publication.manual_stage == "due"
    assert publication.manual_since == due
    assert announced == [("due", [teammate.pk], publication.pk)]
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHING
    assert [row.outcome for row in publication.log.all()] == ["manual_due"]
    account.refresh_from_db()
    assert account.last_error == ""  # nothing was asked of the network (followers neither)


def test_due_for_lists_it_for_its_responsible(account, owner, teammate, moment):
    publication = plan(scheduled_post(account, owner, moment()), moment())
    Loop("w").tick()
    teammate_membership = Membership.objects.get(user=teammate)
    assert list(by_hand.due_for(teammate)) == [publication]
    assert list(by_hand.due_for(teammate_membership)) == [publication]
    assert list(by_hand.due_for(owner)) == []  # not escalated yet


# --- The page ------------------------------------------------------------------------


@pytest.fixture
def due_publication(account, owner, moment) -> Publication:
    post = scheduled_post(account, owner, moment())
    variant = post.variants.get()
    variant.first_comment = "#fromage #tomme"
    variant.save()
    publication = plan(post, moment())
    Loop("w").tick()
    publication.refresh_from_db()
    return publication


def test_the_page_gives_the_text_media_and_composer(due_publication, teammate_client, workspace):
    url = reverse("publishing:by_hand", args=[workspace.slug, due_publication.pk])
    page = teammate_client.get(url).content.decode()
    assert "Publish by hand on Instagram" in page
    assert '<textarea id="by-hand-text" readonly' in page and "Nouvelle tomme 🧀" in page
    assert 'data-copy="#by-hand-text"' in page and "#fromage #tomme" in page
    assert 'href="https://www.instagram.com/"' in page
    assert "No media: text only." in page
    assert "Mark published" in page and "Skip" in page
    assert "<script>" not in page  # the copy button is mostra/app.js's


def test_the_post_page_and_the_calendar_link_to_it(due_publication, owner_client, workspace):
    url = reverse("publishing:by_hand", args=[workspace.slug, due_publication.pk])
    post = due_publication.variant.post
    post_page = owner_client.get(reverse("editorial:post", args=[workspace.slug, post.pk]))
    assert url in post_page.content.decode()
    month = post.scheduled_at.strftime("%Y/%m")
    calendar = owner_client.get(f"/w/{workspace.slug}/calendar/{month}/", follow=True)
    text = calendar.content.decode()
    assert url in text and "To publish by hand" in text


def test_outsiders_do_not_see_the_page(due_publication, outsider_client, workspace):
    url = reverse("publishing:by_hand", args=[workspace.slug, due_publication.pk])
    assert outsider_client.get(url).status_code == 404
    published = reverse("publishing:by_hand_published", args=[workspace.slug, due_publication.pk])
    url_ok = "https://www.instagram.com/p/C8xYz12AbCd/"
    assert outsider_client.post(published, {"url": url_ok}).status_code == 404
    assert Publication.objects.get(pk=due_publication.pk).state == S.MANUAL_DUE


# --- The post's address --------------------------------------------------------------


@pytest.mark.parametrize(
    ("network", "url", "found"),
    [
        ("instagram", "https://www.instagram.com/p/C8xYz12AbCd/", "C8xYz12AbCd"),
        ("instagram", "https://instagram.com/reel/C8x-Yz_1/?igsh=abc", "C8x-Yz_1"),
        (
            "linkedin",
            "https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/",
            "urn:li:activity:7212345678901234567",
        ),
        (
            "linkedin",
            "https://www.linkedin.com/posts/lac_tomme-activity-7212345678901234567-AbCd?utm=x",
            "urn:li:activity:7212345678901234567",
        ),
        ("x", "https://x.com/fromagerie/status/1801234567890123456", "1801234567890123456"),
        (
            "x",
            "https://twitter.com/fromagerie/status/1801234567890123456?s=20",
            "1801234567890123456",
        ),
        ("facebook", "https://www.facebook.com/lac/posts/pfbid02Xy", "pfbid02Xy"),
        ("tiktok", "https://www.tiktok.com/@lac/video/7381234567890123456", "7381234567890123456"),
        ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", "dQw4w9WgXcQ"),
        ("threads", "https://www.threads.net/@lac/post/C8xYz12AbCd", "C8xYz12AbCd"),
        ("pinterest", "https://www.pinterest.fr/pin/123456789012345678/", "123456789012345678"),
    ],
)
def test_post_addresses_of_each_network_are_read(network, url, found):
    assert catalogue.post_url_id(network, url) == found


@pytest.mark.parametrize(
    ("network", "url"),
    [
        ("instagram", "https://www.instagram.com/fromagerie/"),
        ("instagram", "https://www.linkedin.com/feed/update/urn:li:activity:1/"),
        ("linkedin", "https://www.linkedin.com/in/alice"),
        ("x", "https://x.com/fromagerie"),
        ("x", "http://x.com/fromagerie/status/1"),
        ("facebook", "https://example.com/posts/1"),
        ("tiktok", "javascript:alert(1)"),
    ],
)
def test_other_addresses_are_refused_with_an_example(network, url):
    with pytest.raises(by_hand.DomainError) as refused:
        by_hand.check_url(network, url)
    assert catalogue.POST_URLS[network].example in refused.value.message


# --- Marked published, or skipped ----------------------------------------------------


def test_marking_it_published_syncs_the_post_and_the_calendar(
    due_publication,
    teammate_client,
    workspace,
    finished,
    owner_client,
    django_capture_on_commit_callbacks,
):
    url = reverse("publishing:by_hand_published", args=[workspace.slug, due_publication.pk])
    link = "https://www.instagram.com/p/C8xYz12AbCd/"
    with django_capture_on_commit_callbacks(execute=True):
        response = teammate_client.post(url, {"url": link}, follow=True)
    assert "The Instagram publication is marked as published." in response.content.decode()
    publication = Publication.objects.get(pk=due_publication.pk)
    assert publication.state == S.PUBLISHED and publication.remote_url == link
    assert publication.remote_id == "C8xYz12AbCd" and publication.published_at is not None
    post = publication.variant.post
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert finished == [(publication.pk, S.PUBLISHED)]
    event = AuditEvent.objects.filter(action="publication", object_id=str(post.pk)).get()
    assert event.changes["link"] == link and event.actor.email == "bob@example.org"
    month = post.scheduled_at.strftime("%Y/%m")
    calendar = owner_client.get(f"/w/{workspace.slug}/calendar/{month}/", follow=True)
    assert f'id="post-{post.pk}"' in calendar.content.decode()
    assert "status-published" in calendar.content.decode()


def test_a_wrong_address_comes_back_with_an_example(due_publication, teammate_client, workspace):
    url = reverse("publishing:by_hand_published", args=[workspace.slug, due_publication.pk])
    response = teammate_client.post(url, {"url": "https://x.com/fromagerie/status/1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This is not the address of a Instagram post" in page or "Instagram post" in page
    assert "https://www.instagram.com/p/C8xYz12AbCd/" in page
    assert Publication.objects.get(pk=due_publication.pk).state == S.MANUAL_DUE


def test_skipping_needs_a_reason(due_publication, teammate_client, workspace, finished):
    url = reverse("publishing:by_hand_skip", args=[workspace.slug, due_publication.pk])
    assert teammate_client.post(url, {"reason": "  "}).status_code == 400
    response = teammate_client.post(url, {"reason": "Account suspended"}, follow=True)
    assert "The Instagram publication is skipped." in response.content.decode()
    publication = Publication.objects.get(pk=due_publication.pk)
    assert publication.state == S.SKIPPED and publication.error_message == "Account suspended"
    post = publication.variant.post
    post.refresh_from_db()
    assert post.status == PostStatus.CANCELLED  # its only network skipped
    assert finished == []


def test_a_viewer_reads_the_page_but_cannot_act(due_publication, workspace):
    from tests.conftest import client_for

    viewer = User.objects.create_user("vera@example.org", PASSWORD)
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    client = client_for(viewer)
    page = client.get(reverse("publishing:by_hand", args=[workspace.slug, due_publication.pk]))
    assert "Your role does not allow publishing" in page.content.decode()
    url = reverse("publishing:by_hand_skip", args=[workspace.slug, due_publication.pk])
    assert client.post(url, {"reason": "no"}).status_code == 404


# --- Late: reminded, then escalated, each once --------------------------------------


def test_late_ones_are_reminded_then_escalated_once_each(
    due_publication, announced, owner, teammate, workspace, django_capture_on_commit_callbacks
):
    workspace.by_hand_reminder_hours, workspace.by_hand_escalation_hours = 3, 10
    workspace.save()
    announced.clear()
    since = due_publication.manual_since

    def run(hours: float) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return by_hand.escalate_due(since + dt.timedelta(hours=hours))

    assert run(2.99) == 0
    assert run(3) == 1
    assert run(4) == 0
    assert announced == [("reminder", [teammate.pk], due_publication.pk)]
    assert list(by_hand.due_for(owner)) == []
    assert run(10) == 1
    assert run(30) == 0
    assert announced[1] == ("escalated", [teammate.pk, owner.pk], due_publication.pk)
    assert len(announced) == 2
    assert list(by_hand.due_for(owner)) == [due_publication]


def test_the_side_work_runs_the_escalation(
    due_publication, announced, moment, django_capture_on_commit_callbacks
):
    announced.clear()
    moment.advance(hours=25)
    with django_capture_on_commit_callbacks(execute=True):
        Loop("w").tick()
    assert [stage for stage, _r, _p in announced] == ["reminder", "escalated"]


def test_the_settings_form_sets_the_delays(owner_client, workspace):
    url = reverse("core:settings", args=[workspace.slug])
    data = {
        "name": workspace.name,
        "description": "",
        "country": "FR",
        "timezone": "Europe/Paris",
        "by_hand_reminder_hours": "4",
        "by_hand_escalation_hours": "2",
    }
    response = owner_client.post(url, data)
    assert response.status_code == 200
    assert "Tell the managers after more hours than the reminder (4)" in response.content.decode()
    data["by_hand_escalation_hours"] = "48"
    assert owner_client.post(url, data).status_code == 302
    workspace.refresh_from_db()
    assert (workspace.by_hand_reminder_hours, workspace.by_hand_escalation_hours) == (4, 48)
