"""The strategy page of the demo reads the active language, time zone and URL settings a
bounded number of times.

Each of these reads takes a lock that every thread of a web process shares (asgiref's
``Local``): repeated per row, they made the strategy page slower with 8 threads than
with one (issue 15). Counted like queries, never timed.
"""

from __future__ import annotations

import pytest
from asgiref import local

from mostra.core import demo
from tests.conftest import client_for

#: The demo's strategy page took 6,719 before the per-row translations were cut, 1,449
#: after.
MAX_LOOKUPS = 2_500


@pytest.mark.django_db
def test_the_demo_strategy_page_takes_the_shared_lock_a_bounded_number_of_times(owner, monkeypatch):
    workspace = demo.build_demo(owner)
    client = client_for(owner)
    url = f"/w/{workspace.slug}/strategy/"
    assert client.get(url).status_code == 200
    reads = []
    original = local._DefaultLocal.__getattr__

    def counted(self, key):
        reads.append(key)
        return original(self, key)

    monkeypatch.setattr(local._DefaultLocal, "__getattr__", counted)
    assert client.get(url).status_code == 200
    assert 0 < len(reads) <= MAX_LOOKUPS, len(reads)
