"""A link card's page is read while the post is being published: a site answering one
byte at a time gets :data:`link_card.DEADLINE` seconds in all, then the card is titled
with the address and the post goes out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mostra.core.http import outbound_client
from mostra.integrations.bluesky import link_card
from tests.tarpit import Tarpit, http_answer

PAGE = b"<html><head><title>Salon du fromage</title></head></html>"


@pytest.fixture
def slow_site(settings) -> Iterator[Tarpit]:
    """Its page's headers at once, then its HTML a byte every half second (28 s)."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    answer = http_answer(PAGE, "text/html; charset=utf-8")
    site = Tarpit(answer[: -len(PAGE)], PAGE, every=0.5)
    yield site
    site.close()


def test_a_page_dribbled_byte_by_byte_gives_up_at_the_deadline(slow_site, monkeypatch):
    """Each byte comes well within the 5 s read timeout: only the deadline stops it."""
    monkeypatch.setattr(link_card, "DEADLINE", 1.5)  # 8 s in production
    link = slow_site.url + "salon"
    with outbound_client() as client:
        title, description = link_card.read_page(client, link)
    assert (title, description) == (link.removeprefix("http://"), "")


def test_a_page_in_time_gives_its_title(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    site = Tarpit(http_answer(PAGE, "text/html"), b"")
    try:
        with outbound_client() as client:
            assert link_card.read_page(client, site.url)[0] == "Salon du fromage"
    finally:
        site.close()
