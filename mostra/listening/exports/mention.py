"""Mention (mention.com): the CSV or XLSX export of an alert's mentions."""

from __future__ import annotations

from mostra.listening.exports.columns import Vendor

VENDOR = Vendor(
    code="mention",
    label="Mention",
    columns={
        "alert": (("Alert", "Alert name"), ("Alerte", "Nom de l'alerte")),
        "id": (("Mention ID", "Id"), ("ID de la mention",)),
        "published": (
            ("Published date", "Published at", "Publication date"),
            ("Date de publication",),
        ),
        "title": (("Title",), ("Titre",)),
        "text": (("Description", "Text", "Content"), ("Texte", "Contenu")),
        "url": (("URL", "Link"), ("Lien",)),
        "source_type": (("Source type", "Source"), ("Type de source",)),
        "domain": (("Source name", "Domain"), ("Nom de la source", "Domaine")),
        "author": (("Author name", "Author"), ("Nom de l'auteur", "Auteur")),
        "followers": (
            ("Author followers", "Followers", "Author followers count"),
            ("Abonnés de l'auteur", "Abonnés"),
        ),
        "reach": (("Reach", "Cumulative reach"), ("Portée", "Portée cumulée")),
        "engagement": (("Interactions",), ("Interactions",)),
        "lang": (("Language",), ("Langue",)),
        "country": (("Country",), ("Pays",)),
        "sentiment": (("Tone", "Sentiment"), ("Tonalité", "Ton", "Sentiment")),
    },
    signatures=(frozenset({"alert", "published"}),),
)
