"""``mostra ambassadors check-post``: exit 0 when compliant, 1 with the rule quoted."""

from __future__ import annotations

from click.testing import CliRunner

from mostra.cli import mostra


def run(*args: str, stdin: str | None = None):  # noqa: ANN201
    return CliRunner().invoke(mostra, ["ambassadors", "check-post", *args], input=stdin)


def test_a_paid_post_without_the_mention_exits_1_with_the_rule() -> None:
    result = run("--network", "instagram", "--paid", "--lang", "fr", "Merci Cycles Martin !")
    assert result.exit_code == 1
    assert "Not compliant" in result.output
    assert "loi n° 2023-451 du 9 juin 2023, art. 5" in result.output
    assert "Rule: «" in result.output


def test_a_compliant_post_exits_0() -> None:
    result = run("--network", "bluesky", "--gift", "Collaboration commerciale · Merci !")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Compliant"


def test_standard_input_and_english() -> None:
    result = run(
        "--network",
        "bluesky",
        "--paid",
        "--lang",
        "en",
        stdin="Loving my new bike, great ride today #bike #paris #ad\n",
    )
    assert result.exit_code == 1
    assert "hidden_in_hashtags" in result.output and "FTC, Disclosures 101" in result.output
    ok = run("--network", "bluesky", "--paid", "--lang", "en", stdin="#ad Loving my new bike\n")
    assert ok.exit_code == 0


def test_unpaid_is_compliant_and_bad_usage_is_2() -> None:
    result = run("--network", "mastodon", "Merci Cycles Martin !")
    assert result.exit_code == 0 and "unpaid" in result.output
    unknown = run("--network", "myspace", "--paid", "Merci")
    assert unknown.exit_code == 2 and "unknown network" in unknown.output
