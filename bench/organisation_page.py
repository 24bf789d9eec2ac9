"""Benchmark: render the Organisation page (sponsor, policy, RACI matrix) for a team.

    .venv/bin/python bench/organisation_page.py [--members 25] [--runs 30]

Prints the median time of the page and its ratio to a baseline measured in the same
run: the login page (templates, middleware and session, but no workspace data). The
ratio is what to compare between runs; these machines are noisy.
"""

from __future__ import annotations

import argparse

from timing import compare, count_queries, report, set_up_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=25)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    set_up_django()
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
    anonymous = Client(HTTP_HOST="127.0.0.1")
    url = f"/w/{workspace.slug}/organisation/"

    def page() -> None:
        assert client.get(url).status_code == 200

    def baseline() -> None:
        assert anonymous.get("/accounts/login/").status_code == 200

    queries = count_queries(page)
    report(
        f"organisation page, {args.members} members x {workspace.activities.count()} activities",
        compare(page, baseline, args.runs),
        baseline="login page",
        ratio_digits=2,
        queries=queries,
    )


if __name__ == "__main__":
    main()
