"""mostra's one adapter to django-tasks-db's worker internals fails loudly on an upgrade."""

from __future__ import annotations

import functools

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_tasks_db.management.commands.db_worker import Worker as LibraryWorker

from mostra.core import task_worker
from mostra.publishing import loop

ADVICE = "adapt mostra/core/task_worker.py"


def test_the_installed_library_has_all_the_adapter_uses():
    problems = task_worker.incompatibilities()
    assert problems == [], "\n".join(problems)


def test_a_method_gone_from_the_library_is_named(monkeypatch):
    monkeypatch.delattr(LibraryWorker, "run_task")
    (problem,) = task_worker.incompatibilities()
    assert "Worker.run_task() is gone" in problem
    assert "was written for 0.13.x" in problem and ADVICE in problem


def test_a_method_whose_parameters_changed_is_named(monkeypatch):
    monkeypatch.setattr(LibraryWorker, "run_task", lambda self, result, context: None)
    (problem,) = task_worker.incompatibilities()
    assert "Worker.run_task() now takes (result, context), not (db_task_result)" in problem


def test_a_constructor_keyword_renamed_is_named(monkeypatch):
    def renamed(self, *, queues, interval, batch, backend_name, startup_delay, max_tasks,
                worker_id, excluded_queue_names, concurrency):  # fmt: skip
        pass

    monkeypatch.setattr(LibraryWorker, "__init__", renamed)
    problems = task_worker.incompatibilities()
    assert any("Worker() no longer takes queue_names" in p for p in problems), problems
    assert any("Worker() now requires concurrency, queues" in p for p in problems), problems


def test_the_private_counter_gone_is_named(monkeypatch):
    original = LibraryWorker.__init__

    @functools.wraps(original)  # the same parameters
    def without_counter(self, **kwargs):
        original(self, **kwargs)
        del self._run_tasks

    monkeypatch.setattr(LibraryWorker, "__init__", without_counter)
    (problem,) = task_worker.incompatibilities()
    assert "a Worker no longer has _run_tasks" in problem


def test_the_worker_refuses_to_start_on_an_incompatible_library(monkeypatch):
    monkeypatch.setattr(loop, "incompatibilities", lambda: ["django-tasks-db 9.0: X is gone"])
    with pytest.raises(ImproperlyConfigured, match="django-tasks-db 9.0: X is gone"):
        loop.run_worker(batch=True)


@pytest.mark.django_db
def test_the_counter_of_tasks_run_reads_the_library_s():
    worker = loop.PublishingWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=task_worker.DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
        side_work=False,
    )
    assert worker.tasks_run == 0
    worker._run_tasks = 3  # what the library's run_task does after each task
    assert worker.tasks_run == 3 and worker._tasks_run() == 3
