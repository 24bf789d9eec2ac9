"""Talkwalker: the results export of a project or a search (CSV or XLSX), with the API's
field names (``published``, ``domain_url``, ``extra_author_attributes.name``) or the
interface's headers (``Media type``…)."""

from __future__ import annotations

from mostra.listening.exports.columns import Vendor, engagement_kind

VENDOR = Vendor(
    code="talkwalker",
    label="Talkwalker",
    columns={
        "marker": (("domain_url", "Media type"), ("Type de média",)),
        "source_type": (("source_type",), ("Type de source",)),
        "id": (("external_id",), ()),
        "published": (("published", "Published date", "Date"), ("Date de publication",)),
        "title": (("title", "Title"), ("Titre",)),
        "text": (("content", "Content"), ("Contenu",)),
        "url": (("url", "URL"), ("Lien",)),
        "domain": (("host_url", "Domain"), ("Domaine",)),
        "kind": (("post_type", "Post type"), ("Type de publication",)),
        "author": (
            ("extra_author_attributes.short_name", "Author handle", "Author"),
            ("Identifiant de l'auteur", "Auteur"),
        ),
        "followers": (
            ("extra_author_attributes.followers_count", "Followers"),
            ("Abonnés",),
        ),
        "reach": (("reach", "Reach"), ("Portée",)),
        "engagement": (("engagement", "Engagement"), ("Engagement",)),
        "lang": (("lang", "Language"), ("Langue",)),
        "country": (
            ("extra_source_attributes.world_data.country_code", "Country"),
            ("Pays",),
        ),
        "sentiment": (("sentiment", "Sentiment"), ("Sentiment",)),
    },
    signatures=(frozenset({"marker", "published"}),),
    kind_of=engagement_kind,
)
