"""Mastodon, recorded: connecting (the instance probed, the token's owner and scopes,
refusals in words) and the command."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent
from mostra.integrations.base import (
    CredentialsRejected,
    TransportError,
)
from mostra.integrations.mastodon import NotMastodon
from mostra.publishing.connect.mastodon import connect_mastodon
from mostra.publishing.models import (
    AccountStatus,
    MastodonInstance,
    SocialAccount,
)
from tests.publishing.mastodon_recorded.recorded import (
    ACCOUNT,
    APP,
    BASE,
    INSTANCE_V2,
    TOKEN,
    instance_routes,
)


def test_connect_asks_whose_the_token_is_and_keeps_the_instance_limit(workspace, api, caplog):
    caplog.set_level("DEBUG")
    instance_routes(api)

    account = connect_mastodon(None, "mastodon.example/@atelier", TOKEN, workspace=workspace)

    asked = [str(c.request.url) for c in api.calls]
    assert asked == [
        f"{BASE}/api/v2/instance",
        f"{BASE}/api/v1/accounts/verify_credentials",
        f"{BASE}/api/v1/apps/verify_credentials",
    ]
    who = api.calls[1].request
    assert who.url == f"{BASE}/api/v1/accounts/verify_credentials"
    assert who.headers["Authorization"] == f"Bearer {TOKEN}"
    assert who.headers["Accept"] == "application/json"
    assert who.headers["User-Agent"].startswith("mostra/")
    assert account.handle == "atelier@mastodon.example"
    assert account.external_id == "109348729384756"
    assert account.display_name == "Atelier Vélo Solidaire"
    assert account.service_url == BASE
    assert account.text_limit == 1000
    assert account.status == AccountStatus.CONNECTED
    assert MastodonInstance.objects.get(url=BASE).limits["video_max_bytes"] == 103809024
    assert TOKEN not in caplog.text
    assert TOKEN not in json.dumps(list(AuditEvent.objects.values()), default=str)


def test_an_older_instance_is_read_from_api_v1(workspace, api):
    api.get("/api/v2/instance").respond(404, json={"error": "Record not found"})
    api.get("/api/v1/instance").respond(
        200,
        json={
            "uri": "mastodon.example",
            "version": "3.5.3",
            "configuration": {"statuses": {"max_characters": 500}},
        },
    )
    api.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)
    api.get("/api/v1/apps/verify_credentials").respond(200, json=APP)

    account = connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    assert account.text_limit == 500
    assert account.handle == "atelier@mastodon.example"


def test_a_pleroma_style_limit_is_read_too(workspace, api):
    api.get("/api/v2/instance").respond(404)
    api.get("/api/v1/instance").respond(
        200, json={"uri": "https://mastodon.example", "version": "2.7.2", "max_toot_chars": 5000}
    )
    api.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)
    api.get("/api/v1/apps/verify_credentials").respond(200, json=APP)

    assert connect_mastodon(None, BASE, TOKEN, workspace=workspace).text_limit == 5000


def test_an_instance_that_answers_a_web_page_is_refused(workspace, api):
    page = "<!doctype html><html><body>Welcome to my blog</body></html>"
    api.get("/api/v2/instance").respond(200, html=page)
    api.get("/api/v1/instance").respond(200, html=page)
    who = api.get("/api/v1/accounts/verify_credentials")

    with pytest.raises(NotMastodon) as refused:
        connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    assert "mastodon.example answers with a web page, not with the Mastodon API" in str(
        refused.value
    )
    assert not who.called
    assert not SocialAccount.objects.exists()


def test_a_json_server_that_is_not_mastodon_is_refused(workspace, api):
    api.get("/api/v2/instance").respond(200, json={"status": "ok", "service": "shop"})
    api.get("/api/v1/instance").respond(200, json={"name": "shop"})

    with pytest.raises(NotMastodon) as refused:
        connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    assert "answers, but not as a Mastodon server does" in refused.value.message
    assert not SocialAccount.objects.exists()


def test_an_address_without_the_mastodon_api_is_refused(workspace, api):
    api.get("/api/v2/instance").respond(404)
    api.get("/api/v1/instance").respond(404)

    with pytest.raises(NotMastodon) as refused:
        connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    assert refused.value.message == (
        "mastodon.example is not a Mastodon instance: it has no Mastodon API "
        "(/api/v2/instance and /api/v1/instance answer HTTP 404/404)."
    )


@pytest.mark.parametrize("address", ["", "ftp://mastodon.example", "https://"])
def test_what_is_not_an_address_is_refused_before_any_request(workspace, api, address):
    with pytest.raises(NotMastodon) as refused:
        connect_mastodon(None, address, TOKEN, workspace=workspace)

    assert "give it as https://mastodon.example" in refused.value.message
    assert not api.calls


def test_a_revoked_token_is_refused_at_connect(workspace, api, caplog):
    caplog.set_level("DEBUG")
    api.get("/api/v2/instance").respond(200, json=INSTANCE_V2)
    api.get("/api/v1/accounts/verify_credentials").respond(
        401, json={"error": "The access token was revoked"}
    )

    with pytest.raises(CredentialsRejected) as refused:
        connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    assert refused.value.permanent and refused.value.http_status == 401
    assert "“The access token was revoked”" in refused.value.message
    assert TOKEN not in str(refused.value) and TOKEN not in caplog.text
    assert (
        not SocialAccount.objects.exists()
        and not AuditEvent.objects.filter(object_type="socialaccount").exists()
    )


def test_an_editor_may_not_connect_and_nothing_is_asked(teammate_membership, api):
    with pytest.raises(DomainError):
        connect_mastodon(teammate_membership, BASE, TOKEN)

    assert not api.calls


def run_connect(*args: str, env: dict[str, str] | None = None):
    from click.testing import CliRunner

    from mostra.cli import mostra

    return CliRunner().invoke(mostra, ["accounts", "connect", "mastodon", *args], env=env)


def test_the_command_refuses_a_web_page_with_exit_status_2(workspace, api):
    api.get("/api/v2/instance").respond(200, html="<html>Blog</html>")
    api.get("/api/v1/instance").respond(200, html="<html>Blog</html>")

    result = run_connect("--workspace", "fromagerie", "--instance", BASE, "--token", TOKEN)

    assert result.exit_code == 2
    assert "Error: mastodon.example answers with a web page" in result.output
    assert TOKEN not in result.output
    assert not SocialAccount.objects.exists()


def test_the_command_refuses_a_revoked_token(workspace, api):
    api.get("/api/v2/instance").respond(200, json=INSTANCE_V2)
    api.get("/api/v1/accounts/verify_credentials").respond(
        401, json={"error": "The access token was revoked"}
    )

    result = run_connect("--workspace", "fromagerie", "--instance", BASE, "--token", TOKEN)

    assert result.exit_code == 2
    assert "refused the access token" in result.output and TOKEN not in result.output


def test_the_command_reads_the_token_from_the_environment(workspace, api):
    instance_routes(api)

    result = run_connect(
        "--workspace",
        "fromagerie",
        "--instance",
        "mastodon.example",
        env={"MOSTRA_MASTODON_TOKEN": TOKEN},
    )

    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "Mastodon account atelier@mastodon.example connected to fromagerie; its instance "
        "accepts 1000 characters per post."
    )
    assert api.calls.last.request.headers["Authorization"] == f"Bearer {TOKEN}"


def test_the_command_is_listed_with_the_networks(db):
    from click.testing import CliRunner

    from mostra.cli import mostra

    result = CliRunner().invoke(mostra, ["accounts", "connect", "--help"])

    assert "mastodon" in result.output
    help_text = CliRunner().invoke(mostra, ["accounts", "connect", "mastodon", "--help"]).output
    assert "--instance URL" in help_text and "MOSTRA_MASTODON_TOKEN" in help_text


def test_a_private_address_is_refused_unless_an_administrator_allows_it(workspace, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False

    with pytest.raises(TransportError) as refused:
        connect_mastodon(None, "http://127.0.0.1:3000", TOKEN, workspace=workspace)

    assert refused.value.permanent and refused.value.code == "address_refused"
    assert "MOSTRA_ALLOW_PRIVATE_ADDRESSES=1" in refused.value.message


def test_connecting_again_renews_the_token_of_the_same_account(workspace, api):
    instance_routes(api)
    first = connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    again = connect_mastodon(None, BASE, "another-token-0042", workspace=workspace)

    assert again.pk == first.pk
    assert SocialAccount.objects.get().credentials == {"access_token": "another-token-0042"}
    audit = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert TOKEN not in audit and "another-token-0042" not in audit


def test_the_same_id_on_another_instance_is_refused(workspace, api, account):
    other = "https://other.example"
    with respx.mock(base_url=other, assert_all_called=False) as elsewhere:
        elsewhere.get("/api/v2/instance").respond(
            200, json={**INSTANCE_V2, "domain": "other.example"}
        )
        elsewhere.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)
        elsewhere.get("/api/v1/apps/verify_credentials").respond(200, json=APP)

        with pytest.raises(DomainError) as refused:
            connect_mastodon(None, other, TOKEN, workspace=workspace)

    assert "atelier@mastodon.example" in refused.value.message
    assert SocialAccount.objects.get().service_url == BASE


@pytest.mark.parametrize(
    ("scopes", "lacking"),
    [
        (["read"], "write:statuses, write:media"),
        (["read", "write:statuses"], "write:media"),
        (["write", "follow"], "read"),
    ],
)
def test_a_token_without_the_scopes_mostra_needs_is_refused(workspace, api, scopes, lacking):
    api.get("/api/v2/instance").respond(200, json=INSTANCE_V2)
    api.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)
    api.get("/api/v1/apps/verify_credentials").respond(200, json={**APP, "scopes": scopes})

    with pytest.raises(NotMastodon) as refused:
        connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    assert refused.value.message == (
        f"The token's application lacks the scopes {lacking}, which mostra needs: "
        "create a token with the scopes read, write:statuses, write:media."
    )
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("answer", [httpx.Response(404), httpx.Response(200, json={"name": "x"})])
def test_an_instance_that_does_not_say_the_scopes_lets_the_token_through(workspace, api, answer):
    api.get("/api/v2/instance").respond(200, json=INSTANCE_V2)
    api.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)
    api.get("/api/v1/apps/verify_credentials").mock(return_value=answer)

    assert connect_mastodon(None, BASE, TOKEN, workspace=workspace).external_id == ACCOUNT["id"]
