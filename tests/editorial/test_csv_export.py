"""Posts out to CSV: what a spreadsheet shows, and back in unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mostra.core.csv_export import STYLES
from mostra.editorial.models import ContentPillar, Post, PostStatus
from mostra.editorial.services.csv_posts import export_csv, import_csv, posts_to_export
from tests.conftest import client_for

PARIS = ZoneInfo("Europe/Paris")
BOM = b"\xef\xbb\xbf"


def parse(data: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    assert data.startswith(BOM)
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8")), delimiter=delimiter))


def export(workspace, delimiter: str = ",") -> bytes:
    return export_csv(workspace, posts_to_export(workspace), style=STYLES[delimiter])


def snapshot(workspace) -> list[tuple]:
    """What a user would compare: the posts (not cancelled) and their variants, without ids."""
    return [
        (
            p.scheduled_at,
            p.title,
            p.tactic_id,
            p.pillar_id,
            p.sensitive,
            p.sponsored,
            [(v.network, v.text, v.link, v.first_comment) for v in p.variants.order_by("position")],
        )
        for p in Post.objects.filter(workspace=workspace)
        .exclude(status=PostStatus.CANCELLED)
        .order_by("scheduled_at", "title", "id")
    ]


@pytest.fixture
def plan(owner_membership, tactic, make_post) -> list[Post]:
    ws = owner_membership.workspace
    pillar = ContentPillar.objects.create(workspace=ws, name="Coulisses")
    return [
        make_post(
            networks=("instagram", "facebook"),
            when=dt.datetime(2026, 3, 14, 9, 30, tzinfo=PARIS),
            title="Tomme",
            tactic=tactic,
            pillar=pillar,
            status=PostStatus.APPROVED,
        ),
        make_post(
            networks=("linkedin",),
            text='Nous recrutons ; "affineur"\nCDI, Lyon — 🧀',
            when=dt.datetime(2026, 7, 1, 18, 0, tzinfo=PARIS),
            sensitive=True,
            sponsored=True,
        ),
        make_post(networks=("x",), text='=HYPERLINK("http://evil")', when=None, title="Idée"),
        make_post(networks=("bluesky",), text="Annulé", status=PostStatus.CANCELLED),
    ]


def test_the_columns_and_the_values(owner_membership, plan, tactic):
    rows = parse(export(owner_membership.workspace))
    assert list(rows[0]) == [
        "post", "date", "time", "network", "text", "link", "first_comment",
        "tactic", "pillar", "title", "sensitive", "sponsored", "status",
    ]  # fmt: skip
    assert [r["network"] for r in rows] == ["instagram", "facebook", "linkedin", "x"]
    first = rows[0]
    assert (first["date"], first["time"]) == ("2026-03-14", "09:30")  # local time
    assert (first["tactic"], first["pillar"], first["title"]) == (tactic.key, "Coulisses", "Tomme")
    assert (first["sensitive"], first["sponsored"], first["status"]) == ("no", "no", "approved")
    assert rows[0]["post"] == rows[1]["post"] == str(plan[0].pk)
    assert rows[2]["time"] == "18:00" and rows[2]["sensitive"] == "yes"
    assert rows[2]["text"] == 'Nous recrutons ; "affineur"\nCDI, Lyon — 🧀'
    assert (rows[3]["date"], rows[3]["time"]) == ("", "")  # not planned yet, listed last


def test_formulas_are_neutralised(owner_membership, make_post):
    for text in ("=1+1", "+33 6 12 34 56 78", "-20 % sur la tomme", "@fromagerie merci"):
        make_post(text=text, when=dt.datetime(2026, 3, 1, 10, tzinfo=PARIS), title=text[:3])
    texts = [r["text"] for r in parse(export(owner_membership.workspace))]
    assert sorted(texts) == sorted(
        ["'=1+1", "'+33 6 12 34 56 78", "'-20 % sur la tomme", "'@fromagerie merci"]
    )


def test_export_delete_import_gives_the_same_posts(owner_membership, plan):
    ws = owner_membership.workspace
    for delimiter in (",", ";"):
        before = snapshot(ws)
        data = export(ws, delimiter)
        Post.objects.filter(workspace=ws).delete()
        summary = import_csv(ws, data)
        assert (summary.posts, summary.variants) == (3, 4)  # the cancelled post is not exported
        assert (
            snapshot(ws) == [s for s in before if s[-1][0][0] != "bluesky"]
            or snapshot(ws) == before
        )
        assert set(Post.objects.filter(workspace=ws).values_list("status", flat=True)) == {"draft"}
        assert export(ws, delimiter).count(b"\n") == data.count(b"\n")


def test_the_export_query_count_does_not_grow(owner_membership, tactic, make_post):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            export(owner_membership.workspace)
        return len(queries)

    for i in range(3):
        make_post(when=dt.datetime(2026, 3, 1 + i, 10, tzinfo=PARIS), tactic=tactic)
    few = count()
    for i in range(47):
        make_post(
            when=dt.datetime(2026, 4, 1, 10, tzinfo=PARIS) + dt.timedelta(days=i),
            tactic=tactic,
            networks=("instagram", "facebook"),
        )
    assert count() == few == 2  # posts with tactic and pillar, variants


# --- the download, for the cast


def test_download_in_french_uses_semicolons(owner_client, owner, plan):
    owner_client.cookies["mostra_language"] = "fr"
    response = owner_client.get(reverse("editorial:calendar_csv", args=["fromagerie"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="fromagerie-calendar-')
    assert response.content.startswith(BOM + b"post;date;time;network;text;")


def test_download_in_english_uses_commas_and_filters(teammate_client, plan):
    url = reverse("editorial:calendar_csv", args=["fromagerie"])
    response = teammate_client.get(url + "?network=linkedin")
    assert response.status_code == 200
    rows = parse(response.content)
    assert [r["network"] for r in rows] == ["linkedin"]


def test_download_neutralises_formulas_in_every_column(
    owner_membership, teammate_client, make_post
):
    ws = owner_membership.workspace
    pillar = ContentPillar.objects.create(workspace=ws, name="@pilier")
    post = make_post(text="\t=1+1", title="-2+3+cmd|' /C calc'!A0", pillar=pillar)
    post.variants.update(first_comment="\r=1+1")
    response = teammate_client.get(reverse("editorial:calendar_csv", args=["fromagerie"]))
    (row,) = parse(response.content)
    assert (row["text"], row["first_comment"]) == ("'\t=1+1", "'\r=1+1")
    assert (row["title"], row["pillar"]) == ("'-2+3+cmd|' /C calc'!A0", "'@pilier")


def test_download_for_outsider_and_anonymous(workspace, outsider_client):
    url = reverse("editorial:calendar_csv", args=["fromagerie"])
    assert outsider_client.get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_times_when_the_clocks_go_back_round_trip(owner_membership, make_post):
    """02:30 happens twice on 25 October in Paris: the export adds the UTC offset."""
    ws = owner_membership.workspace
    first = dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # 02:30+02:00
    second = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)  # 02:30+01:00
    make_post(when=first, title="Avant")
    make_post(when=second, title="Après")
    rows = parse(export(ws))
    assert [(r["date"], r["time"]) for r in rows] == [
        ("2026-10-25", "02:30+02:00"),
        ("2026-10-25", "02:30+01:00"),
    ]
    data = export(ws)
    Post.objects.filter(workspace=ws).delete()
    import_csv(ws, data)
    assert list(Post.objects.order_by("scheduled_at").values_list("title", "scheduled_at")) == [
        ("Avant", first),
        ("Après", second),
    ]
