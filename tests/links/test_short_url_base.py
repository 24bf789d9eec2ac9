"""Where a short link points: the short domain when the instance names one, else its
public address when set, else the address the page was asked on (as every link mostra
writes: ``mostra up --port 8765`` must not print the default port on the Links page, in
the QR codes or in the API)."""

from __future__ import annotations

import dataclasses

import pytest
from django.test import RequestFactory

from mostra.links.services.links import create_link, short_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(owner_membership):
    return create_link(owner_membership, "https://example.org/inscriptions", medium="offline")


def _config(settings, **changes):
    settings.CONFIG = dataclasses.replace(settings.CONFIG, **changes)


def test_without_an_address_set_the_link_follows_the_request(link, settings):
    _config(settings, base_url_explicit=False, short_link_base="")
    request = RequestFactory().get("/w/fromagerie/links/", HTTP_HOST="127.0.0.1:8765")
    assert short_url(link, request) == f"http://127.0.0.1:8765/l/{link.code}"


def test_the_public_address_or_the_short_domain_wins_over_the_request(link, settings):
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8765")
    _config(settings, base_url_explicit=True, short_link_base="")
    settings.MOSTRA_SHORT_LINK_BASE = "https://mostra.example.org"
    assert short_url(link, request) == f"https://mostra.example.org/l/{link.code}"
    _config(settings, short_link_base="https://go.example.org")
    settings.MOSTRA_SHORT_LINK_BASE = "https://go.example.org"
    assert short_url(link, request) == f"https://go.example.org/l/{link.code}"
    assert short_url(link) == f"https://go.example.org/l/{link.code}"  # the command line


def test_the_links_page_shows_the_address_it_was_asked_on(link, owner, settings):
    from django.test import Client

    _config(settings, base_url_explicit=False, short_link_base="")
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    client = Client(HTTP_HOST="127.0.0.1:8765")
    client.force_login(owner)
    html = client.get("/w/fromagerie/links/").content.decode()
    assert f"http://127.0.0.1:8765/l/{link.code}" in html
