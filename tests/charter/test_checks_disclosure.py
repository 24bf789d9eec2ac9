"""Disclosure: loi n° 2023-451 art. 5 (as amended in 2024) in French, the FTC in English."""

from __future__ import annotations

from mostra.charter.checks import blocking, check_variant
from tests.charter.conftest import codes, finding


def check(charter, text: str, network: str = "facebook", **kwargs):  # noqa: ANN001, ANN201
    return check_variant(None, network, text, charter=charter, **kwargs)


def test_french_sponsored_post_must_start_with_the_mention(make_charter) -> None:
    charter = make_charter()
    found = finding(
        check(charter, "Merci à Cycles Martin pour ce vélo", sponsored=True), "disclosure_missing"
    )
    assert found.severity == "error" and found.field == "text"
    assert "« Publicité »" in found.message and "« Collaboration commerciale »" in found.message
    assert "Publicité · Merci à Cycles Martin pour ce" in found.message  # the proposal
    assert blocking([found])


def test_accepted_french_mentions(make_charter) -> None:
    charter = make_charter()
    for text in (
        "Publicité · Merci à Cycles Martin",
        "publicite : merci",
        "  [Collaboration commerciale] avec Cycles Martin",
        "COLLABORATION COMMERCIALE — merci",
    ):
        assert check(charter, text, sponsored=True) == [], text
    assert check(charter, "Merci à Cycles Martin") == []  # not sponsored: nothing asked


def test_mention_elsewhere_must_move_to_the_start(make_charter) -> None:
    found = finding(
        check(make_charter(), "Merci Cycles Martin. Publicité", sponsored=True),
        "disclosure_missing",
    )
    assert "very start" in found.message


def test_hashtag_is_not_the_mention(make_charter) -> None:
    found = finding(check(make_charter(), "#Publicité merci", sponsored=True), "disclosure_missing")
    assert "not as a hashtag" in found.message


def test_configured_equivalent_mention(make_charter) -> None:
    charter = make_charter(disclosure_mentions="Partenariat rémunéré")
    assert check(charter, "Partenariat rémunéré avec Cycles Martin", sponsored=True) == []
    # A longer word is not the mention.
    assert "disclosure_missing" in codes(check(charter, "Publicitaires, merci", sponsored=True))


def test_rule_can_lower_disclosure_to_a_warning(make_charter) -> None:
    charter = make_charter({"facebook": {"disclosure_required": False}})
    found = finding(check(charter, "Merci", sponsored=True), "disclosure_missing")
    assert found.severity == "warning"


def test_english_ad_or_sponsored_within_the_first_125_characters(make_charter) -> None:
    charter = make_charter(language="en")
    assert check(charter, "#ad Thanks to Cycles Martin", sponsored=True) == []
    assert check(charter, "Thanks to Cycles Martin #Sponsored", sponsored=True) == []
    late = "Thanks to Cycles Martin. " + "x" * 120 + " #ad"
    assert (
        "first 125" in finding(check(charter, late, sponsored=True), "disclosure_missing").message
    )
    unclear = finding(check(charter, "Thanks #sp #partner", sponsored=True), "disclosure_missing")
    assert "not a clear disclosure" in unclear.message
    assert "disclosure_missing" in codes(check(charter, "Great #adventure", sponsored=True))


def test_retouched_image_mention(make_charter) -> None:
    charter = make_charter()
    found = finding(
        check(charter, "Notre nouveau vélo", image_retouched=True), "retouched_mention_missing"
    )
    assert "« Image retouchée »" in found.message and found.severity == "error"
    assert check(charter, "Notre nouveau vélo. Image retouchée", image_retouched=True) == []
    english = make_charter(language="en")
    assert "Retouched image" in check(english, "New bike", image_retouched=True)[0].message
    assert check(english, "New bike (retouched image)", image_retouched=True) == []


def test_virtual_image_mention(make_charter) -> None:
    charter = make_charter()
    found = finding(
        check(charter, "Le vélo de demain", image_virtual=True), "virtual_mention_missing"
    )
    assert "« Image virtuelle »" in found.message
    assert check(charter, "Image virtuelle : le vélo de demain", image_virtual=True) == []
    english = make_charter(language="en")
    assert "Virtual image" in check(english, "Tomorrow's bike", image_virtual=True)[0].message
