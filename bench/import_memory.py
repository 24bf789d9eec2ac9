"""Benchmark: the memory and time of importing a large X archive and Mastodon archive.

    .venv/bin/python bench/import_memory.py [--size-mb 200] [--runs 3] [--baseline-max-mb 600]
    .venv/bin/python bench/import_memory.py --size-mb 2048 --runs 1      # the 2 GB case
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/import_memory.py

Generates, in a temporary folder, an X archive (``twitter.zip``: ``data/tweets.js`` and
its parts of 25,000 tweets, ``account.js``, deflated as X does) and a Mastodon archive
(``archive.tar.gz``: ``outbox.json``, ``actor.json``, ``likes.json``) whose JSON adds
up to ``--size-mb`` each (40 % reposts, 10 % replies, as bench/import_x_archive.py).

Then ``--runs`` rounds, each interleaving for each archive: a child process that imports
it (``run_import`` on a database migrated once; the account and its rows deleted before
each import) and a baseline child doing what any whole-file reader pays: reading the same
JSON files whole and ``json.loads`` of each, keeping what it read (the importers did
this before they read streams). Each child's peak RSS is its ``ru_maxrss`` (from
``os.wait4``); its time is measured inside it, around the import or the parse. The
baseline needs about five times the JSON in memory: above ``--baseline-max-mb`` it is
skipped (``null`` in the figures).

Prints one line per archive (medians), then one JSON line of every figure
(``timing.emit``: the X archive's peak RSS, its baseline's and their ratio first; the
CPU time counts the children's).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from timing import emit

ROOT = Path(__file__).resolve().parent.parent
HANDLE = "bench"
ACCOUNT_ID = "1234567890"
ACTOR = "https://mastodon.example/users/bench"
PART = 25_000
TEXTS = (
    "Le comté 24 mois est de retour à la fromagerie ! 🧀",
    "Our 24-month Comté is back in the shop!",
    "Atelier dégustation samedi à 10 h, places limitées.",
    "Tasting workshop on Saturday at 10am, limited seats.",
)


# --- The archives -----------------------------------------------------------------------


def _kind(rng: random.Random) -> str:
    roll = rng.random()
    return "repost" if roll < 0.4 else "reply" if roll < 0.5 else "original"


def _tweet(index: int, moment: datetime, rng: random.Random) -> dict[str, object]:
    """One tweet as X's archive writes it (the fields of tests/analytics/fixtures)."""
    tweet_id = str(1_800_000_000_000_000_000 + index)
    text = TEXTS[index % len(TEXTS)]
    tweet: dict[str, object] = {
        "edit_info": {"initial": {"editTweetIds": [tweet_id], "editable": False}},
        "retweeted": False,
        "source": '<a href="https://mostra.example" rel="nofollow">mostra</a>',
        "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
        "display_text_range": ["0", str(len(text))],
        "favorite_count": str(rng.randint(0, 80)),
        "id_str": tweet_id,
        "truncated": False,
        "retweet_count": str(rng.randint(0, 20)),
        "id": tweet_id,
        "created_at": moment.strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "favorited": False,
        "full_text": text,
        "lang": "fr" if index % 2 == 0 else "en",
    }
    kind = _kind(rng)
    if kind == "repost":
        tweet["full_text"] = f"RT @voisin: {text}"
    elif kind == "reply":
        tweet["in_reply_to_status_id_str"] = str(1_700_000_000_000_000_000 + index)
        tweet["full_text"] = f"@voisin {text}"
    return {"tweet": tweet}


def write_x_archive(path: Path, size: int) -> tuple[int, int]:
    """A zip like X's whose tweets*.js add up to ``size`` bytes; (tweets, JSON bytes)."""
    rng = random.Random(1)
    moment = datetime(2020, 1, 1, 8, tzinfo=UTC)
    index = written = part = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        account = [{"account": {"username": HANDLE, "accountId": ACCOUNT_ID,
                                "accountDisplayName": "Bench"}}]  # fmt: skip
        archive.writestr("data/account.js", "window.YTD.account.part0 = " + json.dumps(account))
        while written < size:
            name = "data/tweets.js" if part == 0 else f"data/tweets-part{part}.js"
            with archive.open(name, "w", force_zip64=True) as member:
                head = f"window.YTD.tweets.part{part} = [\n".encode()
                member.write(head)
                written += len(head)
                for number in range(PART):
                    moment += timedelta(minutes=rng.randint(1, 90))
                    item = json.dumps(_tweet(index, moment, rng), indent=2).encode()
                    item = (b",\n" if number else b"") + item
                    member.write(item)
                    written += len(item)
                    index += 1
                    if written >= size:
                        break
                member.write(b"\n]")
            part += 1
    return index, written


def _activity(index: int, moment: datetime, rng: random.Random) -> dict[str, object]:
    """One outbox activity as Mastodon writes it (the fields of tests/analytics/fixtures)."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    public, followers = "https://www.w3.org/ns/activitystreams#Public", f"{ACTOR}/followers"
    kind = _kind(rng)
    if kind == "repost":
        return {"id": f"{ACTOR}/statuses/{index}/activity", "type": "Announce", "actor": ACTOR,
                "published": stamp, "to": [public], "cc": [followers],
                "object": f"https://autre.example/users/voisin/statuses/{index}"}  # fmt: skip
    language, text = ("fr" if index % 2 == 0 else "en"), TEXTS[index % len(TEXTS)]
    note_id = f"{ACTOR}/statuses/{index}"
    note = {
        "id": note_id, "type": "Note", "published": stamp,
        "url": f"https://mastodon.example/@bench/{index}", "to": [public], "cc": [followers],
        "inReplyTo": f"{ACTOR.replace('bench', 'voisin')}/statuses/{index}"
        if kind == "reply" else None,
        "content": f"<p>{text}</p>", "contentMap": {language: f"<p>{text}</p>"},
        "likes": {"id": f"{note_id}/likes", "type": "Collection",
                  "totalItems": rng.randint(0, 50)},
        "shares": {"id": f"{note_id}/shares", "type": "Collection",
                   "totalItems": rng.randint(0, 9)},
    }  # fmt: skip
    return {"id": f"{note_id}/activity", "type": "Create", "actor": ACTOR, "published": stamp,
            "to": [public], "cc": [followers], "object": note}  # fmt: skip


def write_mastodon_archive(path: Path, size: int, folder: Path) -> tuple[int, int]:
    """A .tar.gz like Mastodon's whose outbox.json is ``size`` bytes; (activities, bytes)."""
    rng = random.Random(1)
    moment = datetime(2020, 1, 1, 8, tzinfo=UTC)
    outbox = folder / "outbox.json"
    count = 0
    with outbox.open("wb") as file:
        file.write(b'{"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json", '
                   b'"type": "OrderedCollection", "orderedItems": [\n')  # fmt: skip
        while file.tell() < size:
            moment += timedelta(minutes=rng.randint(1, 90))
            item = json.dumps(_activity(count, moment, rng)).encode()
            file.write((b",\n" if count else b"") + item)
            count += 1
        file.write(b"\n]}")
    actor = {"id": ACTOR, "type": "Person", "preferredUsername": "bench", "name": "Bench",
             "url": "https://mastodon.example/@bench"}  # fmt: skip
    likes = {"type": "OrderedCollection", "orderedItems": ["https://autre.example/s/1"]}
    (folder / "actor.json").write_text(json.dumps(actor), encoding="utf-8")
    (folder / "likes.json").write_text(json.dumps(likes), encoding="utf-8")
    written = outbox.stat().st_size
    with tarfile.open(path, "w:gz", compresslevel=1) as archive:
        for name in ("outbox.json", "actor.json", "likes.json"):
            archive.add(folder / name, arcname=name)
            (folder / name).unlink()
    return count, written


# --- The children -----------------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_import(kind: str, path: Path) -> dict[str, float]:
    """Import ``path`` into the bench workspace (Django set up on the parent's database)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mostra.settings")
    import django

    django.setup()
    from mostra.analytics.importers import run_import
    from mostra.core.models import Workspace

    workspace = Workspace.objects.get(slug="bench-memory")
    setup = _rss_mb()
    start = time.perf_counter()
    result = run_import(workspace, kind, path)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "setup_rss_mb": setup, "posts": result.counts["posts"]}


def child_baseline(kind: str, path: Path) -> dict[str, float]:
    """Read the archive's JSON whole and ``json.loads`` it, keeping the result."""
    start = time.perf_counter()
    kept = []
    if kind == "x-archive":
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if "tweets" in name:
                    text = archive.read(name).decode("utf-8")
                    kept.append(json.loads(text[text.index("[") :]))
                    del text
    else:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile("outbox.json")
            assert member is not None
            kept.append(json.loads(member.read()))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "posts": sum(len(k) if isinstance(k, list) else
                                            len(k["orderedItems"]) for k in kept)}  # fmt: skip


# --- The parent (Django stays out of it: a child's ru_maxrss counts its parent's RSS
# at the fork, so the parent keeps small and leaves every database step to children) ----


def child_setup() -> dict[str, object]:
    """Migrate (a fresh database unless DATABASE_URL names one); the bench workspace."""
    sys.path.insert(0, str(ROOT / "bench"))
    from timing import set_up_django

    set_up_django()
    from django.db import connection

    from mostra.core.models import User, Workspace
    from mostra.core.services.workspaces import create_workspace

    user = User.objects.filter(email="bench@example.org").first() or User.objects.create_user(
        "bench@example.org", "bench"
    )
    if not Workspace.objects.filter(slug="bench-memory").exists():
        create_workspace(user, "Bench memory", slug="bench-memory")
    return {"vendor": connection.vendor}


def child_empty(remove: bool = False) -> dict[str, object]:
    """Delete the imported account and its rows (``remove``: the workspace and user too,
    so that a shared database is left as it was)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mostra.settings")
    import django

    django.setup()
    from mostra.analytics.models import ImportRun, TrackedAccount
    from mostra.core.models import User, Workspace

    TrackedAccount.objects.filter(workspace__slug="bench-memory").delete()
    ImportRun.objects.filter(workspace__slug="bench-memory").delete()
    if remove:
        Workspace.objects.filter(slug="bench-memory").delete()
        User.objects.filter(email="bench@example.org").delete()
    return {}


def child_write(folder: Path, size: int) -> dict[str, object]:
    x = write_x_archive(folder / "twitter.zip", size)
    mastodon = write_mastodon_archive(folder / "archive.tar.gz", size, folder)
    return {"x-archive": x, "mastodon-archive": mastodon}


def run_child(*arguments: str) -> dict[str, Any]:
    """Run ``bench/import_memory.py --child …``; its figures, with its peak RSS (MB,
    from wait4: this child's own)."""
    command = [sys.executable, __file__, "--child", *arguments]
    process = subprocess.Popen(command, stdout=subprocess.PIPE)
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed with status {process.returncode}")
    figures = json.loads(output.decode().strip().splitlines()[-1])
    figures["peak_rss_mb"] = usage.ru_maxrss / 1024
    return figures


def median(samples: list[dict[str, float]], key: str) -> float | None:
    values = [s[key] for s in samples if s.get(key) is not None]
    return round(statistics.median(values), 2) if values else None


def child(arguments: list[str]) -> dict[str, Any]:
    mode, rest = arguments[0], arguments[1:]
    if mode == "setup":
        return child_setup()
    if mode == "empty":
        return child_empty(remove=bool(rest))
    if mode == "write":
        return child_write(Path(rest[0]), int(rest[1]))
    if mode == "import":
        return child_import(rest[0], Path(rest[1]))
    return child_baseline(rest[0], Path(rest[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-max-mb", type=float, default=600)
    parser.add_argument("--keep", action="store_true", help="keep the archives (their folder)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return

    # The children share one throw-away data directory (its SQLite database).
    os.environ.setdefault("MOSTRA_DATA_DIR", tempfile.mkdtemp(prefix="mostra-bench-"))
    vendor = run_child("setup")["vendor"]
    folder = Path(tempfile.mkdtemp(prefix="mostra-import-memory-"))
    size = int(args.size_mb * 1024**2)
    started = time.perf_counter()
    written = run_child("write", str(folder), str(size))
    print(f"archives written in {time.perf_counter() - started:.0f} s in {folder}")
    paths = {"x-archive": folder / "twitter.zip", "mastodon-archive": folder / "archive.tar.gz"}
    baseline = args.size_mb <= args.baseline_max_mb
    samples: dict[str, dict[str, list[dict[str, Any]]]] = {
        kind: {"import": [], "baseline": []} for kind in paths
    }
    for run in range(args.runs):
        for kind, path in paths.items():
            modes = ["import", "baseline"] if run % 2 == 0 else ["baseline", "import"]
            for mode in modes:
                if mode == "baseline" and not baseline:
                    continue
                if mode == "import":
                    run_child("empty")
                samples[kind][mode].append(run_child(mode, kind, str(path)))
    figures: dict[str, Any] = {
        "date": datetime.now(UTC).date().isoformat(),
        "vendor": vendor,
        "size_mb": args.size_mb,
        "runs": args.runs,
    }
    for kind, path in paths.items():
        count, json_bytes = written[kind]
        measured, base = samples[kind]["import"], samples[kind]["baseline"]
        entry: dict[str, Any] = {
            "posts": count,
            "json_mb": round(json_bytes / 1024**2, 1),
            "archive_mb": round(path.stat().st_size / 1024**2, 1),
            "peak_rss_mb": median(measured, "peak_rss_mb"),
            "setup_rss_mb": median(measured, "setup_rss_mb"),
            "seconds": median(measured, "seconds"),
            "baseline_peak_rss_mb": median(base, "peak_rss_mb"),
            "baseline_seconds": median(base, "seconds"),
        }
        assert all(s["posts"] == count for s in measured), (kind, measured, count)
        if entry["baseline_peak_rss_mb"]:
            entry["rss_ratio"] = round(entry["peak_rss_mb"] / entry["baseline_peak_rss_mb"], 2)
            entry["time_ratio"] = round(entry["seconds"] / entry["baseline_seconds"], 2)
        figures[kind] = entry
        print(
            f"{kind}, {count:,} posts, {entry['json_mb']} MB of JSON "
            f"({entry['archive_mb']} MB packed), {vendor}: peak RSS "
            f"{entry['peak_rss_mb']} MB (after Django's set-up {entry['setup_rss_mb']} MB), "
            f"{entry['seconds']} s; baseline (json.loads of the files) "
            f"{entry['baseline_peak_rss_mb']} MB, {entry['baseline_seconds']} s"
        )
    try:
        run_child("empty", "remove")
    except SystemExit as exc:  # the figures stand; the database is a throw-away one
        print(f"could not remove the bench workspace: {exc}", file=sys.stderr)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    x = figures["x-archive"]
    emit(
        "import_memory",
        # The X archive's figures first (the measured figure is memory), then each kind's.
        peak_rss_mb=x["peak_rss_mb"],
        baseline="json.loads of the whole files, kept",
        baseline_peak_rss_mb=x["baseline_peak_rss_mb"],
        ratio=x.get("rss_ratio"),
        median_ms=round(x["seconds"] * 1000, 1),
        baseline_ms=round(x["baseline_seconds"] * 1000, 1) if x["baseline_seconds"] else None,
        **figures,
    )


if __name__ == "__main__":
    main()
