"""``mostra worker --until-idle``: run what is due, then exit (for cron and tests)."""

from __future__ import annotations

import datetime as dt

from django_tasks_db.models import DBTaskResult

from mostra.editorial.models import PostStatus
from mostra.publishing import tasks
from mostra.publishing.loop import idle, run_worker
from mostra.publishing.models import PublicationState
from mostra.publishing.scheduler import clock
from mostra.publishing.services import claims
from tests.publishing.conftest import fresh

S = PublicationState


def test_a_publication_due_now_is_published_within_the_run(make_publication, fake_server):
    # A second ago: on PostgreSQL the worker reads the database's clock again, and on a
    # loaded machine its offset may come out a few milliseconds smaller than before.
    publication = make_publication(due=clock.now() - dt.timedelta(seconds=1))
    run_worker(until_idle=True, interval=0)
    publication = fresh(publication)
    assert publication.state == S.PUBLISHED
    assert publication.variant.post.status == PostStatus.PUBLISHED
    assert len(fake_server.posts) == 1
    assert idle()


def test_a_queued_task_runs_before_the_worker_exits(make_publication, fake_server, moment):
    later = make_publication(due=moment() + dt.timedelta(hours=1))
    tasks.email_notifications.enqueue([])
    assert not idle()
    run_worker(until_idle=True, interval=0)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert fresh(later).state == S.PENDING  # not due: left for its time
    assert fake_server.posts == []


def test_the_task_and_the_loop_on_one_publication_send_it_once(make_publication, fake_server):
    publication = make_publication()
    tasks.publish_publication.enqueue(publication.pk)  # as "publish now" does
    run_worker(until_idle=True, interval=0)
    assert fresh(publication).state == S.PUBLISHED
    # The loop's tick came first; the task found it taken, and did nothing.
    assert DBTaskResult.objects.get().return_value is None
    assert len(fake_server.posts) == 1


def test_the_publish_task_publishes_a_due_publication(make_publication, fake_server):
    publication = make_publication()
    assert tasks.publish_publication.call(publication.pk) == S.PUBLISHED
    assert tasks.publish_publication.call(publication.pk) is None  # safe to run twice
    assert len(fake_server.posts) == 1


def test_an_idle_worker_exits_at_once(db):
    assert idle()
    run_worker(until_idle=True, interval=0)


def test_a_publication_being_published_keeps_the_worker_until_it_is_recovered(
    make_publication, fake_server, moment
):
    publication = make_publication(due=moment())
    claims.claim(publication.pk, "dead-worker", moment())
    assert not idle()
    moment.advance(minutes=6)  # the lease is over: the run takes it back
    run_worker(until_idle=True, interval=0)
    assert fresh(publication).state == S.PUBLISHED


# --- The command ------------------------------------------------------------------------------


def test_the_command_publishes_what_is_due_then_exits(make_publication, fake_server):
    from click.testing import CliRunner

    from mostra import cli

    publication = make_publication()
    result = CliRunner().invoke(cli.mostra, ["worker", "--until-idle"])
    assert result.exit_code == 0, result.output
    assert fresh(publication).state == S.PUBLISHED
    assert len(fake_server.posts) == 1


def test_the_command_says_what_until_idle_is_for():
    from click.testing import CliRunner

    from mostra import cli

    result = CliRunner().invoke(cli.mostra, ["worker", "--help"])
    assert result.exit_code == 0
    assert "--until-idle" in result.output
    assert "for cron and tests" in " ".join(result.output.split())


def test_several_processes_run_until_idle_then_all_exit(tmp_path):
    """``--concurrency 2 --until-idle``: each child runs until idle; none is restarted."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOSTRA_", "DATABASE_URL"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(MOSTRA_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1")
    run = [sys.executable, "-m", "mostra"]
    subprocess.run([*run, "migrate"], env=env, check=True, capture_output=True, timeout=120)
    done = subprocess.run(
        [*run, "worker", "--concurrency", "2", "--until-idle"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "2 workers started" in done.stdout
