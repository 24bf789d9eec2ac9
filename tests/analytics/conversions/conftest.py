"""The French of this work waits in var/fr-pending/conversions.po until it is merged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.pending_french import pending

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _pending_french() -> Iterator[None]:
    with pending("conversions"):
        yield
