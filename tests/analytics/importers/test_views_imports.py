"""The import page: owner and teammate (an editor) import, a viewer only sees, an
outsider gets 404; refusals come back with what to do and nothing imported."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mostra.analytics.models import AccountPost, ImportRun
from mostra.core.models import Membership, Role, User
from tests.analytics.fixtures.builders import build_car
from tests.analytics.importers.conftest import FIXTURES, rows

URL = reverse("analytics:imports", args=["fromagerie"])


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def x_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((FIXTURES / "x_new").rglob("*.js")):
            archive.write(path, path.relative_to(FIXTURES / "x_new").as_posix())
    return buffer.getvalue()


@pytest.fixture
def viewer_client(workspace) -> Client:
    user = User.objects.create_user("dana@example.org", "pw", display_name="Dana Viewer")
    Membership.objects.create(workspace=workspace, user=user, role=Role.VIEWER)
    client = Client()
    client.force_login(user)
    return client


def test_owner_imports_an_x_archive_zip_and_sees_it_listed(owner_client, workspace):
    response = owner_client.post(URL, {"kind": "x-archive", "file": upload("twitter.zip", x_zip())})
    assert response.status_code == 302
    assert AccountPost.objects.filter(account__workspace=workspace).count() == 4
    page = owner_client.get(URL)
    text = page.content.decode()
    assert "twitter.zip" in text and "fromagerielac" in text
    assert "4 publications (2 originals, 1 replies, 1 reposts), 4 new" in text
    run = ImportRun.objects.get()
    assert f'id="import-{run.pk}"' in text


def test_teammate_editor_imports_a_competitor(teammate_client, workspace):
    response = teammate_client.post(
        URL,
        {"kind": "csv", "network": "facebook", "competitor": "on",
         "file": upload("posts.csv", (FIXTURES / "facebook_en.csv").read_bytes())},
    )  # fmt: skip
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.account.is_competitor and run.created_by.email == "bob@example.org"
    text = teammate_client.get(URL).content.decode()
    assert "competitor" in text and "Engagement score" in text  # unknown column shown


def test_viewer_sees_the_list_but_cannot_import(viewer_client, workspace):
    page = viewer_client.get(URL)
    assert page.status_code == 200
    assert 'type="file"' not in page.content.decode()
    response = viewer_client.post(URL, {"kind": "x-archive", "file": upload("t.zip", x_zip())})
    assert response.status_code == 404
    assert rows() == (0, 0, 0, 0)


def test_outsider_gets_404(outsider_client, workspace):
    assert outsider_client.get(URL).status_code == 404
    response = outsider_client.post(URL, {"kind": "x-archive", "file": upload("t.zip", x_zip())})
    assert response.status_code == 404
    assert rows() == (0, 0, 0, 0)


def test_the_page_says_bluesky_has_no_counts(owner_client, workspace):
    text = owner_client.get(URL).content.decode()
    assert "A Bluesky repository has no likes or reposts received" in text


def test_a_bluesky_car_needs_the_handle_field(owner_client, workspace):
    car = build_car("did:plc:x", [("app.bsky.feed.post", "3k", {
        "text": "Bonjour", "createdAt": "2026-01-01T10:00:00Z"})])  # fmt: skip
    response = owner_client.post(URL, {"kind": "bluesky-car", "file": upload("repo.car", car)})
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    assert "handle" in response.content.decode()
    response = owner_client.post(
        URL, {"kind": "bluesky-car", "handle": "fromagerie.bsky.social",
              "file": upload("repo.car", car)})  # fmt: skip
    assert response.status_code == 302 and AccountPost.objects.count() == 1


def test_a_truncated_archive_is_refused_with_what_to_do(owner_client, workspace):
    data = x_zip()
    response = owner_client.post(
        URL, {"kind": "x-archive", "file": upload("twitter.zip", data[: len(data) // 2])}
    )
    assert response.status_code == 400
    assert "download it again" in response.content.decode()
    assert rows() == (0, 0, 0, 0)


def test_a_csv_needs_its_network(owner_client, workspace):
    response = owner_client.post(
        URL, {"kind": "csv", "file": upload("p.csv", (FIXTURES / "facebook_en.csv").read_bytes())}
    )
    assert response.status_code == 400
    assert "Choose the network" in response.content.decode()
    assert rows() == (0, 0, 0, 0)


def test_an_upload_over_the_cap_is_stopped_while_it_arrives(owner_client, workspace, settings):
    settings.MOSTRA_IMPORT_MAX_BYTES = 1000
    response = owner_client.post(URL, {"kind": "x-archive", "file": upload("big.zip", x_zip())})
    assert response.status_code == 400
    assert "too large to import" in response.content.decode()
    assert rows() == (0, 0, 0, 0)


def test_csrf_is_checked(owner, workspace):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(URL, {"kind": "x-archive", "file": upload("t.zip", x_zip())})
    assert response.status_code == 403
    assert rows() == (0, 0, 0, 0)


def test_the_list_takes_a_bounded_number_of_queries(
    owner_client, workspace, django_assert_max_num_queries
):
    for handle in ("a", "b", "c"):
        owner_client.post(URL, {"kind": "x-archive", "handle": handle,
                                "file": upload("tweet.js", (FIXTURES / "x_old" / "tweet.js")
                                               .read_bytes())})  # fmt: skip
    assert ImportRun.objects.count() == 3
    with django_assert_max_num_queries(8):
        owner_client.get(URL)


def test_anonymous_is_sent_to_sign_in(client, workspace):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_in_french(owner_client, workspace):
    from django.utils import translation

    with translation.override("fr"):
        response = owner_client.get(URL, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
