"""A request for a host name mostra does not answer to: MOSTRA_ALLOWED_HOSTS is named."""

from __future__ import annotations

import logging

import pytest
from django.test import Client


@pytest.fixture
def stranger() -> Client:
    """A browser that reached mostra by a name it was not given."""
    return Client(HTTP_HOST="mostra.example.org:8000")


def test_the_400_page_says_which_setting_to_change(stranger):
    response = stranger.get("/")
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "This mostra does not answer to the name mostra.example.org. Its administrator can add "
        "'mostra.example.org' to MOSTRA_ALLOWED_HOSTS (comma-separated host names), then "
        "restart mostra."
    ) in page
    assert "ALLOWED_HOSTS" not in page.replace("MOSTRA_ALLOWED_HOSTS", "")


def test_the_400_page_speaks_the_browsers_language():
    response = Client(HTTP_HOST="mostra.example.org", HTTP_ACCEPT_LANGUAGE="fr").get("/")
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="fr">' in page  # Its text: var/fr-pending/h2-settings.po until merged.
    assert "MOSTRA_ALLOWED_HOSTS" in page


def test_the_debug_page_names_mostra_s_setting(stranger, settings):
    settings.DEBUG = True
    response = stranger.get("/w/demo/")
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Add &#x27;mostra.example.org&#x27; to MOSTRA_ALLOWED_HOSTS (comma-separated host "
        "names), then restart mostra."
    ) in page
    assert "You may need to add" not in page


def test_the_log_line_names_mostra_s_setting_without_a_traceback(stranger, caplog):
    with caplog.at_level(logging.ERROR, logger="django.security.DisallowedHost"):
        stranger.get("/")
    (record,) = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert record.getMessage() == (
        "Invalid HTTP_HOST header: 'mostra.example.org:8000'. Add 'mostra.example.org' to "
        "MOSTRA_ALLOWED_HOSTS (comma-separated host names), then restart mostra."
    )
    handler = logging.StreamHandler()
    assert "Traceback" not in handler.format(record)


def test_a_host_header_that_is_no_name_keeps_django_s_message(caplog):
    with caplog.at_level(logging.ERROR, logger="django.security.DisallowedHost"):
        response = Client(HTTP_HOST="bad host!").get("/")
    assert response.status_code == 400
    assert "not valid according to RFC 1034/1035" in caplog.records[-1].getMessage()
    assert "mostra could not understand this request." in response.content.decode()


def test_a_known_host_is_served_as_before(client):
    """The refusal comes before anyone is known: members and strangers alike get it."""
    response = client.get("/", HTTP_HOST="localhost:8000")
    assert response.status_code == 302 and "login" in response["Location"]
