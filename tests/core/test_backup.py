"""``mostra backup`` and ``mostra restore``: a round trip into an empty data directory
(SQLite, and PostgreSQL when one answers), refusals that write nothing, and a restore
without its key that says so instead of breaking pages."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SEED = """
import os, django
django.setup()
from pathlib import Path
from django.conf import settings
from mostra.core.models import User
from mostra.core.services.workspaces import create_workspace
from mostra.publishing.models import SocialAccount
owner = User.objects.create_user("alice@example.org", "pw-pw-pw-pw", display_name="Alice")
ws = create_workspace(owner, "Fromagerie du Lac", slug="fromagerie")
SocialAccount.objects.create(
    workspace=ws, network="bluesky", handle="lac.example", external_id="did:plc:lac",
    credentials={"app_password": "abcd-efgh-ijkl-mnop"},
)
media = Path(settings.MEDIA_ROOT) / "posts" / "2026" / "photo.jpg"
media.parent.mkdir(parents=True, exist_ok=True)
media.write_bytes(b"\\xff\\xd8 a photo")
"""

READ = """
import json, django
django.setup()
from pathlib import Path
from django.conf import settings
from mostra.core.models import Workspace
from mostra.publishing.models import SocialAccount
from mostra.publishing.services.health import health
account = SocialAccount.objects.get()
print(json.dumps({
    "workspaces": list(Workspace.objects.values_list("slug", flat=True)),
    "credentials": account.credentials,
    "health": health(account).kind,
    "media": (Path(settings.MEDIA_ROOT) / "posts/2026/photo.jpg").read_bytes().decode("latin-1"),
}))
"""


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MOSTRA_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    return {
        **env,
        "MOSTRA_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "mostra.settings",
        "LANG": "C.UTF-8",
        **extra,
    }


def mostra(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mostra", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def python(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )


def seeded(env: dict[str, str]) -> None:
    assert mostra(env, "migrate").returncode == 0
    result = python(env, SEED)
    assert result.returncode == 0, result.stderr


def read(env: dict[str, str]) -> dict:
    result = python(env, READ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_round_trip_into_an_empty_data_directory(tmp_path):
    source = env_for(tmp_path / "source")
    seeded(source)
    archive = tmp_path / "saved" / "mostra.tar.gz"

    made = mostra(source, "backup", "-o", str(archive))
    assert made.returncode == 0, made.stderr
    assert "the sqlite database, the key and 1 media file" in made.stdout
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "database.sqlite3", "secret_key", "media/posts/2026/photo.jpg"} <= (
        names
    )

    target = env_for(tmp_path / "target")
    restored = mostra(target, "restore", str(archive))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "every secret is readable" in restored.stdout
    assert read(target) == {
        "workspaces": ["fromagerie"],
        "credentials": {"app_password": "abcd-efgh-ijkl-mnop"},
        "health": "connected",
        "media": "\xff\xd8 a photo",
    }
    assert (tmp_path / "target" / "secret_key").read_text() == (
        tmp_path / "source" / "secret_key"
    ).read_text()


def test_a_restore_into_a_mostra_with_data_is_refused(tmp_path):
    source = env_for(tmp_path / "source")
    seeded(source)
    archive = tmp_path / "mostra.tar.gz"
    assert mostra(source, "backup", "-o", str(archive)).returncode == 0

    again = mostra(source, "restore", str(archive))
    assert again.returncode == 2
    assert "already holds mostra's data" in again.stderr
    assert "Traceback" not in again.stderr


def damaged(archive: Path, target: Path) -> None:
    """A copy of ``archive`` whose database bytes were changed (the manifest kept)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            data = source.extractfile(member).read() if member.isfile() else b""
            if member.name == "database.sqlite3":
                data = data[:-1] + bytes([data[-1] ^ 1])
            copy.addfile(member, io.BytesIO(data))


def test_a_damaged_or_foreign_archive_restores_nothing(tmp_path):
    source = env_for(tmp_path / "source")
    seeded(source)
    archive = tmp_path / "mostra.tar.gz"
    assert mostra(source, "backup", "-o", str(archive)).returncode == 0
    broken = tmp_path / "broken.tar.gz"
    damaged(archive, broken)
    foreign = tmp_path / "notes.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("notes.txt"), io.BytesIO(b""))
    text = tmp_path / "notes.txt"
    text.write_text("hello")

    target_dir = tmp_path / "target"
    target = env_for(target_dir)
    for file, reason in [
        (broken, "database.sqlite3 is damaged"),
        (foreign, "no readable manifest.json"),
        (text, "it cannot be read as a .tar.gz"),
        (tmp_path / "missing.tar.gz", "cannot be read"),
    ]:
        result = mostra(target, "restore", str(file))
        assert result.returncode == 2, result.stdout
        assert reason in result.stderr
        assert "Traceback" not in result.stderr
    assert not (target_dir / "media").exists()
    assert "no such table" in python(target, READ).stderr  # nothing was restored


def test_a_restore_without_the_original_key_says_what_to_do(tmp_path):
    source = env_for(tmp_path / "source")
    seeded(source)
    archive = tmp_path / "mostra.tar.gz"
    assert mostra(source, "backup", "-o", str(archive)).returncode == 0

    # The operator starts the restored mostra with another key than the backup's.
    other_key = "a-different-secret-key-of-at-least-32-characters"
    target = env_for(tmp_path / "target", MOSTRA_SECRET_KEY=other_key)
    restored = mostra(target, "restore", str(archive))
    assert restored.returncode == 1
    assert "1 stored secret (network accounts (credentials): 1)" in restored.stderr
    assert "MOSTRA_ENCRYPTION_KEYS" in restored.stderr
    assert "mostra secrets forget-unreadable" in restored.stderr

    # Pages do not break meanwhile: the account reads as needing a reconnection.
    assert read(target)["health"] == "needs_reconnect"
    assert read(target)["credentials"] == {}

    # The key is lost for good: forget, and the account asks for a reconnection.
    forgot = mostra(target, "secrets", "forget-unreadable", "--yes")
    assert forgot.returncode == 0, forgot.stderr
    assert "1 secret forgotten." in forgot.stdout
    assert mostra(target, "secrets", "check").returncode == 0
    assert read(target)["health"] == "needs_reconnect"

    # With the backup's key (no MOSTRA_SECRET_KEY: the restored secret_key file),
    # the secret had never been lost before forgetting: a fresh restore reads it.
    again = env_for(tmp_path / "again")
    assert mostra(again, "restore", str(archive)).returncode == 0
    assert read(again)["credentials"] == {"app_password": "abcd-efgh-ijkl-mnop"}


def postgres_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.peer
@pytest.mark.skipif(not postgres_answers(), reason="PostgreSQL does not answer on 5432")
def test_round_trip_on_postgresql(tmp_path):
    import psycopg

    names = [f"mostra_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("src", "dst")]
    admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        urls = [f"postgres://postgres@127.0.0.1:5432/{name}" for name in names]
        key = "a-shared-secret-key-of-at-least-32-characters-long"
        source = env_for(tmp_path / "source", DATABASE_URL=urls[0], MOSTRA_SECRET_KEY=key)
        seeded(source)
        archive = tmp_path / "pg.tar.gz"
        made = mostra(source, "backup", "-o", str(archive))
        assert made.returncode == 0, made.stderr
        assert "the postgresql database" in made.stdout

        target = env_for(tmp_path / "target", DATABASE_URL=urls[1], MOSTRA_SECRET_KEY=key)
        restored = mostra(target, "restore", str(archive))
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert read(target)["credentials"] == {"app_password": "abcd-efgh-ijkl-mnop"}
        assert read(target)["workspaces"] == ["fromagerie"]
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_keys_from_the_environment_travel_with_the_backup(tmp_path):
    from cryptography.fernet import Fernet

    keys = f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}"
    source = env_for(tmp_path / "source", MOSTRA_ENCRYPTION_KEYS=keys)
    seeded(source)
    archive = tmp_path / "mostra.tar.gz"
    assert mostra(source, "backup", "-o", str(archive)).returncode == 0

    target = env_for(tmp_path / "target")  # no MOSTRA_ENCRYPTION_KEYS here
    restored = mostra(target, "restore", str(archive))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    key_file = tmp_path / "target" / "encryption_keys"
    assert key_file.read_text().strip() == keys
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert read(target)["credentials"] == {"app_password": "abcd-efgh-ijkl-mnop"}
