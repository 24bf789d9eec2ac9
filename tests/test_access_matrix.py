"""Every route × every role: who gets in, and who gets the project's 404.

The routes are read from Django's URL resolver (web pages) and from the API's OpenAPI
document (operations), so a new route is in the matrix without a test written for it:
it fails until its rights are declared in tests/access_table.py (and its arguments in
tests/access_world.py when it names an object). Each route is called with real ids of
the world's ``this`` workspace by each role (tests/access_world.py):

- a role the table allows gets in: no 401, 403, 404 or 405, no login page (a form's
  errors, a redirection count as getting in);
- where the right depends on the post, members below the table's role but from the
  ``*_IN_WORDS`` one are refused in words: an error message or the form's errors (pages),
  a 422 (API); and those allowed are not;
- an outsider, a member lacking the right and a site administrator (who is member of
  no workspace) get 404; an anonymous visitor the login page, or 401 from the API;
- nobody ever gets a 500 (the test client raises the view's exception).

A route naming an object is also called by ``this``'s owner with the *other*
workspace's object under ``this``'s slug: 404 (no object of another workspace is
reachable through one's own). POST bodies are empty (pages, but for the few whose right
is decided once the form is read) or the smallest the OpenAPI document accepts (API:
it reads the body before the view runs): the matrix is about who gets in, not about
what they send. Each call runs in a transaction rolled back after it; none reaches the
network; PDF and PNG files are not laid out (their own tests do).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import respx
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mostra.api.api import api
from tests import access_table
from tests.access_table import ADMIN, MEMBER_RANKS, NOBODY, PUBLIC, USER
from tests.access_world import (
    API_ARGUMENTS,
    API_BODIES,
    HTMX_ROUTES,
    ROLES,
    WEB_ARGUMENTS,
    WEB_BODIES,
    Arguments,
    Side,
    World,
    build_world,
)

pytestmark = pytest.mark.django_db

TABLE_FILE = "tests/access_table.py"
WORLD_FILE = "tests/access_world.py"


# --- The routes, as the resolver and the OpenAPI document give them ---------------------


def _web_routes(
    patterns: list[Any], namespace: str = "", params: tuple[str, ...] = ()
) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(URL name, the names of its arguments) of every page, nested includes included."""
    for pattern in patterns:
        converters = tuple(getattr(pattern.pattern, "converters", {}))
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _web_routes(pattern.url_patterns, inner, params + converters)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield name, params + converters


SCHEMA = api.get_openapi_schema()
#: operationId -> (method, path template), as /api/openapi.json describes them.
OPERATIONS: dict[str, tuple[str, str]] = {
    operation["operationId"]: (method.upper(), path)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
}
#: URL name -> argument names; the API's operations are checked through OPERATIONS.
WEB_ROUTES: dict[str, tuple[str, ...]] = {
    name: params
    for name, params in _web_routes(get_resolver().url_patterns)
    if not (name.startswith("api:") and name.removeprefix("api:") in OPERATIONS)
}


def _cases(arguments: Arguments | dict[str, Arguments] | None) -> dict[str, Arguments]:
    if arguments is None:
        return {"": Arguments()}
    if isinstance(arguments, Arguments):
        return {"": arguments}
    return arguments


def _label(name: str, case: str) -> str:
    return f"{name}[{case}]" if case else name


def _web_cases() -> Iterator[Any]:
    for name in sorted(WEB_ROUTES):
        rights = access_table.WEB.get(name)
        if rights is None:
            yield pytest.param(name, "", "GET", "owner", id=f"{name}-undeclared")
            continue
        for case in _cases(WEB_ARGUMENTS.get(name)):
            for method in rights:
                for role in ROLES:
                    yield pytest.param(
                        name, case, method, role, id=f"{_label(name, case)}-{method}-{role}"
                    )


def _api_cases() -> Iterator[Any]:
    for operation_id in sorted(OPERATIONS):
        for role in ROLES if operation_id in access_table.API else ["owner"]:
            yield pytest.param(operation_id, role, id=f"{operation_id}-{role}")


def _idor_cases() -> Iterator[Any]:
    for name, rights in sorted(access_table.WEB.items()):
        for case, arguments in _cases(WEB_ARGUMENTS.get(name)).items():
            if arguments.objects and name in WEB_ROUTES:
                for method in rights:
                    yield pytest.param(
                        "web", name, case, method, id=f"{_label(name, case)}-{method}"
                    )
    for operation_id, arguments in sorted(API_ARGUMENTS.items()):
        if arguments.objects and operation_id in OPERATIONS:
            method = OPERATIONS[operation_id][0]
            yield pytest.param("api", operation_id, "", method, id=f"api:{operation_id}-{method}")


# --- The world, built once, each call rolled back -------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """Built once for the module in a transaction rolled back at its end; each test runs
    in a savepoint of it (pytest-django's), so no call sees another's changes."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as tests/conftest.py
    media_root = tmp_path_factory.mktemp("matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(media_root),
            MOSTRA_ALLOW_PRIVATE_ADDRESSES=True,
            PASSWORD_HASHERS=fast,
        ),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


class _Layout:
    """What WeasyPrint's layout gives back, without laying out (seconds a PDF)."""

    def __init__(self) -> None:
        self.pages = [None]
        self.metadata = SimpleNamespace()

    def write_pdf(self, *args: Any, **kwargs: Any) -> bytes:
        return b"%PDF-1.7 (not laid out: tests/test_access_matrix.py)"


class _Html:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def render(self, *args: Any, **kwargs: Any) -> _Layout:
        return _Layout()

    def write_pdf(self, *args: Any, **kwargs: Any) -> bytes:
        return _Layout().write_pdf()


@pytest.fixture(autouse=True)
def _isolated(monkeypatch) -> Iterator[None]:
    """No call reaches the network (a server that does not answer), nor sees another's
    cache; PDF and PNG files are not laid out (their own tests do): the pages that send
    them are judged on who gets them, in a second instead of thirty."""
    import cairosvg
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", _Html)
    monkeypatch.setattr(cairosvg, "svg2png", lambda *args, **kwargs: b"\x89PNG matrix")
    cache.clear()
    with respx.mock(assert_all_called=False) as network:
        network.route().mock(side_effect=httpx.ConnectError("no network in the access matrix"))
        yield


# --- Calling, and judging the answer ----------------------------------------------------


def may(least: str, role: str) -> bool:
    """Whether ``role`` reaches what the table opens from ``least`` up."""
    if least == PUBLIC:
        return True
    if least == NOBODY:
        return False
    if least == USER:
        return role != "anonymous"
    if least == ADMIN:
        return role == "admin"
    return role in MEMBER_RANKS and MEMBER_RANKS.index(role) >= MEMBER_RANKS.index(least)


def _client(world: World, role: str, *, api_call: bool) -> Client:
    if role == "anonymous":
        return Client()
    if api_call:
        return Client(headers={"Authorization": f"Bearer {world.api_tokens[role]}"})
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _to_login(response: Any) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code == 302 and location.startswith(reverse("core:login"))


def _told(response: Any) -> str:
    if response.status_code in (301, 302, 303):
        return f"{response.status_code} to {response.headers.get('Location')}"
    body = response.content[:400].decode(errors="replace")
    return f"{response.status_code}: {body}"


def _said_in_words(response: Any, *, api_call: bool) -> bool:
    """A refusal the person reads: a 422 (API), a form's errors or an error message (pages)."""
    if api_call:
        return response.status_code == 422
    if response.status_code in (400, 422):
        return True
    return any(m.level >= messages.ERROR for m in messages.get_messages(response.wsgi_request))


def judge(
    response: Any,
    least: str,
    role: str,
    what: str,
    *,
    api_call: bool,
    words_from: str | None = None,
) -> None:
    """Check the answer against the table: ``least`` lets in, ``words_from`` up to it is
    refused in words."""
    status = response.status_code
    assert status < 500, f"{what} answered {_told(response)}"
    if least == NOBODY:
        assert status == 404, f"{what}: no page there, got {_told(response)}"
    elif words_from is not None and may(words_from, role) and not may(least, role):
        assert _said_in_words(response, api_call=api_call), (
            f"{what}: {role} should be refused in words (the table opens it from {least}), "
            f"got {_told(response)}"
        )
    elif may(least, role):
        assert words_from is None or not _said_in_words(response, api_call=api_call), (
            f"{what}: {role} may do it (the table opens it from {least}), it was refused: "
            f"{_told(response)}"
        )
        assert status not in (401, 403, 404, 405), (
            f"{what}: the table lets {role} in (from {least}), the route answered {_told(response)}"
        )
        assert least == PUBLIC or not _to_login(response), f"{what} sent {role} to the login page"
    elif role == "anonymous":
        expected = "401" if api_call else "the login page"
        assert (status == 401) if api_call else _to_login(response), (
            f"{what}: anonymous should get {expected}, got {_told(response)}"
        )
    else:
        assert status == 404, (
            f"{what}: {role} should get 404 (the table opens it from {least}), got "
            f"{_told(response)}"
        )


def _web_url(name: str, case: str, slug_side: Side, objects_side: Side, role: str) -> str:
    params = WEB_ROUTES[name]
    arguments = _cases(WEB_ARGUMENTS.get(name)).get(case, Arguments())
    kwargs = arguments.resolve(slug_side, role, objects_of=objects_side)
    if "slug" in params:
        kwargs["slug"] = slug_side.workspace.slug
    missing = [p for p in params if p not in kwargs]
    if missing:
        pytest.fail(
            f"Route {name} takes {', '.join(missing)}: name the objects to use in "
            f"WEB_ARGUMENTS ({WORLD_FILE})."
        )
    return reverse(name, kwargs={p: kwargs[p] for p in params})


def _send_page(world: World, role: str, method: str, name: str, url: str) -> Any:
    client = _client(world, role, api_call=False)
    headers = {"HX-Request": "true"} if name in HTMX_ROUTES else {}
    if method == "POST" and name in WEB_BODIES:
        return client.post(url, WEB_BODIES[name](), headers=headers)
    return client.generic(method, url, headers=headers)


# --- API bodies: the smallest the OpenAPI document accepts ------------------------------

COMPONENTS = SCHEMA.get("components", {}).get("schemas", {})


def example(schema: dict[str, Any]) -> Any:
    """The smallest value ``schema`` accepts: required properties only, first choices."""
    if "$ref" in schema:
        return example(COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]])
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return example(options[0]) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: example(properties[name]) for name in schema.get("required", [])}
    if kind == "array":
        return [example(schema.get("items", {})) for _ in range(schema.get("minItems", 0))]
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    formats = {"date": "2026-06-01", "date-time": "2026-06-01T10:00:00+02:00"}
    formats |= {"email": "someone@example.org", "uri": "https://example.org/"}
    return formats.get(schema.get("format", ""), "x" * max(1, schema.get("minLength", 1)))


def _operation(operation_id: str) -> dict[str, Any]:
    method, path = OPERATIONS[operation_id]
    return SCHEMA["paths"][path][method.lower()]


def api_body(operation_id: str) -> tuple[str, Any]:
    """(content type, the smallest body the operation accepts); ("", None) without one.

    A file (``multipart/form-data``) is a one-line CSV: what matters is who may send it.
    """
    body = _operation(operation_id).get("requestBody")
    if body is None:
        return "", None
    if operation_id in API_BODIES:
        return "application/json", API_BODIES[operation_id]
    content_type, media = next(iter(body["content"].items()))
    value = example(media["schema"])
    if content_type == "multipart/form-data":
        properties = media["schema"].get("properties", {})
        for name in value:
            if properties[name].get("format") == "binary":
                value[name] = SimpleUploadedFile("values.csv", b"date,value\n", "text/csv")
    return content_type, value


def api_query(operation_id: str) -> str:
    """The query string of the parameters the operation requires, each its smallest value."""
    required = {
        p["name"]: example(p["schema"])
        for p in _operation(operation_id).get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    return "?" + urlencode(required) if required else ""


def _api_call(world: World, operation_id: str, role: str, objects_side: Side) -> Any:
    method, template = OPERATIONS[operation_id]
    arguments = API_ARGUMENTS.get(operation_id, Arguments())
    kwargs = arguments.resolve(world.this, role, objects_of=objects_side)
    kwargs["slug"] = world.this.workspace.slug
    try:
        path = template.format(**kwargs)
    except KeyError as exc:
        pytest.fail(
            f"Operation {operation_id} takes {exc.args[0]}: name the object to use in "
            f"API_ARGUMENTS ({WORLD_FILE})."
        )
    path += api_query(operation_id)
    content_type, body = api_body(operation_id)
    client = _client(world, role, api_call=True)
    if body is None:
        return client.generic(method, path)
    if content_type == "multipart/form-data":
        return client.post(path, body)  # encoded as a browser sends a form
    return client.generic(method, path, json.dumps(body), content_type=content_type)


# --- The matrix -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "case", "method", "role"), list(_web_cases()))
def test_page(world, name, case, method, role):
    rights = access_table.WEB.get(name)
    if rights is None:
        pytest.fail(
            f"Add route {name} to the access table ({TABLE_FILE}): the least role "
            f"allowed for each method it answers."
        )
    url = _web_url(name, case, world.this, world.this, role)
    response = _send_page(world, role, method, name, url)
    what = f"{method} {url} ({_label(name, case)}) as {role}"
    words_from = access_table.WEB_IN_WORDS.get(name, {}).get(method)
    judge(response, rights[method], role, what, api_call=False, words_from=words_from)


@pytest.mark.parametrize(("operation_id", "role"), list(_api_cases()))
def test_api_operation(world, operation_id, role):
    least = access_table.API.get(operation_id)
    if least is None:
        pytest.fail(
            f"Add API operation {operation_id} to the access table ({TABLE_FILE}): the "
            f"least role allowed to call it."
        )
    response = _api_call(world, operation_id, role, world.this)
    method, path = OPERATIONS[operation_id]
    what = f"{method} {path} ({operation_id}) as {role}"
    words_from = access_table.API_IN_WORDS.get(operation_id)
    judge(response, least, role, what, api_call=True, words_from=words_from)


@pytest.mark.parametrize(("kind", "name", "case", "method"), list(_idor_cases()))
def test_another_workspace_object_is_not_found(world, kind, name, case, method):
    """This workspace's owner, naming the other workspace's object under this slug: 404."""
    if kind == "web":
        url = _web_url(name, case, world.this, world.other, "owner")
        response = _send_page(world, "owner", method, name, url)
    else:
        url = OPERATIONS[name][1]
        response = _api_call(world, name, "owner", world.other)
    assert response.status_code == 404, (
        f"{method} {url} ({_label(name, case)}) with the other workspace's object "
        f"answered {_told(response)}"
    )


def _object_undeclared(param: str, arguments: Arguments) -> bool:
    """An id (``pk``, ``…_id``) or a key not declared as one of the world's objects.

    Objects are tried with the other workspace's; a key may instead be ``fixed`` where
    it is a network code (a platform's, a mission network's), the same everywhere.
    """
    if param in arguments.objects:
        return False
    if param == "key":
        return param not in arguments.fixed
    return param == "pk" or param.endswith("_id")


def test_every_object_a_route_names_is_tried_from_the_other_workspace():
    undeclared = [
        f"{_label(name, case)} ({param})"
        for name, params in WEB_ROUTES.items()
        for case, arguments in _cases(WEB_ARGUMENTS.get(name)).items()
        for param in params
        if _object_undeclared(param, arguments)
    ]
    undeclared += [
        f"{operation_id} ({param})"
        for operation_id, (_method, path) in OPERATIONS.items()
        for param in re.findall(r"{(\w+)}", path)
        if _object_undeclared(param, API_ARGUMENTS.get(operation_id, Arguments()))
    ]
    assert not undeclared, (
        f"Declare these arguments as objects in {WORLD_FILE}: {', '.join(undeclared)}"
    )


def test_the_table_names_only_routes_that_exist():
    stale = sorted(set(access_table.WEB) - set(WEB_ROUTES))
    stale += sorted(set(access_table.API) - set(OPERATIONS))
    stale += sorted(set(WEB_ARGUMENTS) - set(WEB_ROUTES))
    stale += sorted(set(API_ARGUMENTS) - set(OPERATIONS))
    assert not stale, f"No such route any more: remove {', '.join(stale)} from {TABLE_FILE}"
