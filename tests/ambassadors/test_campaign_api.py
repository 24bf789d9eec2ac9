"""The programme campaigns' API: Alice (owner) and Bob (editor) create, change and send
a brief with its kit and members; Charlie (outsider) gets 404. Refusals answer 422
saying what to do, nothing written."""

from __future__ import annotations

import pytest
from django.core import mail

from mostra.ambassadors.models import Collaboration, InfluenceCampaign, KitInvite
from mostra.core.models import ApiToken
from tests.ambassadors.campaign_helpers import member
from tests.api.conftest import Api, token_client

pytestmark = pytest.mark.django_db
BASE = "/workspaces/fromagerie/ambassador-campaigns"


@pytest.fixture
def api(owner, teammate, outsider, workspace):
    def make(user) -> Api:
        return Api(token_client(ApiToken.issue(user, "script")[1]))

    return {"owner": make(owner), "teammate": make(teammate), "outsider": make(outsider)}


def _body(workspace) -> dict:
    lea = member(workspace, "Léa", email="lea@example.org", paid="paid")
    return {
        "name": "Fête du vélo",
        "start": "2026-06-01",
        "end": "2026-06-30",
        "networks": ["bluesky"],
        "key_messages": "On répare ensemble.",
        "hashtags": ["#velo"],
        "link": "https://atelier.example/fete",
        "kit": [{"network": "bluesky", "text": "La fête du vélo, c'est samedi : {link}"}],
        "collaborations": [{"member_id": lea.pk, "fee": "150.00", "contract_reference": "C-12"}],
    }


def test_owner_creates_reads_changes_and_sends(api, workspace, settings):
    settings.EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    created = api["owner"].post(BASE, _body(workspace))
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["kit"][0]["text"].endswith("{link}")
    (row,) = data["collaborations"]
    assert row["member"] == "Léa" and row["fee"] == "150.00" and row["compensation"] == "paid"
    assert "/l/" in row["tracked_link"] and "/share/" in row["private_url"]
    assert row["disclosure"] == ["Collaboration commerciale"]
    pk = data["id"]
    assert api["owner"].get(f"{BASE}/{pk}").json()["name"] == "Fête du vélo"
    changed = api["teammate"].patch(f"{BASE}/{pk}", {"dont_say": "Pas de prix."})
    assert changed.status_code == 200, changed.content
    assert changed.json()["dont_say"] == "Pas de prix."
    assert changed.json()["key_messages"] == "On répare ensemble."
    assert changed.json()["collaborations"][0]["tracked_link"] == row["tracked_link"]
    sent = api["teammate"].post(f"{BASE}/{pk}/send")
    assert sent.status_code == 200, sent.content
    assert sent.json() == {"emailed": ["Léa"], "without_email": [], "failed": []}
    assert len(mail.outbox) == 1
    api["owner"].post(f"{BASE}/{pk}/send")
    assert KitInvite.objects.count() == 1
    (listed,) = api["teammate"].get(BASE).json()
    assert listed["collaborations"][0]["sent_at"] is not None


def test_refusals_say_what_to_do_and_write_nothing(api, workspace):
    body = _body(workspace)
    bad_kit = api["owner"].post(BASE, {**body, "kit": [{"network": "myspace", "text": "x"}]})
    assert bad_kit.status_code == 422
    assert "not a network mostra knows" in bad_kit.json()["detail"][0]["msg"]
    bad_fee = api["owner"].post(
        BASE, {**body, "collaborations": [{"member_id": 1, "fee": "beaucoup"}]}
    )
    assert bad_fee.status_code == 422
    assert "150.00" in bad_fee.json()["detail"][0]["msg"]
    assert not InfluenceCampaign.objects.exists() and not Collaboration.objects.exists()
    created = api["owner"].post(BASE, body).json()
    unsent = api["owner"].post(f"{BASE}/{created['id']}/send")
    assert unsent.status_code == 422
    assert "E-mail is not configured" in unsent.json()["detail"][0]["msg"]


def test_outsider_gets_404_and_changes_nothing(api, workspace):
    created = api["owner"].post(BASE, _body(workspace)).json()
    pk = created["id"]
    outsider = api["outsider"]
    assert outsider.get(BASE).status_code == 404
    assert outsider.get(f"{BASE}/{pk}").status_code == 404
    assert outsider.patch(f"{BASE}/{pk}", {"name": "Pris"}).status_code == 404
    assert outsider.post(f"{BASE}/{pk}/send").status_code == 404
    assert (
        outsider.post(BASE, {"name": "X", "start": "2026-01-01", "end": "2026-01-02"}).status_code
        == 404
    )
    assert InfluenceCampaign.objects.get().name == "Fête du vélo"


def test_another_workspaces_campaign_is_not_found(api, workspace, outsider):
    from mostra.core.models import Membership

    other = Membership.objects.get(workspace__slug="other-brand", user=outsider)
    theirs = InfluenceCampaign.objects.create(
        workspace=other.workspace, name="Voisin", start="2026-01-01", end="2026-01-31"
    )
    assert api["owner"].get(f"{BASE}/{theirs.pk}").status_code == 404
    assert api["owner"].patch(f"{BASE}/{theirs.pk}", {"name": "x"}).status_code == 404


def test_the_list_reads_in_the_same_queries_whatever_the_number(
    api, owner_membership, workspace, django_assert_max_num_queries
):
    from tests.ambassadors.campaign_helpers import campaign, with_members

    first = campaign(owner_membership, "Un")
    with_members(owner_membership, first)
    api["owner"].get(BASE)
    with django_assert_max_num_queries(12):
        assert len(api["owner"].get(BASE).json()) == 1
    for name in ("Deux", "Trois", "Quatre"):
        campaign(owner_membership, name)
    with django_assert_max_num_queries(12):
        assert len(api["owner"].get(BASE).json()) == 4
