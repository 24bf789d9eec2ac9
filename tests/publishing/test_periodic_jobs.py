"""Every periodic job of the worker's side work exists: a missing one stops the worker
at its start, loudly, instead of quietly never running."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from mostra.publishing import side_work
from mostra.publishing.loop import Loop


@pytest.mark.parametrize(("module", "name", "every"), side_work.PERIODIC)
def test_every_periodic_job_resolves_to_a_function(module, name, every):
    function = side_work.resolve(module, name)
    assert callable(function)
    assert every >= 0


def test_a_missing_periodic_job_stops_the_worker_at_its_start(monkeypatch):
    jobs = (*side_work.PERIODIC, ("mostra.reports.services", "send_nothing", 60))
    monkeypatch.setattr(side_work, "PERIODIC", jobs)
    with pytest.raises(ImproperlyConfigured, match=r"mostra\.reports\.services\.send_nothing"):
        Loop(side_work=True)
    Loop(side_work=False)  # the publishing alone does not run the side work


def test_a_missing_module_is_not_a_job_that_did_nothing(monkeypatch):
    monkeypatch.setattr(side_work, "PERIODIC", (("mostra.nowhere", "send_due", 0),))
    with pytest.raises(ImproperlyConfigured, match="cannot be found"):
        side_work.SideWork().turn(dt.datetime(2025, 1, 6, tzinfo=dt.UTC))
