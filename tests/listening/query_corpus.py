"""Generated listening queries and items of realistic shapes, seeded: the matcher's
randomized test and its benchmark (bench/listening_matcher.py) share them.

Brand names come from a generated vocabulary (syllables); items are tweet-sized French
or English texts drawn from word lists with Zipf-like frequencies, most mentioning no
brand, a few one or two (plain, capitalised, as a hashtag or a mention, with accents
or without); queries take the shapes teams write: a brand alone or with its variants,
phrases, context with AND, NEAR and NEAR/nf, exclusions, fields, wildcards, ``~``,
case-sensitive words.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from mostra.listening.items import FetchedItem

FRENCH = (
    "le la les de des du un une et est en que qui pour pas sur avec dans ce il elle on "
    "nous vous ils au aux plus mais ou comme tout bien très faire fait être avoir vélo "
    "atelier réparation service client merci super nouveau nouvelle prix vente achat "
    "commande livraison panne problème écran batterie appli mise jour bug retour lyon "
    "paris rue quartier été hiver café boutique équipe réponse délai remboursement qualité "
    "génial déçu attente rapide lent cher gratuit offre promo soldes magasin produit"
).split()
ENGLISH = (
    "the a of and to in is for on that with it this you at be are was my have not but "
    "new great love thanks service customer price sale order delivery broken screen "
    "battery app update bug refund shop store team reply fast slow cheap free deal "
    "product quality support issue today week launch review bike repair city street"
).split()
CONTEXT = (
    "panne bug écran batterie livraison remboursement prix promo service client appli "
    "broken refund delivery launch review support issue repair vente achat"
).split()
EXCLUDED = "emploi job recrute hiring stage offre".split()
SITES = ("example.com", "news.example.com", "blog.example.org", "lemonde.fr", "reddit.com")
SYLLABLES = "ka lo vi ra te no mi su be da zo fi ga lu pe ri to xa ne mo".split()
ACCENTED = {"e": "é", "a": "à", "o": "ô", "u": "ù", "i": "î"}


def brands(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct made-up brand names of 2 or 3 syllables."""
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3)))))
    return sorted(names)


def one_letter(brand: str) -> str:
    """``brand`` with one letter (after the third) as ``?``."""
    cut = max(3, len(brand) - 2)
    return brand[:cut] + "?" + brand[cut + 1 :]


def _zipf_pick(rng: random.Random, words: list[str]) -> str:
    return words[min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)]


@dataclass
class Corpus:
    """A seeded generator of items and queries around ``brand_count`` brands."""

    seed: int = 1
    brand_count: int = 3000
    brand_rate: float = 0.15

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.brands = brands(self.brand_count, self.seed + 1)

    # Items ------------------------------------------------------------------------
    def _brand_form(self, brand: str) -> str:
        rng = self.rng
        form = rng.random()
        if form < 0.15:
            return "#" + brand
        if form < 0.25:
            return "@" + brand
        if form < 0.4:
            return brand.capitalize()
        if form < 0.45:
            return brand.upper()
        if form < 0.55:
            return "".join(ACCENTED.get(c, c) if rng.random() < 0.3 else c for c in brand)
        return brand

    def item(self, number: int) -> FetchedItem:
        rng = self.rng
        french = rng.random() < 0.6
        words = FRENCH if french else ENGLISH
        text = [_zipf_pick(rng, words) for _ in range(rng.randint(10, 40))]
        if rng.random() < self.brand_rate:
            for _ in range(rng.choice((1, 1, 1, 2))):
                text.insert(rng.randrange(len(text) + 1), self._brand_form(rng.choice(self.brands)))
            for _ in range(rng.randint(0, 2)):
                text.insert(rng.randrange(len(text) + 1), rng.choice(CONTEXT + EXCLUDED))
        if rng.random() < 0.2:
            text[0] = text[0].capitalize()
        body = " ".join(text) + rng.choice(("", ".", " !", " ?", " 🚲", "…"))
        title = None
        if rng.random() < 0.1:
            title = " ".join(rng.choice(words) for _ in range(4)).capitalize()
            if rng.random() < 0.5:
                title += " " + rng.choice(self.brands).capitalize()
        site = rng.choice(SITES)
        return FetchedItem(
            guid=str(number),
            text=body,
            title=title,
            author=rng.choice(("@" + rng.choice(self.brands), "Jean Dupont", "Alice Martin")),
            url=f"https://{site}/{rng.choice(('news', 'posts', 'r'))}/{number}",
            lang=("fr" if french else "en") if rng.random() < 0.8 else None,
            country=rng.choice(("FR", "BE", "GB", "CA", None)),
        )

    def items(self, count: int) -> list[FetchedItem]:
        return [self.item(n) for n in range(count)]

    # Queries ----------------------------------------------------------------------
    def query(self) -> str:
        rng = self.rng
        brand = rng.choice(self.brands)
        other = rng.choice(self.brands)
        context = rng.sample(CONTEXT, 2)
        excluded = rng.sample(EXCLUDED, 2)
        shapes = [
            lambda: brand,
            lambda: f'{brand} OR "{brand} {context[0]}" OR #{brand}',
            lambda: f'"{brand} {context[0]}"',
            lambda: f"{brand} AND ({context[0]} OR {context[1][:4]}*)",
            lambda: f"{brand} NEAR/{rng.randint(1, 6)} ({context[0]} OR {context[1]})",
            lambda: f"{brand} NEAR/{rng.randint(1, 4)}f {context[0]}",
            lambda: f"{brand} NOT ({excluded[0]} OR {excluded[1]})",
            lambda: f"({brand} OR {other}) -{excluded[0]}",
            lambda: f"{brand} lang:{rng.choice(('fr', 'en'))}",
            lambda: f"{brand} site:{rng.choice(SITES)}",
            lambda: f"{brand} country:{rng.choice(('fr', 'be', 'gb'))}",
            lambda: f'title:{brand} OR author:"@{brand}"',
            lambda: f"{brand[: rng.randint(3, len(brand) - 1)]}* {context[0]}",
            lambda: f"{one_letter(brand)} OR {other}",
            lambda: f'"{brand} {context[0]}"~{rng.randint(1, 4)}',
            lambda: "{" + brand.capitalize() + "}",
            lambda: f"#{brand} OR @{brand}",
            lambda: f"url:{rng.choice(('news', 'posts'))} {brand}",
        ]
        return rng.choice(shapes)()

    def queries(self, count: int, anchorless: int = 0) -> list[str]:
        """``count`` queries, ``anchorless`` of them with no anchor (``a OR NOT b``)."""
        found = [self.query() for _ in range(count - anchorless)]
        found += [
            f"{self.rng.choice(self.brands)} OR NOT {self.rng.choice(FRENCH)}"
            for _ in range(anchorless)
        ]
        return found
