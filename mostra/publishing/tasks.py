"""Background work of publishing, run by ``mostra worker`` (django-tasks).

Most publishing needs no task: the worker's loop (:mod:`mostra.publishing.loop`)
turns due rows into work every second. Tasks serve what should not wait for the
loop, or must not slow it down: publishing at once ("publish now"), and one tick of
the loop for deployments that only run ``db_worker``. Each is safe to run twice: the
claims see to it. The notifications' e-mails are the notification centre's
(:mod:`mostra.notifications.tasks`).
"""

from __future__ import annotations

from django_tasks import task


@task()
def publish_publication(publication_id: int) -> str | None:
    """Claim and publish one publication now, if it is due and nobody has it."""
    from mostra.publishing.scheduler.publisher import publish_one, worker_id

    result = publish_one(publication_id, worker_id())
    return result.state if result else None


@task()
def email_notifications(notification_ids: list[int]) -> int:
    """Tasks queued before the notification centre took the e-mails over: handed to it
    (named, not imported: it is a layer above), each e-mailed at most once."""
    import importlib

    emails = importlib.import_module("mostra.notifications.services.emails")
    return int(emails.send_now(notification_ids))


@task()
def publishing_tick() -> int:
    """One turn of the loop: release stale claims, publish what is due, the rest."""
    from mostra.publishing.loop import Loop

    return Loop().tick().done
