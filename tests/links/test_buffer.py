"""The click buffer: what threads count is exactly what a flush writes."""

from __future__ import annotations

import threading

import pytest

from mostra.core.models import Membership
from mostra.links.clicks import ClickBuffer
from mostra.links.models import ClickDay
from mostra.links.services.links import create_link


@pytest.mark.django_db(transaction=True)
def test_counts_from_threads_are_all_written(owner_membership: Membership):
    links = [
        create_link(owner_membership, f"https://example.org/{i}", medium="paid") for i in range(3)
    ]
    buffer = ClickBuffer(autostart=False)
    per_thread = 200

    def visit(thread: int) -> None:
        for i in range(per_thread):
            buffer.count(links[i % 3].pk, f"10.0.{thread}.{i}", f"Mozilla/5.0 ({thread})")

    threads = [threading.Thread(target=visit, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    flushed = 0
    while any(t.is_alive() for t in threads):
        flushed += buffer.flush()
    for thread in threads:
        thread.join()
    flushed += buffer.flush()
    assert flushed == 4 * per_thread
    rows = ClickDay.objects.filter(link__in=links)
    assert sum(r.clicks for r in rows) == 4 * per_thread
    assert sum(r.uniques for r in rows) == 4 * per_thread
    assert buffer.pending() == 0


@pytest.mark.django_db
def test_a_deleted_links_clicks_are_dropped(owner_membership: Membership):
    link = create_link(owner_membership, "https://example.org/", medium="organic")
    buffer = ClickBuffer(autostart=False)
    assert buffer.count(link.pk, "10.0.0.1", "Mozilla/5.0")
    link.delete()
    assert buffer.flush() == 0
    assert ClickDay.objects.count() == 0


@pytest.mark.django_db
def test_the_visitors_remembered_stay_bounded(owner_membership: Membership, monkeypatch):
    from mostra.links import clicks

    monkeypatch.setattr(clicks, "MAX_SEEN", 10)
    link = create_link(owner_membership, "https://example.org/", medium="organic")
    buffer = ClickBuffer(autostart=False)
    start = 1_800_000_000.0
    for i in range(30):
        assert buffer.count(link.pk, f"10.1.0.{i}", "Mozilla/5.0", now=start + i * 100)
    assert len(buffer._seen) <= 10
    assert buffer.flush() == 30
