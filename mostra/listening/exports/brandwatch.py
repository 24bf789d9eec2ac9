"""Brandwatch Consumer Research: the mentions export of a query or a dashboard (CSV or
XLSX), a few lines describing the report above its header row."""

from __future__ import annotations

from mostra.listening.exports.columns import Vendor, engagement_kind

VENDOR = Vendor(
    code="brandwatch",
    label="Brandwatch",
    columns={
        "query": (("Query Id", "Query Name"), ("ID de la requête", "Nom de la requête")),
        "id": (("Resource Id", "Mention Id"), ("ID de la ressource", "ID de la mention")),
        "published": (("Date",), ("Date",)),
        "title": (("Title",), ("Titre",)),
        "text": (("Full Text",), ("Texte intégral", "Texte complet")),
        "snippet": (("Snippet",), ("Extrait",)),
        "url": (("Url",), ("URL",)),
        "domain": (("Domain",), ("Domaine",)),
        "source_type": (("Page Type",), ("Type de page",)),
        "kind": (("Engagement Type",), ("Type d'engagement",)),
        "author": (("Author", "Full Name"), ("Auteur", "Nom complet")),
        "followers": (("Twitter Followers", "X Followers"), ("Abonnés Twitter", "Abonnés X")),
        "reach": (("Reach (new)", "Reach"), ("Portée (nouveau)", "Portée")),
        "impressions": (("Impressions",), ("Impressions",)),
        "likes": (("Likes", "Twitter Likes", "X Likes"), ("J'aime",)),
        "reposts": (("Twitter Retweets", "X Reposts"), ("Retweets Twitter", "Reposts X")),
        "replies": (("Twitter Replies", "X Replies"), ("Réponses Twitter", "Réponses X")),
        "comments": (("Comments",), ("Commentaires",)),
        "lang": (("Language",), ("Langue",)),
        "country": (("Country Code", "Country"), ("Code pays", "Pays")),
        "sentiment": (("Sentiment",), ("Sentiment",)),
    },
    signatures=(frozenset({"query", "published", "source_type"}),),
    kind_of=engagement_kind,
)
