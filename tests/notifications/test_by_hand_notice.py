"""A publication due by hand tells its person what to copy and where to go: the e-mail
quotes the text and leads to the Publish by hand page, not only to the post."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from mostra.notifications.models import Kind, Notification
from mostra.notifications.services.emails import send_now
from mostra.notifications.texts import path, quote
from mostra.publishing.signals import manual_publication_due

pytestmark = pytest.mark.django_db


def test_the_notice_quotes_the_text_and_leads_to_the_by_hand_page(
    settings, make_publication, moment, teammate, workspace
):
    settings.EMAIL_ENABLED = True
    publication = make_publication(due=moment(), text="Nouvelle tomme 🧀\nSamedi au marché.")
    manual_publication_due.send(
        None, publication=publication, stage="due", recipients=[teammate.pk]
    )
    n = Notification.objects.get(kind=Kind.MANUAL_PUBLICATION_DUE)
    page = reverse("publishing:by_hand", args=[workspace.slug, publication.pk])
    assert path(n) == page
    assert quote(n) == "Nouvelle tomme 🧀\nSamedi au marché."

    assert send_now([n.pk]) == 1
    [sent] = mail.outbox
    assert sent.to == [teammate.email]
    assert "Nouvelle tomme 🧀" in sent.body and "Samedi au marché." in sent.body
    assert page in sent.body


def test_other_notices_of_a_post_still_lead_to_the_post(
    make_publication, moment, teammate, workspace
):
    publication = make_publication(due=moment())
    n = Notification.objects.create(
        workspace=workspace,
        recipient=teammate,
        kind=Kind.POST_PUBLISHED,
        post=publication.variant.post,
        publication=publication,
    )
    assert path(n) == reverse("editorial:post", args=[workspace.slug, publication.variant.post_id])
