"""Personal API tokens and the session, and the published description of the API."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils.crypto import get_random_string

from mostra.core.models import ApiToken, Workspace
from tests.api.conftest import Api, token_client


def test_a_token_authenticates_its_owner(alice, owner):
    response = alice.get("/me")
    assert response.status_code == 200
    assert response.json() == {
        "id": owner.pk,
        "email": "alice@example.org",
        "name": "Alice Martin",
        "display_name": "Alice Martin",
        "language": "",
    }


def test_the_session_authenticates_too(api_as):
    response = api_as("teammate", "session").get("/me")
    assert response.status_code == 200
    assert response.json()["email"] == "bob@example.org"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer mostra_this-token-was-never-issued",
        "Bearer not-even-a-mostra-token",
        "Bearer ",
    ],
)
def test_an_unknown_token_is_refused(workspace, header):
    response = Client(headers={"Authorization": header}).get("/api/me")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused(owner, tokens):
    ApiToken.objects.filter(user=owner).delete()  # revoking deletes the token
    response = token_client(tokens["owner"]).get("/api/me")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_the_token_of_a_deactivated_user_is_refused(owner, tokens):
    owner.is_active = False
    owner.save()
    assert token_client(tokens["owner"]).get("/api/me").status_code == 401


def test_a_bad_token_does_not_fall_back_to_the_session(owner, workspace):
    client = Client(headers={"Authorization": "Bearer mostra_forged"})
    client.force_login(owner)
    assert client.get("/api/me").status_code == 401


def test_last_used_is_recorded_at_most_once_a_minute(owner, tokens):
    token = ApiToken.objects.get(user=owner)
    assert token.last_used_at is None
    client = token_client(tokens["owner"])
    start = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        client.get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at == start
    later = start + dt.timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        client.get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at == later


def test_a_token_call_costs_one_query_to_authenticate(alice, django_assert_num_queries):
    alice.get("/me")  # records last_used_at
    with django_assert_num_queries(1):
        assert alice.get("/me").status_code == 200


def _csrf_client(owner) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    return client


def test_a_session_post_without_the_csrf_token_is_refused(owner, workspace):
    client = _csrf_client(owner)
    response = client.post(
        "/api/workspaces", data={"name": "Sneaky"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Workspace.objects.filter(name="Sneaky").exists()
    # Reading needs no CSRF token.
    assert client.get("/api/workspaces").status_code == 200


def test_a_session_post_with_the_csrf_token_is_accepted(owner, workspace):
    client = _csrf_client(owner)
    secret = get_random_string(32)
    client.cookies["csrftoken"] = secret
    response = client.post(
        "/api/workspaces",
        data={"name": "Open brand"},
        content_type="application/json",
        headers={"X-CSRFToken": secret},
    )
    assert response.status_code == 201
    assert Workspace.objects.filter(name="Open brand").exists()


def test_a_token_needs_no_csrf_token(tokens):
    client = Client(
        enforce_csrf_checks=True, headers={"Authorization": f"Bearer {tokens['owner']}"}
    )
    response = Api(client).post("/workspaces", {"name": "Scripted"})
    assert response.status_code == 201


def test_an_anonymous_post_gets_401_not_a_csrf_error(workspace):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/workspaces", data={"name": "x"}, content_type="application/json")
    assert response.status_code == 401


EXPECTED_PATHS = {
    "/api/workspaces/{slug}/accounts/by-hand": {"post"},
    "/api/workspaces/{slug}/posts/{pk}/publications": {"get"},
    "/api/workspaces/{slug}/publications/{pk}/published": {"post"},
    "/api/workspaces/{slug}/publications/{pk}/skip": {"post"},
    "/api/workspaces/{slug}/kpis": {"get"},
    "/api/workspaces/{slug}/kpis/programme": {"get"},
    "/api/workspaces/{slug}/reports/commentary": {"get", "put", "delete"},
    "/api/workspaces/{slug}/tracked-accounts": {"get"},
    "/api/workspaces/{slug}/tracked-accounts/{account_id}": {"delete"},
    "/api/workspaces/{slug}/listening/sources": {"get", "post"},
    "/api/workspaces/{slug}/ambassador-posts": {"get", "post"},
    "/api/workspaces/{slug}/ambassador-posts/{post_id}": {"get"},
    "/api/workspaces/{slug}/ambassador-posts/check": {"post"},
    "/api/workspaces/{slug}/links": {"get", "post"},
    "/api/workspaces/{slug}/links/{link_id}": {"patch"},
    "/api/workspaces/{slug}/links/{link_id}/disable": {"post"},
    "/api/workspaces/{slug}/links/clicks": {"get"},
    "/api/workspaces/{slug}/links/posts/{post_id}/tag": {"post"},
    "/api/workspaces/{slug}/links/{link_id}/qr": {"post"},
    "/api/workspaces/{slug}/accounts/{account_id}/qr": {"post"},
    "/api/workspaces/{slug}/tools": {"get", "post"},
    "/api/workspaces/{slug}/tools/{tool_id}": {"patch", "delete"},
    "/api/workspaces/{slug}/campaigns": {"get", "post"},
    "/api/workspaces/{slug}/campaigns/{campaign_id}": {"put", "delete"},
    "/api/workspaces/{slug}/campaigns/import": {"post"},
    "/api/workspaces/{slug}/ambassador-campaigns": {"get", "post"},
    "/api/workspaces/{slug}/ambassador-campaigns/{campaign_id}": {"get", "patch"},
    "/api/workspaces/{slug}/ambassador-campaigns/{campaign_id}/send": {"post"},
    "/api/workspaces/{slug}/ambassadors": {"get", "post"},
    "/api/workspaces/{slug}/ambassadors/{pk}": {"get", "patch", "delete"},
    "/api/workspaces/{slug}/ambassadors/{pk}/export": {"get"},
    "/api/workspaces/{slug}/ambassadors/{pk}/accounts": {"post"},
    "/api/workspaces/{slug}/ambassadors/{pk}/accounts/{account_pk}": {"delete"},
    "/api/workspaces/{slug}/listening/sources/{source_id}": {"patch", "delete"},
    "/api/workspaces/{slug}/listening/sources/{source_id}/poll": {"post"},
    "/api/workspaces/{slug}/listening/queries": {"get", "post"},
    "/api/workspaces/{slug}/listening/queries/{query_id}": {"patch", "delete"},
    "/api/workspaces/{slug}/listening/mentions": {"get"},
    "/api/workspaces/{slug}/listening/mentions/{mention_id}": {"patch"},
    "/api/workspaces/{slug}/listening/mentions/{mention_id}/reply": {"post"},
    "/api/workspaces/{slug}/listening/mentions/{mention_id}/replies": {"get"},
    "/api/workspaces/{slug}/incidents": {"get"},
    "/api/workspaces/{slug}/incidents/{incident_id}": {"get"},
    "/api/workspaces/{slug}/incidents/{incident_id}/acknowledge": {"post"},
    "/api/workspaces/{slug}/incidents/{incident_id}/notes": {"post"},
    "/api/workspaces/{slug}/incidents/{incident_id}/close": {"post"},
    "/api/workspaces/{slug}/publishing/pause": {"post"},
    "/api/workspaces/{slug}/publishing/resume": {"post"},
    "/api/workspaces/{slug}/kpi-values": {"get"},
    "/api/workspaces/{slug}/their-pages": {"get"},
    "/api/workspaces/{slug}/listening-kpis": {"get"},
    "/api/workspaces/{slug}/kpis/{code}/values": {"get", "post"},
    "/api/workspaces/{slug}/kpis/{code}/values/{value_id}": {"put", "delete"},
    "/api/workspaces/{slug}/kpis/{code}/values/import": {"post"},
    "/api/workspaces/{slug}/conversions": {"get"},
    "/api/workspaces/{slug}/conversions/import": {"post"},
    "/api/workspaces/{slug}/conversions/goals": {"get", "post"},
    "/api/workspaces/{slug}/strategy/objectives/{key}/funnel": {"get"},
    "/api/workspaces/{slug}/objectives/progress": {"get"},
    "/api/me": {"get"},
    "/api/workspaces": {"get", "post"},
    "/api/workspaces/{slug}": {"get", "patch", "delete"},
    "/api/workspaces/{slug}/archive": {"post"},
    "/api/workspaces/{slug}/restore": {"post"},
    "/api/workspaces/{slug}/members": {"get"},
    "/api/workspaces/{slug}/members/{member_id}": {"patch", "delete"},
    "/api/workspaces/{slug}/invitations": {"get", "post"},
    "/api/workspaces/{slug}/organisation": {"get"},
    "/api/workspaces/{slug}/organisation/raci": {"get", "put"},
    "/api/workspaces/{slug}/crisis-levels": {"get"},
    "/api/workspaces/{slug}/crisis-levels/{level_id}": {"put"},
    "/api/workspaces/{slug}/audit": {"get"},
    "/api/workspaces/{slug}/notifications": {"get"},
    "/api/workspaces/{slug}/notifications/read": {"post"},
    "/api/workspaces/{slug}/notifications/read-all": {"post"},
    "/api/workspaces/{slug}/strategy": {"get"},
    "/api/workspaces/{slug}/strategy/mission": {"get", "put"},
    "/api/workspaces/{slug}/strategy/mission-networks": {"get"},
    "/api/workspaces/{slug}/strategy/mission-networks/{network}": {"get", "put", "delete"},
    "/api/workspaces/{slug}/strategy/targets": {"get", "post"},
    "/api/workspaces/{slug}/strategy/targets/{key}": {"get", "put", "delete"},
    "/api/workspaces/{slug}/strategy/target-ranking": {"put"},
    "/api/workspaces/{slug}/strategy/platforms": {"get", "post"},
    "/api/workspaces/{slug}/strategy/platforms/{network}": {"get", "put", "delete"},
    "/api/workspaces/{slug}/strategy/kpis": {"get", "post"},
    "/api/workspaces/{slug}/strategy/kpis/{key}": {"get", "put", "delete"},
    "/api/workspaces/{slug}/strategy/objectives": {"get", "post"},
    "/api/workspaces/{slug}/strategy/objectives/{key}": {"get", "put", "delete"},
    "/api/workspaces/{slug}/strategy/objectives/{key}/smart": {"get"},
    "/api/workspaces/{slug}/strategy/strategies": {"get", "post"},
    "/api/workspaces/{slug}/strategy/strategies/{key}": {"get", "put", "delete"},
    "/api/workspaces/{slug}/strategy/tactics": {"get", "post"},
    "/api/workspaces/{slug}/strategy/tactics/{key}": {"get", "put", "delete"},
    "/api/workspaces/{slug}/strategy/lint": {"get"},
    "/api/workspaces/{slug}/strategy/readiness": {"get"},
    "/api/workspaces/{slug}/strategy/readiness/{network}": {"get"},
    "/api/workspaces/{slug}/strategy/readiness/{network}/override": {"post", "delete"},
    "/api/workspaces/{slug}/strategy/readiness/{network}/not-known/{code}": {"put", "delete"},
    "/api/workspaces/{slug}/strategy/affinity": {"get"},
    "/api/workspaces/{slug}/posts": {"get", "post"},
    "/api/workspaces/{slug}/posts/{pk}": {"get", "patch", "delete"},
    "/api/workspaces/{slug}/posts/{pk}/transitions": {"get"},
    "/api/workspaces/{slug}/posts/{pk}/transitions/{action}": {"post"},
    "/api/workspaces/{slug}/posts/{pk}/comments": {"get", "post"},
    "/api/workspaces/{slug}/posts/{pk}/decisions": {"get"},
}


def test_openapi_json_describes_every_route(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "mostra API"
    assert {path: set(ops) for path, ops in schema["paths"].items()} == EXPECTED_PATHS
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}
    ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    # Error answers are documented, and no token hash is ever part of a schema.
    assert "422" in schema["paths"]["/api/workspaces/{slug}"]["patch"]["responses"]
    assert "token_hash" not in response.content.decode()


def test_docs_are_served_without_any_cdn(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js"):
        served = client.get(f"/api/docs/assets/{asset}")
        assert served.status_code == 200
        assert b"".join(served.streaming_content)
    assert client.get("/api/docs/assets/redoc.standalone.js").status_code == 404
    assert client.get("/api/docs/assets/..%2F__init__.py").status_code == 404
