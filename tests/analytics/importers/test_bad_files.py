"""Files built to harm or damaged on the way: refused before anything is read or stored.

Each case asserts the message a user reads and that not one row was added.
"""

from __future__ import annotations

import io
import json
import tarfile
import zipfile

import pytest

from mostra.analytics.importers import ImportRefused, files, run_import
from tests.analytics.fixtures.builders import write_mastodon_archive, write_x_archive
from tests.analytics.importers.conftest import rows


def _refused(workspace, kind, path, match, **options):
    before = rows()
    with pytest.raises(ImportRefused, match=match) as caught:
        run_import(workspace, kind, path, **options)
    assert rows() == before
    return caught.value.message


def _x_zip(tmp_path, n=20):
    folder = write_x_archive(tmp_path / "x", "fromagerie", n)
    target = tmp_path / "twitter.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, path.relative_to(folder).as_posix())
    return target


def test_truncated_zip(workspace, tmp_path):
    archive = _x_zip(tmp_path, 200)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    _refused(workspace, "x-archive", archive, "truncated or damaged: download it again")


def test_truncated_tar_gz(workspace, tmp_path):
    archive = write_mastodon_archive(tmp_path / "archive.tar.gz", "fromagerie@m.example", 300)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) * 2 // 3])
    _refused(workspace, "mastodon-archive", archive, "truncated or damaged")


def test_zip_bomb_by_ratio(workspace, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "RATIO_FLOOR_BYTES", 1024)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/tweets.js", b"[" + b" " * 5_000_000 + b"]")
    assert bomb.stat().st_size < 20_000
    _refused(workspace, "x-archive", bomb, "zip bomb", handle="x")


def test_zip_bomb_by_total_size_and_member_count(workspace, tmp_path, monkeypatch):
    archive = _x_zip(tmp_path)
    monkeypatch.setattr(files, "MAX_UNCOMPRESSED_BYTES", 1000)
    _refused(workspace, "x-archive", archive, "zip bomb")
    monkeypatch.setattr(files, "MAX_UNCOMPRESSED_BYTES", 10**9)
    monkeypatch.setattr(files, "MAX_MEMBERS", 1)
    _refused(workspace, "x-archive", archive, "zip bomb")


def test_gzip_bomb_stops_while_decompressing(workspace, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "RATIO_FLOOR_BYTES", 1024)
    payload = io.BytesIO()
    with tarfile.open(fileobj=payload, mode="w:gz") as archive:
        data = b"0" * 20_000_000
        info = tarfile.TarInfo("outbox.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    path = tmp_path / "archive.tar.gz"
    path.write_bytes(payload.getvalue())
    _refused(workspace, "mastodon-archive", path, "zip bomb")


@pytest.mark.parametrize("name", ["../outside.json", "/etc/outbox.json", "a/../../outbox.json"])
def test_tar_with_a_path_escaping_is_refused(workspace, tmp_path, name):
    path = tmp_path / "archive.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for member in ("outbox.json", name):
            data = json.dumps({"type": "OrderedCollection", "orderedItems": []}).encode()
            info = tarfile.TarInfo(member)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    message = _refused(workspace, "mastodon-archive", path, "outside the archive")
    assert name in message


def test_tar_with_a_symlink_or_a_device_is_refused(workspace, tmp_path):
    for kind in (tarfile.SYMTYPE, tarfile.CHRTYPE):
        path = tmp_path / f"archive-{kind!r}.tar.gz"
        with tarfile.open(path, "w:gz") as archive:
            info = tarfile.TarInfo("outbox.json")
            info.type = kind
            info.linkname = "/etc/passwd"
            archive.addfile(info)
        _refused(workspace, "mastodon-archive", path, "outside the archive or a link")


def test_zip_with_a_path_escaping_is_refused(workspace, tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data/tweets.js", "window.YTD.tweets.part0 = []")
        archive.writestr("../../evil.js", "x")
    _refused(workspace, "x-archive", path, "evil.js", handle="x")


def test_a_file_over_the_size_cap_is_refused_before_reading(
    workspace, tmp_path, settings, monkeypatch
):
    archive = _x_zip(tmp_path)
    settings.MOSTRA_IMPORT_MAX_BYTES = 1000

    def never(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(files, "_read_zip", never)
    message = _refused(workspace, "x-archive", archive, "too large to import")
    assert "MOSTRA_IMPORT_MAX_BYTES" in message


def test_the_size_cap_comes_from_the_environment_too(monkeypatch, settings):
    del settings.MOSTRA_IMPORT_MAX_BYTES  # may not exist: then the environment
    monkeypatch.setenv("MOSTRA_IMPORT_MAX_BYTES", "12345")
    assert files.max_import_bytes() == 12345
    monkeypatch.delenv("MOSTRA_IMPORT_MAX_BYTES")
    assert files.max_import_bytes() == 2 * 1024**3


def test_a_folder_with_a_link_leading_outside_is_refused(workspace, tmp_path):
    secret = tmp_path / "secret.js"
    secret.write_text("window.YTD.tweets.part0 = []", encoding="utf-8")
    folder = tmp_path / "archive" / "data"
    folder.mkdir(parents=True)
    (folder / "tweets.js").symlink_to(secret)
    _refused(workspace, "x-archive", tmp_path / "archive", "outside the archive", handle="x")


def test_a_missing_file_and_an_unknown_kind(workspace, tmp_path):
    _refused(workspace, "x-archive", tmp_path / "nothing.zip", "There is no file")
    path = tmp_path / "a.csv"
    path.write_text("x", encoding="utf-8")
    _refused(workspace, "myspace", path, "Unknown kind of import")
