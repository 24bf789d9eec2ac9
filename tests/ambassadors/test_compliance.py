"""A member's post checked for the disclosure the law asks (loi n° 2023-451 art. 5; the
FTC): French and English, at the start or buried, hashtag-only, gift, unpaid, images."""

from __future__ import annotations

import pytest

from mostra.ambassadors.services.compliance import check_text, post_language
from mostra.charter.checks.disclosure import disclosure_problems

LONG_FR = "Merci à Cycles Martin pour ce vélo, je le teste tous les matins pour aller au travail"


def codes(result) -> list[str]:  # noqa: ANN001
    return [f.code for f in result.findings]


def test_french_paid_post_without_the_mention_is_flagged_with_the_rule_and_a_message() -> None:
    result = check_text(
        LONG_FR, "paid", member_name="Léa", campaign_name="Printemps", url="https://x.example/1"
    )
    assert result.compliance == "non-compliant" and result.language == "fr"
    [finding] = result.findings
    assert finding.code == "missing"
    assert "loi n° 2023-451 du 9 juin 2023, art. 5" in finding.rule
    assert "“Collaboration commerciale”" in finding.rule
    assert "start the text with « Publicité » or « Collaboration commerciale »" in finding.message
    ready = finding.ready_message
    assert ready.startswith("Bonjour Léa,")
    assert "« Printemps »" in ready and "« Collaboration commerciale »" in ready
    assert "https://x.example/1" in ready


@pytest.mark.parametrize(
    "text",
    [
        "Collaboration commerciale · " + LONG_FR,
        "Publicité — " + LONG_FR,
        "[Collaboration commerciale] " + LONG_FR,
    ],
)
def test_french_mention_at_the_start_is_compliant(text: str) -> None:
    assert check_text(text, "paid").compliance == "compliant"


def test_french_mention_buried_at_the_end_must_move() -> None:
    result = check_text(LONG_FR + ". Collaboration commerciale", "paid")
    assert codes(result) == ["not_at_start"]
    assert "very start" in result.findings[0].message


def test_french_mention_as_a_hashtag_only_is_not_the_mention() -> None:
    for text in (
        LONG_FR + " #vélo #paris #CollaborationCommerciale",
        "#Publicité " + LONG_FR,
    ):
        result = check_text(text, "paid", language="fr")
        assert codes(result) == ["hashtag_only"], text
        assert "as words, not as a hashtag" in result.findings[0].message
        assert "non comme un hashtag" in result.findings[0].ready_message


def test_a_gift_is_commercial() -> None:
    assert check_text(LONG_FR, "gift").compliance == "non-compliant"
    assert check_text("Collaboration commerciale · " + LONG_FR, "gift").compliance == "compliant"


def test_an_unpaid_post_is_not_concerned() -> None:
    result = check_text(LONG_FR, "none")
    assert result.compliance == "n/a" and result.findings == []


def test_english_ad_at_the_start_or_in_the_text_is_compliant() -> None:
    assert check_text("#ad Loving my new bike from Cycles Martin", "paid").compliance == (
        "compliant"
    )
    text = "Loving my new bike from Cycles Martin #sponsored, see you on the road"
    assert check_text(text, "paid", language="en").compliance == "compliant"


def test_english_ad_buried_in_closing_hashtags_is_hidden() -> None:
    text = "Loving my new bike from Cycles Martin, great ride today #bike #paris #ad"
    result = check_text(text, "paid", language="en")
    assert codes(result) == ["hidden_in_hashtags"]
    finding = result.findings[0]
    assert "Don't mix your disclosure into a group of hashtags" in finding.rule
    assert "FTC, Disclosures 101" in finding.rule
    assert finding.ready_message.startswith("Hello")
    assert "#ad" in finding.ready_message


def test_english_ad_after_the_first_125_characters_and_unclear_tags() -> None:
    late = "Loving my new bike from Cycles Martin. " + "Great ride. " * 12 + "#ad"
    assert codes(check_text(late, "paid", language="en")) == ["too_late"]
    unclear = "Loving my new bike from Cycles Martin #sp #partner"
    assert codes(check_text(unclear, "paid", language="en")) == ["unclear"]
    assert codes(check_text("Loving my #adventure on the road", "paid", language="en")) == [
        "missing"
    ]


def test_retouched_and_virtual_images_need_their_mention() -> None:
    text = "Collaboration commerciale · " + LONG_FR
    result = check_text(text, "paid", image_retouched=True, image_virtual=True)
    assert codes(result) == ["retouched_mention_missing", "virtual_mention_missing"]
    assert "“Images retouchées”" in result.findings[0].rule
    assert "“Images virtuelles”" in result.findings[1].rule
    assert "« Image retouchée »" in result.findings[0].ready_message
    fine = text + " Image retouchée. Image virtuelle."
    assert check_text(fine, "gift", image_retouched=True, image_virtual=True).compliance == (
        "compliant"
    )


def test_the_language_given_else_detected_else_the_fallback() -> None:
    assert post_language("anything", "en-GB") == "en"
    assert post_language("Loving my new bike, the ride to work is great every morning") == "en"
    assert post_language(LONG_FR) == "fr"
    assert post_language("🚲🚲", fallback="en") == "en"


def test_the_charter_and_the_programme_share_one_definition() -> None:
    [problem] = disclosure_problems("Merci", "fr", sponsored=True)
    assert problem.code == "missing"
    assert (
        disclosure_problems(
            "Partenariat rémunéré · merci", "fr", ["Partenariat rémunéré"], sponsored=True
        )
        == []
    )
    equivalents = ["Partenariat rémunéré"]
    result = check_text("Partenariat rémunéré · " + LONG_FR, "paid", equivalents=equivalents)
    assert result.compliance == "compliant"
