"""The charter's rules: each one fires on a text that breaks it, and only then."""

from __future__ import annotations

from mostra.charter.checks import check_variant
from mostra.charter.checks.words import contains, fold
from tests.charter.conftest import codes, finding, image


def check(charter, network: str = "facebook", text: str = "Bonjour", **kwargs):  # noqa: ANN001, ANN201
    return check_variant(None, network, text, charter=charter, **kwargs)


# --- Words -----------------------------------------------------------------------------


def test_fold_ignores_case_accents_and_curly_apostrophes() -> None:
    assert fold("L’Été CHÈRE") == "l'ete chere"


def test_forbidden_expression_case_and_diacritic_insensitive(make_charter) -> None:
    charter = make_charter(forbidden_words="pas cher")
    found = finding(check(charter, text="Des vélos PAS CHÊR du tout"), "word_forbidden")
    assert found.severity == "error" and "pas cher" in found.message
    assert check(charter, text="Des vélos pas chers") == []  # whole words only
    assert check(charter, text="Une passe chère") == []


def test_forbidden_word_found_behind_french_elision(make_charter) -> None:
    charter = make_charter(forbidden_words="arnaque")
    assert "word_forbidden" in codes(check(charter, text="Ce n’est pas l’arnaque du siècle"))
    assert "word_forbidden" in codes(check(charter, text="Parlons d'arnaque"))
    assert "word_forbidden" in codes(check(charter, text="Lorsqu’arnaque il y a"))
    assert check(charter, text="Des arnaqueurs") == []


def test_expression_written_with_elision_matches_typographic_apostrophes(make_charter) -> None:
    charter = make_charter(required_words="L'abus d'alcool est dangereux")
    assert check(charter, text="L’abus d’alcool est dangereux pour la santé.") == []
    found = finding(check(charter, text="Santé !"), "word_required")
    assert "L'abus d'alcool" in found.message


def test_wildcard_matches_any_ending(make_charter) -> None:
    charter = make_charter(forbidden_words="prix cass*")
    assert "word_forbidden" in codes(check(charter, text="Nos prix cassés"))
    assert contains("Prix cassé", "prix cass*")


def test_forbidden_in_first_comment_names_that_field(make_charter) -> None:
    charter = make_charter(forbidden_words="promo")
    found = finding(
        check(charter, "instagram", media=[image()], first_comment="#promo"), "word_forbidden"
    )
    assert found.field == "first_comment"


def test_network_rule_words_apply_only_to_their_network(make_charter) -> None:
    charter = make_charter({"linkedin": {"forbidden_words": "trop cool", "required_words": "@avs"}})
    found = codes(check(charter, "linkedin", text="C'est trop cool"))
    assert found == ["word_forbidden", "word_required"]
    assert check(charter, "facebook", text="C'est trop cool") == []
    assert check(charter, "linkedin", text="Merci @AVS") == []


# --- Emoji and hashtags ------------------------------------------------------------------


def test_emoji_none(make_charter) -> None:
    charter = make_charter({"linkedin": {"emoji_policy": "none"}})
    found = finding(check(charter, "linkedin", text="Merci 👍🏽"), "emoji_none")
    assert found.severity == "error"
    assert check(charter, "linkedin", text="Merci !") == []


def test_emoji_at_most_n_counts_sequences_as_one(make_charter) -> None:
    charter = make_charter({"linkedin": {"emoji_policy": "max", "emoji_max": 3}})
    assert check(charter, "linkedin", text="🚲 👨‍👩‍👧‍👦 🇫🇷") == []
    found = finding(check(charter, "linkedin", text="🚲 👨‍👩‍👧‍👦 🇫🇷 ✨"), "emoji_max")
    assert "4 emoji" in found.message and "remove 1" in found.message


def test_charter_hashtag_max_below_the_network_limit(make_charter) -> None:
    charter = make_charter({"facebook": {"max_hashtags": 2}})
    found = finding(check(charter, text="Vélo #a #b #c"), "hashtags_charter_max")
    assert "allows 2" in found.message
    assert check(charter, text="Vélo #a #b") == []


def test_sensitive_post_with_emoji(make_charter) -> None:
    found = finding(check(make_charter(), text="Accident 😢", sensitive=True), "sensitive_emoji")
    assert found.severity == "warning"
    assert check(make_charter(), text="Accident 😢") == []


# --- Tone --------------------------------------------------------------------------------


def test_mixing_tu_and_vous_is_a_warning(make_charter) -> None:
    found = finding(check(make_charter(), text="Tu viens ? Vous verrez."), "address_mixed")
    assert found.severity == "warning"
    assert check(make_charter(), text="Venez, vous verrez.") == []


def test_address_form_of_the_charter(make_charter) -> None:
    charter = make_charter(address_form="vous")
    assert "address_form" in codes(check(charter, text="Viens avec ton vélo, t’inquiète"))
    # « le ton » is the noun, not the possessive.
    assert check(charter, text="Le ton de la marque est chaleureux.") == []
    tu = make_charter(address_form="tu")
    assert "address_form" in codes(check(tu, text="Apportez votre vélo"))


def test_caps_ratio(make_charter) -> None:
    charter = make_charter(max_caps_ratio=30)
    found = finding(check(charter, text="GRANDE VENTE DE VÉLOS CE SAMEDI"), "caps_ratio")
    assert "sentence case" in found.message
    assert check(charter, text="Grande vente de vélos ce samedi à Lyon") == []
    assert check(charter, text="OK SUPER") == []  # too short to judge


def test_exclamations(make_charter) -> None:
    charter = make_charter(max_exclamations=1)
    found = finding(check(charter, text="Super !! Venez !"), "exclamations")
    assert "3 exclamation marks" in found.message and "remove 2" in found.message
    assert check(charter, text="Super, venez !") == []


def test_point_median_forbidden(make_charter) -> None:
    charter = make_charter(inclusive_writing="forbidden")
    for text in (
        "Nos salarié·es",
        "Les étudiant.e.s",
        "Un·e mécanicien·ne",
        "Chers lecteur(rice)s",
    ):
        assert "inclusive_writing" in codes(check(charter, text=text)), text
    assert check(charter, text="Les salariés et les salariées, voir example.com") == []
    assert check(make_charter(), text="Nos salarié·es") == []  # allowed by default


# --- Links -------------------------------------------------------------------------------


def test_utm_required(make_charter) -> None:
    charter = make_charter({"facebook": {"utm_required": True}})
    good = "https://avs.fr/atelier?utm_source=facebook&utm_medium=social&utm_campaign=printemps"
    assert check(charter, link=good) == []
    found = finding(check(charter, link="https://avs.fr/atelier"), "utm_missing")
    assert found.field == "link" and "utm_source=facebook" in found.message
    wrong = good.replace("utm_source=facebook", "utm_source=instagram")
    assert "utm_source_mismatch" in codes(check(charter, link=wrong))
    partial = "https://avs.fr/?utm_source=facebook"
    assert codes(check(charter, link=partial)) == ["utm_medium_missing", "utm_campaign_missing"]
    in_text = finding(check(charter, text="Voir https://avs.fr/atelier"), "utm_missing")
    assert in_text.field == "text"


def test_utm_source_twitter_accepted_for_x(make_charter) -> None:
    charter = make_charter({"x": {"utm_required": True}})
    link = "https://avs.fr/?utm_source=twitter&utm_medium=social&utm_campaign=a"
    assert check(charter, "x", link=link) == []


def test_alt_text_required_by_the_charter_is_an_error(make_charter) -> None:
    charter = make_charter({"bluesky": {"alt_text_required": True}})
    found = finding(check(charter, "bluesky", media=[image(alt_text="")]), "alt_text_missing")
    assert found.severity == "error"
