"""The French of work whose catalogue entries wait in ``var/fr-pending/`` for the merge.

Each piece of work writes its new strings with their French into a PO fragment there,
and the catalogues in ``mostra/locale`` are merged from them later. Until then, the
``pending_french`` fixture adds a fragment's entries to the French catalogue for one
test, so that pages are checked in French now; once merged, the catalogue has them and
the fixture changes nothing.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest
from django.utils.translation import trans_real

PENDING = Path(__file__).resolve().parents[2] / "var" / "fr-pending"


@contextmanager
def pending(tag: str) -> Iterator[None]:
    """The entries of ``var/fr-pending/<tag>.po`` in the French catalogue, meanwhile."""
    fragment = PENDING / f"{tag}.po"
    if not fragment.exists():
        yield
        return
    compiled = gettext.GNUTranslations(io.BytesIO(polib.pofile(str(fragment)).to_binary()))
    compiled._catalog.pop("", None)  # type: ignore[attr-defined] - the header is not a string
    catalogue = trans_real.translation("fr")._catalog
    catalogues, plurals = [dict(c) for c in catalogue._catalogs], list(catalogue._plurals)
    catalogue.update(compiled)
    try:
        yield
    finally:
        catalogue._catalogs[:], catalogue._plurals[:] = catalogues, plurals


@pytest.fixture
def pending_french() -> Iterator[None]:
    """The entries of ``var/fr-pending/h7-login.po`` in the French catalogue, for a test."""
    with pending("h7-login"):
        yield
