"""The audit log names the editorial changes in words, in French and in English."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from mostra.core import audit
from mostra.core.models import AuditAction
from mostra.editorial.models import CalendarEvent, PostStatus
from mostra.editorial.services.reschedule import reschedule


def test_a_move_and_a_submission_read_in_words(owner_client, owner_membership, make_post):
    post = make_post(when=dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC))
    reschedule(post, owner_membership, dt.date(2030, 3, 6), dt.time(10, 30))
    audit.record(
        AuditAction.UPDATE,
        actor=owner_membership.user,
        workspace=owner_membership.workspace,
        obj=post,
        changes={
            "status": [PostStatus.DRAFT, PostStatus.IN_REVIEW],
            "transition": "submit",
            "version": 1,
        },
    )
    url = reverse("core:audit", args=[owner_membership.workspace.slug])
    page = owner_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<b>date and time</b>: 03/04/2030 10 a.m. → 03/06/2030 10:30 a.m." in page
    assert "<b>status</b>: Draft → In review" in page
    assert "<b>action</b>: Submit for approval" in page
    owner_client.cookies["mostra_language"] = "fr"
    page = owner_client.get(url).content.decode()
    assert "<b>date et heure</b>\xa0: 04/03/2030 10:00 → 06/03/2030 10:30" in page
    assert "<b>statut</b>\xa0: Brouillon → En validation" in page
    assert "<b>action</b>\xa0: Soumettre à validation" in page


def test_an_event_reads_in_words(owner_client, owner_membership):
    event = CalendarEvent.objects.create(
        workspace=owner_membership.workspace, title="Salon", starts_on=dt.date(2030, 5, 2)
    )
    audit.record(
        AuditAction.UPDATE,
        actor=owner_membership.user,
        workspace=owner_membership.workspace,
        obj=event,
        changes={"kind": ["other", "trade_fair"], "starts_on": ["2030-05-02", "2030-05-03"]},
    )
    page = owner_client.get(
        reverse("core:audit", args=[owner_membership.workspace.slug]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<b>kind</b>: Other → Trade fair" in page
    assert "<b>first day</b>: 05/02/2030 → 05/03/2030" in page
