"""Calling the API as Alice (owner), Bob (editor on her team) or Charlie (outsider)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from mostra.core.models import ApiToken, User
from tests.conftest import client_for


class Api:
    """A thin JSON client: ``api.patch("/workspaces/x", {"name": "y"})``."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def _send(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        call = getattr(self.client, method)
        url = "/api" + path
        if method in {"get", "delete"} and body is None:
            return call(url, params or None)
        return call(url, data=json.dumps(body), content_type="application/json")

    def get(self, path: str, **params: Any) -> Any:
        return self._send("get", path, **params)

    def post(self, path: str, body: Any = None) -> Any:
        return self._send("post", path, body if body is not None else {})

    def patch(self, path: str, body: Any) -> Any:
        return self._send("patch", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self._send("put", path, body)

    def delete(self, path: str) -> Any:
        return self._send("delete", path)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """The cast's passwords are hashed before every test: keep that cheap."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def token_client(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def tokens(workspace, owner, teammate, outsider) -> dict[str, str]:
    """A personal API token for each of the cast, by role in the story."""
    people = {"owner": owner, "teammate": teammate, "outsider": outsider}
    return {who: ApiToken.issue(user, "script")[1] for who, user in people.items()}


@pytest.fixture
def api_as(workspace, owner, teammate, outsider, tokens):
    """``api_as("owner")`` calls with Alice's token; ``api_as("owner", "session")`` logs in."""
    people: dict[str, User] = {"owner": owner, "teammate": teammate, "outsider": outsider}

    def make(who: str, auth: str = "token") -> Api:
        if auth == "session":
            return Api(client_for(people[who]))
        return Api(token_client(tokens[who]))

    return make


@pytest.fixture
def alice(api_as) -> Api:
    return api_as("owner")


@pytest.fixture
def bob(api_as) -> Api:
    return api_as("teammate")


@pytest.fixture
def charlie(api_as) -> Api:
    return api_as("outsider")


def error_locs(response: Any) -> list[list[Any]]:
    return [item["loc"] for item in response.json()["detail"]]
