"""Posts in bulk from CSV: every problem with its line, nothing imported on any error."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from mostra.core.models import AuditEvent, Membership, Role
from mostra.editorial.models import ContentPillar, Post, PostStatus, PostVariant
from mostra.editorial.services.csv_posts import FileRefused, import_csv
from mostra.editorial.services.csv_posts.columns import MAX_BYTES, MAX_LINES
from tests.conftest import client_for

PARIS = ZoneInfo("Europe/Paris")
BOM = "\ufeff"

FRENCH = (
    BOM
    + "date;heure;réseau;texte;lien;premier_commentaire;tactique;pilier;titre;sensible;sponsorisé\n"
    "2026-03-14;09:30;instagram;Nouvelle tomme en cave 🧀;;#fromage;"
    "{tactic};Coulisses;Tomme;non;non\n"
    "2026-03-14;09:30;facebook;La nouvelle tomme arrive samedi, « enfin » !;https://example.org/tomme;;"
    "{tactic};Coulisses;Tomme;non;non\n"
    '2026-03-17;18:00;linkedin;"Nous recrutons;\nun affineur.";;;;;Recrutement;oui;\n'
)


@pytest.fixture
def pillar(owner_membership) -> ContentPillar:
    return ContentPillar.objects.create(workspace=owner_membership.workspace, name="Coulisses")


def french_file(tactic) -> bytes:
    return FRENCH.format(tactic=tactic.key).encode("utf-8")


def refused(workspace, data: bytes) -> list[str]:
    before = (Post.objects.count(), PostVariant.objects.count(), AuditEvent.objects.count())
    with pytest.raises(FileRefused) as info:
        import_csv(workspace, data)
    after = (Post.objects.count(), PostVariant.objects.count(), AuditEvent.objects.count())
    assert after == before, "nothing may be imported when the file is refused"
    return [str(p) for p in info.value.problems]


# --- a good file


def test_french_headers_semicolons_and_bom(owner_membership, owner, tactic, pillar):
    ws = owner_membership.workspace
    summary = import_csv(ws, french_file(tactic), author=owner, file_name="mars.csv")
    assert (summary.posts, summary.variants) == (2, 3)
    tomme = Post.objects.get(title="Tomme")
    assert tomme.status == PostStatus.DRAFT and tomme.author == owner
    assert tomme.scheduled_at == dt.datetime(2026, 3, 14, 9, 30, tzinfo=PARIS)
    assert tomme.tactic == tactic and tomme.pillar == pillar
    assert not tomme.sensitive and not tomme.sponsored
    variants = list(tomme.variants.order_by("position"))
    assert [v.network for v in variants] == ["instagram", "facebook"]
    assert variants[0].first_comment == "#fromage"
    assert variants[1].link == "https://example.org/tomme"
    assert variants[1].text == "La nouvelle tomme arrive samedi, « enfin » !"
    job = Post.objects.get(title="Recrutement")
    assert job.sensitive and job.tactic is None
    assert job.variants.get().text == "Nous recrutons;\nun affineur."
    event = AuditEvent.objects.get(workspace=ws, object_label__startswith="CSV import")
    assert event.actor == owner
    assert event.changes == {"imported": {"posts": 2, "variants": 3, "file": "mars.csv"}}


def test_english_headers_commas_no_bom_any_order(owner_membership):
    data = (
        b"Network,Text,Date,Time,Title,Sponsored\n"
        b"bluesky,Hello,2026-04-01,8:05,,yes\n"
        b"Mastodon,Hello too,2026-04-01,08:05,,yes\n"
    )
    summary = import_csv(owner_membership.workspace, data)
    assert (summary.posts, summary.variants) == (1, 2)
    post = Post.objects.get()
    assert post.sponsored
    assert post.scheduled_at == dt.datetime(2026, 4, 1, 8, 5, tzinfo=PARIS)
    assert sorted(post.variants.values_list("network", flat=True)) == ["bluesky", "mastodon"]


def test_the_post_column_groups_lines(owner_membership):
    data = (
        "post,date,time,network,text,title\n"
        "a,2026-04-01,10:00,instagram,Un,Même titre\n"
        "b,2026-04-01,10:00,instagram,Deux,Même titre\n"
        "a,2026-04-01,10:00,facebook,Un aussi,Même titre\n"
    ).encode()
    summary = import_csv(owner_membership.workspace, data)
    assert (summary.posts, summary.variants) == (2, 3)


def test_undated_posts_and_blank_lines(owner_membership):
    data = "date;time;network;text\n;;x;Une idée pour plus tard\n;;;\n\n".encode()
    import_csv(owner_membership.workspace, data)
    assert Post.objects.get().scheduled_at is None


def test_a_spreadsheet_guard_is_taken_off(owner_membership):
    data = b"date,time,network,text\n2026-04-01,10:00,x,'-20% sur la tomme\n"
    import_csv(owner_membership.workspace, data)
    assert PostVariant.objects.get().text == "-20% sur la tomme"


# --- refused files: nothing imported, every problem with its line


def test_missing_column(owner_membership):
    problems = refused(owner_membership.workspace, b"date;heure;texte\n2026-04-01;10:00;Bonjour\n")
    assert problems == [
        "line 1: the required column network is missing (in French: date, heure, réseau, texte)."
    ]


def test_latin1_bytes_are_refused_with_how_to_save_as_utf8(owner_membership):
    data = "date;heure;réseau;texte\n2026-04-01;10:00;instagram;Crème brûlée\n".encode("cp1252")
    (problem,) = refused(owner_membership.workspace, data)
    assert problem.startswith("line 1: the file is not UTF-8")
    assert "CSV UTF-8" in problem


def test_latin1_further_down_names_its_line(owner_membership):
    data = b"date;time;network;text\n2026-04-01;10:00;x;ok\n2026-04-02;10:00;x;cr\xe8me\n"
    (problem,) = refused(owner_membership.workspace, data)
    assert problem.startswith("line 3: the file is not UTF-8")


def test_utf16_is_refused(owner_membership):
    data = "date\ttime\tnetwork\ttext\n".encode("utf-16")
    (problem,) = refused(owner_membership.workspace, data)
    assert "UTF-16" in problem


def test_every_bad_line_is_reported(owner_membership, tactic):
    data = (
        "date;heure;réseau;texte;tactique;pilier;sensible;lien\n"
        "2026-04-01;10:00;instagram;Bon;;;;\n"  # 2: fine
        "01/04/2026;10:00;instagram;Date française;;;;\n"  # 3
        "2026-02-30;10:00;instagram;Pas de 30 février;;;;\n"  # 4
        "2026-03-29;02:30;instagram;Heure qui n'existe pas;;;;\n"  # 5: clocks go forward
        "2026-10-25;02:30;instagram;Heure qui existe deux fois;;;;\n"  # 6: clocks go back
        "2026-04-01;25:00;instagram;Heure impossible;;;;\n"  # 7
        "2026-04-02;10:00;myspace;Réseau inconnu;;;;\n"  # 8
        "2026-04-03;10:00;instagram;;;;;\n"  # 9: empty text
        "2026-04-04;10:00;instagram;Tactique;k-inconnue;;;\n"  # 10
        "2026-04-05;10:00;instagram;Pilier;;Inconnu;;\n"  # 11
        "2026-04-06;10:00;instagram;Sensible;;;peut-être;\n"  # 12
        "2026-04-07;10:00;instagram;Lien;;;;pas une adresse\n"  # 13
        "2026-04-01;10:00;instagram;Doublon;;;;\n"  # 14: same post and network as line 2
        "2026-04-08;;instagram;Sans heure;;;;\n"  # 15
    ).encode()
    problems = refused(owner_membership.workspace, data)
    lines = [p.split(":", 1)[0] for p in problems]
    assert lines == [f"line {n}" for n in range(3, 16)]
    text = "\n".join(problems)
    assert "'01/04/2026' is not a date written YYYY-MM-DD" in text
    assert "2026-03-29 02:30 does not exist in Europe/Paris" in text
    assert "2026-10-25 02:30 happens twice in Europe/Paris" in text
    assert "unknown network 'myspace'" in text
    assert "the text is empty" in text
    assert "no tactic has the id 'k-inconnue'" in text and tactic.key in text
    assert "no content pillar is named 'Inconnu'" in text
    assert "must be yes or no" in text
    assert "is not a web address" in text
    assert "line 14: line 2 already has the Instagram variant of this post" in text
    assert "give both the date and the time" in text


def test_an_ambiguous_time_says_how_to_choose(owner_membership):
    data = b"date,time,network,text\n2026-10-25,02:30,x,A\n2026-10-25,02:30+03:00,x,B\n"
    problems = refused(owner_membership.workspace, data)
    assert problems == [
        "line 2: 2026-10-25 02:30 happens twice in Europe/Paris: the clocks go back at that "
        "hour. Choose another time, or say which one with its UTC offset: 02:30+02:00 (the "
        "first) or 02:30+01:00 (the second).",
        "line 3: 2026-10-25 02:30 is not at UTC+03:00 in Europe/Paris. Write the time "
        "without its offset.",
    ]
    data = b"date,time,network,text\n2026-10-25,02:30+01:00,x,A\n2026-03-29,03:30+02:00,x,B\n"
    import_csv(owner_membership.workspace, data)
    assert list(Post.objects.order_by("scheduled_at").values_list("scheduled_at", flat=True)) == [
        dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC),
    ]


def test_lines_of_one_post_must_agree(owner_membership):
    data = (
        b"post,date,time,network,text,sensitive\n"
        b"a,2026-04-01,10:00,instagram,Un,no\n"
        b"a,2026-04-02,10:00,facebook,Deux,no\n"
        b"b,2026-04-01,11:00,instagram,Un,no\n"
        b"b,2026-04-01,11:00,facebook,Deux,yes\n"
    )
    problems = refused(owner_membership.workspace, data)
    assert problems[0].startswith("line 3: the date differs from line 2, of the same post")
    assert problems[1].startswith("line 5: the sensitive differs from line 4")


def test_unknown_and_repeated_columns(owner_membership):
    data = b"date,time,network,text,texte,hashtags\n"
    problems = refused(owner_membership.workspace, data)
    assert "line 1: the column 'text' appears twice." in problems
    assert any(
        p.startswith("line 1: unknown column 'hashtags'. The columns are: post, date")
        for p in problems
    )


def test_a_line_with_too_many_cells(owner_membership):
    data = b"date,time,network,text\n2026-04-01,10:00,x,Bonjour, le monde\n"
    (problem,) = refused(owner_membership.workspace, data)
    assert problem.startswith("line 2: this line has 5 cells but the header names 4 columns")


def test_empty_file_and_header_only(owner_membership):
    assert refused(owner_membership.workspace, b"")[0].startswith("line 1: the file is empty")
    assert "no post" in refused(owner_membership.workspace, b"date,time,network,text\n")[0]


def test_size_and_line_limits(owner_membership):
    problems = refused(owner_membership.workspace, b"x" * (MAX_BYTES + 1))
    assert problems[0].startswith("The file is 5.0 MB; the limit is 5 MB.")
    lines = "".join(f",,x,post {i}\n" for i in range(MAX_LINES + 1))
    problems = refused(owner_membership.workspace, ("date,time,network,text\n" + lines).encode())
    assert problems == [
        "the file has more than 10000 lines: split it into several files (by month, for "
        "instance) and import them one by one."
    ]


# --- the page, for the cast


def test_import_page_for_owner_teammate_viewer_outsider(
    workspace, owner_client, teammate_client, outsider_client, outsider
):
    url = reverse("editorial:calendar_import", args=["fromagerie"])
    assert owner_client.get(url).status_code == 200
    assert teammate_client.get(url).status_code == 200  # an editor
    assert outsider_client.get(url).status_code == 404
    Membership.objects.create(workspace=workspace, user=outsider, role=Role.VIEWER)
    assert outsider_client.get(url).status_code == 404  # a viewer cannot import
    assert client_for(None).get(url).status_code == 302


def test_upload_a_good_file(owner_client, owner, tactic, pillar):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("editorial:calendar_import", args=["fromagerie"])
    upload = SimpleUploadedFile("mars.csv", french_file(tactic), content_type="text/csv")
    response = owner_client.post(url, {"file": upload})
    assert response.status_code == 302
    assert response["Location"] == reverse("editorial:calendar_month", args=["fromagerie", 2026, 3])
    response = owner_client.get(url)
    assert "2 posts imported as drafts (3 variants)." in response.content.decode()
    assert Post.objects.filter(author=owner).count() == 2


def test_upload_a_bad_file_lists_the_lines(teammate_client, workspace):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = (
        b"date;time;network;text\n2026-04-01;10:00;instagram;<b>ok</b>\n2026-04-01;10:00;orkut;x\n"
    )
    url = reverse("editorial:calendar_import", args=["fromagerie"])
    response = teammate_client.post(url, {"file": SimpleUploadedFile("a.csv", data)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "nothing changed" in page
    assert "line 3: unknown network &#x27;orkut&#x27;" in page
    assert Post.objects.count() == 0


def test_upload_too_large_to_receive(owner_client, workspace, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MOSTRA_MAX_UPLOAD_BYTES = 1024  # the limit of every upload, media included
    url = reverse("editorial:calendar_import", args=["fromagerie"])
    data = b"date,time,network,text\n" + b",,x,texte\n" * 1000
    response = owner_client.post(url, {"file": SimpleUploadedFile("big.csv", data)})
    assert response.status_code == 400
    assert "The file is too large: the limit is 5 MB." in response.content.decode()
    assert Post.objects.count() == 0


def test_upload_without_a_file(owner_client, workspace):
    url = reverse("editorial:calendar_import", args=["fromagerie"])
    response = owner_client.post(url, {})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert Post.objects.count() == 0


def test_the_documented_example_imports(owner_membership, strategy, pillar):
    """docs/calendar-import-export.md's example file is a file the import takes."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "calendar-import-export.md").read_text()
    example = doc.split("### Example", 1)[1].split("```", 2)[1].lstrip("\n")
    summary = import_csv(owner_membership.workspace, example.encode("utf-8"))
    assert (summary.posts, summary.variants) == (3, 4)
    job = Post.objects.get(title="Recrutement")
    assert job.sensitive and job.variants.get().text.endswith("\nÉcrivez-nous !")
    assert Post.objects.get(title="Tomme").tactic.key == "k-reels"


def test_a_file_imported_twice_is_refused_the_second_time(owner_membership, tactic, pillar):
    ws = owner_membership.workspace
    import_csv(ws, french_file(tactic))
    problems = refused(ws, french_file(tactic))
    assert [p.split(":", 1)[0] for p in problems] == ["line 2", "line 3", "line 4"]
    assert "the workspace already has this post" in problems[0]
    Post.objects.filter(title="Recrutement").update(status=PostStatus.CANCELLED)
    problems = refused(ws, french_file(tactic))  # a cancelled post may come back
    assert [p.split(":", 1)[0] for p in problems] == ["line 2", "line 3"]
