"""Benchmark: render the Organisation page (sponsor, policy, RACI matrix) for a team.

    .venv/bin/python bench/organisation_page.py [--members 25] [--runs 30]

Prints the median time of the page and its ratio to a baseline measured in the same
run: the login page (templates, middleware and session, but no workspace data). The
ratio is what to compare between runs; these machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("MOSTRA_DATA_DIR", tempfile.mkdtemp(prefix="mostra-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mostra.settings")


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=25)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from mostra.core.models import Membership, Role, User
    from mostra.core.services.workspaces import create_workspace

    call_command("migrate", verbosity=0)
    owner = User.objects.create_user("bench-owner@example.org", "x" * 16)
    workspace = create_workspace(owner, "Bench", slug="bench")
    for i in range(args.members - 1):
        user = User.objects.create_user(f"bench{i}@example.org", None)
        Membership.objects.create(workspace=workspace, user=user, role=Role.EDITOR)

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(owner)
    anonymous = Client(HTTP_HOST="127.0.0.1")
    url = f"/w/{workspace.slug}/organisation/"

    def page() -> None:
        assert client.get(url).status_code == 200

    def baseline() -> None:
        assert anonymous.get("/accounts/login/").status_code == 200

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        page()
    base_ms = median_ms(baseline, args.runs)
    page_ms = median_ms(page, args.runs)
    print(
        f"organisation page, {args.members} members x {workspace.activities.count()} "
        f"activities: median {page_ms:.1f} ms, baseline (login page) {base_ms:.1f} ms, "
        f"ratio {page_ms / base_ms:.2f}, {len(queries)} queries"
    )


if __name__ == "__main__":
    main()
