"""Benchmark: render the Organisation page (sponsor, policy, RACI matrix) for a team.

    .venv/bin/python bench/organisation_page.py [--members 25] [--runs 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<throw-away db> .venv/bin/python ...

Times the page through the full middleware stack (Django's test client, logged in as
the owner), interleaved with its baseline in the same process: the workspace's *shell
page* (:func:`timing.shell_page_url`), a page of the same workspace served by the same
stack for the same member (session, user, membership check, navigation, ``base.html``)
with nothing of its own. The ratio is what the organisation page's own content costs
on top of what every workspace page pays; a static file (served by WhiteNoise, before
the session and authentication middleware: no query, no template) is printed too, as
the floor of the stack. Wall and CPU time per request, the queries of each page; the
last line is the JSON of :func:`timing.emit`.
"""

from __future__ import annotations

import argparse

from timing import (
    compare,
    count_queries,
    emit,
    report,
    set_up_django,
    shell_page_url,
    static_file,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=25)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    set_up_django()
    from django.db import connection
    from django.test import Client

    from mostra.core.models import Membership, Role, User
    from mostra.core.services.workspaces import create_workspace

    owner = User.objects.create_user("bench-owner@example.org", "x" * 16)
    workspace = create_workspace(owner, "Bench", slug="bench")
    for i in range(args.members - 1):
        user = User.objects.create_user(f"bench{i}@example.org", None)
        Membership.objects.create(workspace=workspace, user=user, role=Role.EDITOR)

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(owner)
    url = f"/w/{workspace.slug}/organisation/"
    shell_url = shell_page_url(workspace.slug)

    def page() -> None:
        assert client.get(url).status_code == 200

    def shell() -> None:
        assert client.get(shell_url).status_code == 200

    queries, shell_queries = count_queries(page), count_queries(shell)
    activities = workspace.activities.count()
    label = f"organisation page, {args.members} members x {activities} activities"
    comparison = compare(page, shell, args.runs)
    report(label, comparison, baseline="shell page", ratio_digits=2, queries=queries)
    floor = compare(page, lambda: static_file(client), args.runs)
    report(label, floor, baseline="static file", ratio_digits=1)
    print(f"shell page: {shell_queries} queries; static file: 0 queries")
    emit(
        "organisation_page",
        database=connection.vendor,
        members=args.members,
        activities=activities,
        **comparison.figures(),
        baseline="shell page",
        queries=queries,
        baseline_queries=shell_queries,
        static_file_ms=round(floor.baseline_ms, 3),
        static_file_cpu_ms=round(floor.baseline_cpu_ms, 3),
    )


if __name__ == "__main__":
    main()
