"""Exports of Mention, Brandwatch and Talkwalker read as items: the sample files under
``data/`` are built from each tool's columns, in English and French, with a byte order
mark, ``,``, ``;`` or tab, cp1252, Brandwatch's lines above the header, and each tool's
dates (ISO, day-first, Unix milliseconds, no zone: the workspace's)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from mostra.listening.exports import read_export
from mostra.strategy import networks

DATA = Path(__file__).parent / "data"
PARIS = ZoneInfo("Europe/Paris")


def read(name: str):
    return read_export((DATA / name).read_bytes(), name, zone=PARIS)


def test_a_mention_export_in_english():
    export = read("mention_en.csv")
    assert (export.vendor, export.label, export.repeated) == ("mention", "Mention", 0)
    tweet, article, post = export.items
    assert tweet.guid == "mention:m-1001"
    assert tweet.url == "https://twitter.com/cyclo/status/1765000000000000001"
    assert (tweet.network, tweet.kind, tweet.author) == ("x", "post", "@cyclo")
    assert (tweet.author_followers, tweet.counts) == (1250, {"reach": 3400})
    assert (tweet.lang, tweet.country, tweet.declared_sentiment) == ("en", "US", "positive")
    assert tweet.published_at == datetime(2024, 3, 5, 14, 30, tzinfo=UTC)
    assert (article.network, article.kind, article.title) == (
        "news",
        "article",
        "Les ateliers vélo se multiplient",
    )
    assert article.author_followers is None  # not given, never 0
    assert (post.network, post.declared_sentiment) == ("facebook", "negative")
    assert post.published_at == datetime(2024, 3, 6, 8, 15, tzinfo=UTC)


def test_a_mention_export_in_french_with_semicolons_and_day_first_dates():
    export = read("mention_fr.csv")
    assert export.vendor == "mention"
    bluesky, forum = export.items
    # 05/03/2024 09:30 in Paris (winter time) is 08:30 UTC, the 5th of March
    assert bluesky.published_at == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
    assert (bluesky.network, bluesky.author_followers, bluesky.counts) == (
        "bluesky",
        1234,
        {"reach": 1234},
    )
    assert (bluesky.country, bluesky.declared_sentiment) == ("FR", "positive")
    assert (forum.network, forum.kind, forum.declared_sentiment) == ("forum", "comment", "neutral")


def test_a_brandwatch_export_with_its_report_lines_above_the_header():
    export = read("brandwatch_en.csv")
    assert export.vendor == "brandwatch"
    assert export.repeated == 1  # res-1 matched two queries: one mention
    assert export.ignored == ("Thread Id",)
    kinds = {item.guid: item.kind for item in export.items}
    assert kinds == {
        "brandwatch:res-1": "post",
        "brandwatch:res-2": "reply",
        "brandwatch:res-3": "repost",
        "brandwatch:res-4": "quote",
        "brandwatch:res-5": "post",
    }
    first = export.items[0]
    # "2024-03-05 14:30:00.0", no zone: the workspace's (Paris, UTC+1 in March)
    assert first.published_at == datetime(2024, 3, 5, 13, 30, tzinfo=UTC)
    assert first.counts == {"reach": 3400, "impressions": 5100}
    assert (first.author_followers, first.country) == (1250, "US")
    review = export.items[-1]
    assert (review.network, review.text, review.title) == (
        "review",
        "Réparation rapide et pas chère",  # the snippet when there is no full text
        "Avis : atelier vélo",
    )


def test_a_talkwalker_export_with_the_apis_columns():
    export = read("talkwalker_api.csv")
    assert export.vendor == "talkwalker"
    photo, blog, reply = export.items
    assert photo.guid == photo.url == "https://www.instagram.com/p/C4abc/"  # no id: the link
    assert photo.published_at == datetime(2024, 3, 5, 14, 30, tzinfo=UTC)  # Unix ms
    assert (photo.network, photo.author, photo.author_followers) == ("instagram", "velolyon", 5300)
    assert photo.counts == {"reach": 5300, "engagement": 212}
    assert photo.declared_sentiment == "positive"  # 3 on Talkwalker's -5…5
    assert (blog.network, blog.kind, blog.declared_sentiment) == ("blog", "article", "neutral")
    assert (reply.kind, reply.declared_sentiment) == ("reply", "negative")


def test_a_talkwalker_export_in_french_with_tabs_and_windows_characters():
    export = read("talkwalker_fr.csv")
    video, article = export.items
    assert video.title == "Tuto : régler ses freins"
    assert video.text == "Avec l’atelier vélo du quartier"  # cp1252's apostrophe
    assert (video.network, video.author_followers, video.lang) == ("youtube", 12000, "fr")
    assert video.published_at == datetime(2024, 3, 5, 13, 30, tzinfo=UTC)
    # 13/03/2024: a French export's dates are day first
    assert article.published_at == datetime(2024, 3, 13, 7, 0, tzinfo=UTC)
    assert (article.network, article.kind, article.author_followers) == ("news", "article", None)


def test_every_network_an_export_names_is_one_mostra_knows_or_a_place_on_the_web():
    places = {"news", "blog", "forum", "web", "review", "podcast"}
    for name in ("mention_en.csv", "mention_fr.csv", "brandwatch_en.csv", "talkwalker_api.csv"):
        for item in read(name).items:
            assert item.network in places or networks.get(item.network) is not None


def test_an_xlsx_export_in_french_reads_as_the_csv_does(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Mentions"
    sheet.append(["Brandwatch Consumer Research"])
    sheet.append(["Rapport :", "Export des mentions"])
    sheet.append([])
    sheet.append(
        ["ID de la requête", "Nom de la requête", "ID de la ressource", "Date", "Titre", "URL",
         "Domaine", "Type de page", "Type d'engagement", "Auteur", "Texte intégral",
         "Abonnés Twitter", "Portée (nouveau)", "Langue", "Pays", "Sentiment"]
    )  # fmt: skip
    sheet.append(
        [2001234567, "Atelier vélo", 9876543210, datetime(2024, 3, 5, 14, 30), None,
         "https://x.com/cyclo/status/1", "x.com", "twitter", "RETWEET", "cyclo",
         "Super atelier", 1250, 3400, "fr", "France", "positif"]
    )  # fmt: skip
    path = tmp_path / "export.xlsx"
    book.save(path)

    export = read_export(path.read_bytes(), "export.xlsx", zone=PARIS)

    (item,) = export.items
    assert export.vendor == "brandwatch"
    assert item.guid == "brandwatch:9876543210"  # a numeric id, as the sheet holds it
    assert item.published_at == datetime(2024, 3, 5, 13, 30, tzinfo=UTC)
    assert (item.network, item.kind, item.country) == ("x", "repost", "FR")
    assert (item.author_followers, item.counts, item.declared_sentiment) == (
        1250,
        {"reach": 3400},
        "positive",
    )
