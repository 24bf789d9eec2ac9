"""Shared helpers of the importers' tests: the fixtures folder and row counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mostra.analytics.models import AccountPost, FollowerCount, ImportRun, TrackedAccount

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def rows() -> tuple[int, int, int, int]:
    """(accounts, posts, follower counts, import runs): to prove nothing was added."""
    return (
        TrackedAccount.objects.count(),
        AccountPost.objects.count(),
        FollowerCount.objects.count(),
        ImportRun.objects.count(),
    )


@pytest.fixture
def mastodon_folder(tmp_path) -> Path:
    """A Mastodon archive as a folder: outbox.json (with counts) and actor.json."""
    folder = tmp_path / "mastodon"
    folder.mkdir()
    shutil.copy(FIXTURES / "mastodon" / "outbox_counts.json", folder / "outbox.json")
    shutil.copy(FIXTURES / "mastodon" / "actor.json", folder / "actor.json")
    return folder
