"""The audit log writes every recorded value in words: a charter's formats per content
type (a dict, shown as Python's {'video': [...]} before) and the sign-in limits reached
(their codes, and two limits read as "account → address" before)."""

from __future__ import annotations

from django.utils import translation

from mostra.charter.services import save_charter
from mostra.core.templatetags.audit_format import change_line
from tests.core.pending_french import pending


def test_the_formats_a_charter_favours_read_as_words(workspace, owner_client, owner_membership):
    save_charter(
        owner_membership,
        {"tone": "Chaleureux", "favoured_formats": {"video": ["reel", "short"]}},
        {},
    )
    page = owner_client.get(f"/w/{workspace.slug}/audit/").content.decode()
    assert "{&#x27;video&#x27;" not in page and "[&#x27;reel" not in page
    assert "<b>formats to favour</b>: — → Video: Reel / short video, Short" in page


def test_the_limits_of_a_lock_out_read_as_words(db):
    assert str(change_line("limits", ["account", "password-reset"])) == (
        "<b>limits reached</b>: wrong passwords for this account, from this address; "
        "password reset links asked"
    )
    with pending("h15-basics-polish"), translation.override("fr"):
        assert str(change_line("limits", ["address"])) == (
            "<b>limites atteintes</b>\u00a0: mots de passe erronés depuis cette adresse"
        )
