"""JSON nested 100,000 deep, or shaped unlike the network's files: refused, nothing stored.

Before, ``json.loads`` recursed until Python stopped it: a RecursionError, a traceback on
the command line and a 500 on the import page. Each case asserts the message a user
reads, the command's exit status and that not one row was added.
"""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mostra.analytics.cli_import import import_group
from mostra.analytics.importers import ImportRefused, run_import
from tests.analytics.fixtures.builders import car_bytes, cid_of, mastodon_actor, mastodon_outbox
from tests.analytics.importers.conftest import FIXTURES, rows

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000
URL = reverse("analytics:imports", args=["fromagerie"])
NESTED = "nested too deeply"


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def _tar(path: Path, members: dict[str, str]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def _tweets() -> str:
    return (FIXTURES / "x_new" / "data" / "tweets.js").read_text(encoding="utf-8")


def _outbox() -> str:
    actor = mastodon_actor("fromagerie@m.example")
    return json.dumps(mastodon_outbox(actor["id"], 3))


#: (kind, file name, members, message): every JSON file each importer reads.
CASES = [
    ("x-archive", "tweets.js", {"tweets.js": f"window.YTD.tweets.part0 = {DEEP}"}, NESTED),
    (
        "x-archive",
        "tweets.js",
        {"tweets.js": f'window.YTD.tweets.part0 = [{{"tweet": {DEEP_OBJECT}}}]'},
        NESTED,
    ),
    (
        "x-archive",
        "twitter.zip",
        {"data/tweets.js": _tweets(), "data/account.js": f"window.YTD.account.part0 = {DEEP}"},
        NESTED,
    ),
    (
        "x-archive",
        "twitter.zip",
        {"data/tweets.js": _tweets(), "data/manifest.js": f"window.__THAR_CONFIG = {DEEP_OBJECT}"},
        NESTED,
    ),
    ("mastodon-archive", "outbox.json", {"outbox.json": DEEP}, NESTED),
    ("mastodon-archive", "outbox.json", {"outbox.json": DEEP_OBJECT}, NESTED),
    (
        "mastodon-archive",
        "archive.tar.gz",
        {"outbox.json": _outbox(), "actor.json": DEEP_OBJECT},
        NESTED,
    ),
    ("mastodon-archive", "archive.zip", {"outbox.json": _outbox(), "likes.json": DEEP}, NESTED),
]


def _write(tmp_path: Path, name: str, members: dict[str, str]) -> Path:
    path = tmp_path / name
    if name.endswith(".zip"):
        return _zip(path, members)
    if name.endswith(".tar.gz"):
        return _tar(path, members)
    path.write_text(members[name], encoding="utf-8")
    return path


@pytest.mark.parametrize(("kind", "name", "members", "message"), CASES)
def test_deep_json_is_refused_and_nothing_is_imported(
    workspace, tmp_path, kind, name, members, message
):
    path = _write(tmp_path, name, members)
    with pytest.raises(ImportRefused, match=message) as caught:
        run_import(workspace, kind, path, handle="fromagerie@m.example")
    assert "Check that you chose the right kind of import" in caught.value.message
    assert rows() == (0, 0, 0, 0)


def test_a_bluesky_block_nested_as_deep_is_refused_too(workspace, tmp_path):
    """Not JSON but DAG-CBOR: libipld stops at its own depth limit with a ValueError."""
    deep = b"\x81" * 100_000 + b"\x00"
    path = tmp_path / "repo.car"
    path.write_bytes(car_bytes(cid_of(deep), [(cid_of(deep), deep)]))
    with pytest.raises(ImportRefused, match="cannot be read as a CAR file"):
        run_import(workspace, "bluesky-car", path, handle="fromagerie.bsky.social")
    assert rows() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "manifest",
    [
        '{"userInfo": [], "archiveInfo": {}}',
        '{"userInfo": {"userName": "x"}, "archiveInfo": "2026"}',
        '{"userInfo": "x", "archiveInfo": {"generationDate": 7}}',
        '{"userInfo": {"userName": ["x"], "displayName": {"a": 1}}}',
    ],
)
def test_a_manifest_of_another_shape_is_ignored_not_a_traceback(workspace, tmp_path, manifest):
    """The manifest only names the account and dates the counts: the handle stands in."""
    path = _zip(
        tmp_path / "twitter.zip",
        {"data/tweets.js": _tweets(), "data/manifest.js": f"window.__THAR_CONFIG = {manifest}"},
    )
    result = run_import(workspace, "x-archive", path, handle="fromagerie")
    assert result.account.handle in {"fromagerie", "x"}
    assert result.counts["posts"] > 0


@pytest.mark.parametrize(("kind", "name", "members", "message"), CASES[:1] + CASES[4:5])
def test_the_command_exits_2_with_the_reason(workspace, tmp_path, kind, name, members, message):
    path = _write(tmp_path, name, members)
    result = CliRunner().invoke(
        import_group, [kind, str(path), "--workspace", "fromagerie", "--handle", "a@m.example"]
    )
    assert result.exit_code == 2, result.output
    assert "nothing changed" in result.output and message in result.output
    assert isinstance(result.exception, SystemExit)  # refused, not a RecursionError
    assert rows() == (0, 0, 0, 0)


def _upload(client, kind: str, name: str, text: str):
    upload = SimpleUploadedFile(name, text.encode(), content_type="application/octet-stream")
    return client.post(URL, {"kind": kind, "handle": "a@m.example", "file": upload})


@pytest.mark.parametrize(("kind", "name", "members", "message"), CASES[:1] + CASES[4:5])
def test_the_page_refuses_with_the_reason(
    owner_client, teammate_client, outsider_client, workspace, kind, name, members, message
):
    for client in (owner_client, teammate_client):
        response = _upload(client, kind, name, members[name])
        assert response.status_code == 400
        assert "Nothing was imported" in response.content.decode()
        assert message in response.content.decode()
    assert _upload(outsider_client, kind, name, members[name]).status_code == 404
    assert rows() == (0, 0, 0, 0)
