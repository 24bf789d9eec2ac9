"""One file that holds a whole mostra: the database, the key of its secrets, the media.

:func:`write_backup` makes a ``.tar.gz`` while mostra runs: SQLite is copied with its
online backup API (a consistent copy, checked with ``PRAGMA integrity_check``),
PostgreSQL with ``pg_dump --format=custom``; beside it go the data directory's
``secret_key`` (or the ``MOSTRA_ENCRYPTION_KEYS`` in use) and ``media/``, and a
``manifest.json`` with every file's SHA-256. :func:`read_backup` checks every file
against the manifest before anything is written, refuses a database that already holds
data, then puts the files in place (SQLite and media by an atomic rename, PostgreSQL with
``pg_restore``). The archive holds the key: it is written readable by its owner only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from mostra import __version__
from mostra.core.errors import DomainError
from mostra.core.json_files import UnreadableJSON, read_json

FORMAT = "mostra-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
KEY_MEMBER = "secret_key"
KEYS_MEMBER = "encryption_keys"
MEDIA_MEMBER = "media"
CHUNK = 1024 * 1024


@dataclass
class BackupSummary:
    path: Path
    database: str
    size: int = 0
    media_files: int = 0
    members: dict[str, str] = field(default_factory=dict)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _database_kind() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def _postgres_url() -> str:
    return str(settings.CONFIG.database_url)


def _run(command: list[str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise DomainError(
            _(
                "%(program)s is not installed: install PostgreSQL's client programs "
                "(Debian: apt-get install postgresql-client) to %(what)s."
            )
            % {"program": command[0], "what": what}
        )
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or [""])[-1]
        raise DomainError(
            _("%(program)s failed: %(error)s") % {"program": command[0], "error": last}
        )


def _dump_database(work: Path) -> tuple[str, Path]:
    if _database_kind() == "sqlite":
        target = work / SQLITE_MEMBER
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)
            (verdict,) = copy.execute("PRAGMA integrity_check").fetchone()
        finally:
            copy.close()
            source.close()
        if verdict != "ok":
            raise DomainError(
                _("The database copy is damaged (%(verdict)s): nothing was written.")
                % {"verdict": verdict}
            )
        return SQLITE_MEMBER, target
    target = work / POSTGRES_MEMBER
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), _postgres_url()],
        _("back up a PostgreSQL database"),
    )
    return POSTGRES_MEMBER, target


def _media_files() -> Iterator[Path]:
    root = Path(settings.MEDIA_ROOT)
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def _keys(work: Path) -> dict[str, Path]:
    found = {}
    key_file = settings.CONFIG.data_dir / "secret_key"
    if key_file.is_file():
        found[KEY_MEMBER] = key_file
    keys = tuple(getattr(settings, "MOSTRA_ENCRYPTION_KEYS", ()) or ())
    if keys:
        path = work / KEYS_MEMBER
        path.write_text(",".join(keys) + "\n", encoding="utf-8")
        found[KEYS_MEMBER] = path
    return found


def write_backup(output: Path) -> BackupSummary:
    """Write the whole mostra into ``output`` (a ``.tar.gz``), or raise DomainError."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".mostra-backup-", dir=output.parent) as tmp:
        work = Path(tmp)
        name, dump = _dump_database(work)
        files: dict[str, Path] = {name: dump, **_keys(work)}
        media_root = Path(settings.MEDIA_ROOT)
        media = list(_media_files())
        for path in media:
            files[f"{MEDIA_MEMBER}/{path.relative_to(media_root).as_posix()}"] = path
        summary = BackupSummary(output, _database_kind(), media_files=len(media))
        summary.members = {member: _sha256(path) for member, path in files.items()}
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "mostra": __version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": summary.database,
            "files": summary.members,
        }
        partial = work / "backup.tar.gz"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode = len(body), 0o600
            archive.addfile(info, io.BytesIO(body))
            for member, path in files.items():
                archive.add(str(path), arcname=member, recursive=False)
        os.replace(partial, output)
    summary.size = output.stat().st_size
    return summary


# --- Restoring ----------------------------------------------------------------------


def _refuse_archive(reason: str) -> DomainError:
    return DomainError(
        _("This file is not a usable mostra backup (%(reason)s): nothing was restored.")
        % {"reason": reason}
    )


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name != ""


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        stream = archive.extractfile(member)
        manifest = read_json(stream.read(1024 * 1024), MANIFEST) if stream else None
    except (KeyError, UnreadableJSON) as exc:
        raise _refuse_archive(_("no readable manifest.json")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse_archive(_("no readable manifest.json"))
    if manifest.get("version") != VERSION:
        raise _refuse_archive(
            _("format version %(version)s, this mostra reads %(ours)s")
            % {"version": manifest.get("version"), "ours": VERSION}
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(_safe_member(str(n)) for n in files):
        raise _refuse_archive(_("its list of files is wrong"))
    return manifest


def _extract_checked(archive: tarfile.TarFile, files: dict[str, str], work: Path) -> None:
    """Every listed file, each checked against its SHA-256, into ``work``."""
    seen = set()
    for member in archive:
        if member.name == MANIFEST:
            continue
        if member.name not in files or not member.isfile():
            raise _refuse_archive(
                _("it holds %(name)s, not in its manifest") % {"name": member.name}
            )
        target = work / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        source = archive.extractfile(member)
        assert source is not None  # a regular file
        with target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != files[member.name]:
            raise _refuse_archive(_("%(name)s is damaged") % {"name": member.name})
        seen.add(member.name)
    missing = sorted(set(files) - seen)
    if missing:
        raise _refuse_archive(_("%(name)s is missing") % {"name": missing[0]})


def database_holds_data() -> bool:
    """Whether the configured database already has mostra's tables."""
    return "django_migrations" in connection.introspection.table_names()


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as exc:
        raise DomainError(
            _("%(file)s cannot be read: %(error)s") % {"file": path, "error": exc.strerror}
        ) from exc


def read_backup(path: Path) -> dict[str, Any]:
    """Restore ``path`` into this (empty) mostra; return its manifest."""
    if database_holds_data():
        raise DomainError(
            _(
                "The database %(database)s already holds mostra's data: restore into an empty "
                "data directory (MOSTRA_DATA_DIR) or an empty database (DATABASE_URL)."
            )
            % {"database": _database_label()}
        )
    data_dir = Path(settings.CONFIG.data_dir)
    with (
        _open(path) as raw,
        tempfile.TemporaryDirectory(prefix=".mostra-restore-", dir=data_dir) as tmp,
    ):
        work = Path(tmp)
        try:
            with tarfile.open(fileobj=raw, mode="r:gz") as archive:
                manifest = _read_manifest(archive)
                _extract_checked(archive, manifest["files"], work)
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise _refuse_archive(_("it cannot be read as a .tar.gz")) from exc
        kind = _database_kind()
        if manifest.get("database") != kind:
            raise DomainError(
                _(
                    "This backup holds a %(theirs)s database, and this mostra uses %(ours)s: "
                    "set DATABASE_URL to a database of the same kind."
                )
                % {"theirs": manifest.get("database"), "ours": kind}
            )
        _put_database(work, kind)
        for name in (KEY_MEMBER, KEYS_MEMBER):
            if (work / name).is_file():
                target = data_dir / name
                os.replace(work / name, target)
                target.chmod(0o600)
        if (work / MEDIA_MEMBER).is_dir():
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                shutil.rmtree(media)
            os.replace(work / MEDIA_MEMBER, media)
    return manifest


def _database_label() -> str:
    if _database_kind() == "sqlite":
        return str(settings.DATABASES["default"]["NAME"])
    db = settings.DATABASES["default"]
    return f"{db.get('NAME')} on {db.get('HOST') or 'localhost'}"


def _put_database(work: Path, kind: str) -> None:
    if kind == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        connection.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(work / SQLITE_MEMBER, target)
        return
    connection.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            _postgres_url(),
            str(work / POSTGRES_MEMBER),
        ],
        _("restore a PostgreSQL database"),
    )
