"""OPML: import all or nothing with an error per bad line, and export."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mostra.core.models import AuditEvent
from mostra.listening.models import Source

pytestmark = pytest.mark.django_db

BASE = "/w/fromagerie/listening/sources/opml"

GOOD = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Mes flux</title></head><body>
  <outline text="Presse">
    <outline type="rss" text="Le Progr\xc3\xa8s" xmlUrl="https://www.leprogres.fr/rss"/>
    <outline type="rss" text="Blog" title="Blog v\xc3\xa9lo" xmlUrl="https://blog.example/feed"/>
  </outline>
</body></opml>
"""

BAD = b"""<?xml version="1.0"?>
<opml version="2.0"><body>
  <outline type="rss" text="Fine" xmlUrl="https://fine.example/rss"/>
  <outline type="rss" text="No address"/>
  <outline type="rss" text="Wrong" xmlUrl="gopher://old.example/"/>
</body></opml>
"""

ENTITIES = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">]>
<opml version="2.0"><body><outline type="rss" text="&a;" xmlUrl="https://x.example/"/></body></opml>
"""


def upload(client, body: bytes, name: str = "feeds.opml"):
    return client.post(f"{BASE}/import/", {"file": SimpleUploadedFile(name, body)}, follow=True)


def test_import_then_export_round_trip(workspace, owner_client, teammate_client):
    page = upload(owner_client, GOOD).content.decode()
    assert "2 feeds added, 0 already read." in page
    assert sorted(Source.objects.values_list("name", "url")) == [
        ("Blog vélo", "https://blog.example/feed"),
        ("Le Progrès", "https://www.leprogres.fr/rss"),
    ]
    assert AuditEvent.objects.filter(object_type="source", action="create").count() == 2
    exported = teammate_client.get(f"{BASE}/export/")
    assert exported["Content-Disposition"] == 'attachment; filename="fromagerie-feeds.opml"'
    # Importing one's own export again adds nothing.
    again = upload(owner_client, exported.content, "fromagerie-feeds.opml").content.decode()
    assert "0 feeds added, 2 already read." in again
    assert Source.objects.count() == 2


def test_a_bad_line_imports_nothing_and_names_each_line(workspace, owner_client):
    response = upload(owner_client, BAD)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in html
    assert "Line 4 (No address): it has no xmlUrl" in html
    assert "Line 5 (Wrong): This is not a web address" in html
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (ENTITIES, "declares XML entities"),
        (b"<html><body>nope</body></html>", "not an OPML file"),
        (b"\x00\x01 not xml", "not an OPML file"),
        (b'<opml version="2.0"><body><outline text="folder"/></body></opml>', "lists no feed"),
    ],
)
def test_a_file_that_is_not_a_list_of_feeds_is_refused(workspace, owner_client, body, message):
    response = upload(owner_client, body)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Source.objects.exists()


def test_the_export_escapes_names(workspace, teammate_client, outsider_client):
    Source.objects.create(
        workspace=workspace, kind="feed", name='Tom & "Jerry" <3', url="https://t.example/?a=1&b=2"
    )
    body = teammate_client.get(f"{BASE}/export/").content.decode()
    assert 'text="Tom &amp; &quot;Jerry&quot; &lt;3"' in body
    assert 'xmlUrl="https://t.example/?a=1&amp;b=2"' in body
    assert outsider_client.get(f"{BASE}/export/").status_code == 404
