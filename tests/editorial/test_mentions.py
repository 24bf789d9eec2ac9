"""Mentions in comments: who ``@name`` names, and the signal the comment sends."""

from __future__ import annotations

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import Membership, Role, User
from mostra.editorial import mentions
from mostra.editorial.models import PostComment
from mostra.editorial.services import posts as service
from mostra.editorial.signals import comment_posted
from tests.conftest import PASSWORD


@pytest.fixture
def helene(workspace) -> Membership:
    user = User.objects.create_user(
        "helene.dupre@example.org", PASSWORD, display_name="Hélène Dupré"
    )
    return Membership.objects.create(workspace=workspace, user=user, role=Role.CONTRIBUTOR)


@pytest.fixture
def sent():
    """The comment_posted signals sent during the test, as (comment, mentioned)."""
    received: list[tuple[PostComment, list[int]]] = []

    def receiver(sender, comment, mentioned, **kwargs):
        received.append((comment, mentioned))

    comment_posted.connect(receiver)
    yield received
    comment_posted.disconnect(receiver)


@pytest.mark.parametrize(
    "text",
    [
        "@Bob Durand can you check?",
        "@bob durand",
        "@BOB_DURAND",
        "@bob, the photo",
        "(@Bob)",
    ],
)
def test_a_member_is_mentioned_by_name_or_address(workspace, teammate, text):
    assert mentions.mentioned_members(workspace, text) == [teammate.pk]


def test_accents_and_case_do_not_matter(workspace, helene):
    assert mentions.mentioned_members(workspace, "@helene dupre ok") == [helene.user_id]
    assert mentions.mentioned_members(workspace, "@HÉLÈNE.DUPRE.") == [helene.user_id]


@pytest.mark.parametrize(
    "text",
    ["write to bob@example.org", "@bobby", "no mention", "@", "@charlie", "@Charlie Roux"],
)
def test_what_is_not_a_mention(workspace, text):
    """An address is not a mention; nor a longer word; nor a member of another workspace."""
    assert mentions.mentioned_members(workspace, text) == []


def test_each_member_once_in_order(workspace, owner, teammate):
    text = "@bob then @alice, and @Bob Durand again"
    assert mentions.mentioned_members(workspace, text) == [teammate.pk, owner.pk]


def test_render_escapes_and_highlights(workspace, teammate):
    html = mentions.render(mentions.people(workspace), "<b>hi</b> @bob\nbye")
    assert "&lt;b&gt;hi&lt;/b&gt;" in html
    assert f'<strong class="mention" data-user="{teammate.pk}"' in html
    assert ">@bob</strong><br>bye" in html


@pytest.mark.django_db(transaction=True)
def test_comment_sends_the_signal_with_the_mentioned_members(
    owner_membership, teammate, outsider, make_post, sent
):
    """The author and outsiders are never in ``mentioned``; the signal waits for the commit."""
    post = make_post()
    comment = service.add_comment(
        owner_membership, post, "@bob please look, @alice here, cc @charlie"
    )
    assert len(sent) == 1
    assert sent[0][0] == comment
    assert sent[0][1] == [teammate.pk]
    assert outsider.pk not in sent[0][1]


def test_signal_only_after_commit(
    owner_membership, make_post, sent, django_capture_on_commit_callbacks
):
    post = make_post()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        service.add_comment(owner_membership, post, "@bob")
    assert sent == []
    assert len(callbacks) == 1


def test_refused_comment_sends_nothing(owner_membership, make_post, sent):
    post = make_post()
    with pytest.raises(DomainError):
        service.add_comment(owner_membership, post, "   ")
    with pytest.raises(DomainError) as refused:
        service.add_comment(owner_membership, post, "x" * (service.COMMENT_MAX + 1))
    assert "5000" in refused.value.message
    assert sent == []
    assert PostComment.objects.count() == 0
