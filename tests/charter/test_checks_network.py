"""What each network refuses: every finding fires, and stays quiet when all is well."""

from __future__ import annotations

import pytest

from mostra.charter.checks import blocking, check_variant
from mostra.charter.limits import UnknownNetwork
from tests.charter.conftest import codes, finding, image, video

FAMILY = "👨\u200d👩\u200d👧\u200d👦"


def check(network: str, text: str = "Nouvel atelier samedi.", **kwargs):  # noqa: ANN201
    return check_variant(None, network, text, **kwargs)


def test_a_plain_post_has_nothing_to_change() -> None:
    assert check("bluesky") == []
    assert not blocking(check("bluesky"))


def test_unknown_network_is_refused() -> None:
    with pytest.raises(UnknownNetwork, match="bluesky"):
        check("myspace")


def test_bluesky_text_too_long_says_by_how_much_counted_in_graphemes() -> None:
    text = "a" * 300 + FAMILY * 12  # 312 graphemes, 384 code points
    found = finding(check("bluesky", text), "text_too_long")
    assert found.severity == "error" and found.field == "text"
    assert "312 of 300 characters" in found.message
    assert "Bluesky counts graphemes" in found.message
    assert "remove 12" in found.message
    # 300 graphemes fit, though they are 600 code points.
    assert check("bluesky", "a" * 200 + "👍🏽" * 100) == []


def test_bluesky_bytes_cap() -> None:
    text = "🫠" * 299  # 299 graphemes, 1,196 bytes: fits
    assert "text_too_many_bytes" not in codes(check("bluesky", text))
    heavy = FAMILY * 130  # 130 graphemes but 3,250 bytes
    found = finding(check("bluesky", heavy), "text_too_many_bytes")
    assert "3250 of 3000 bytes" in found.message


def test_x_counts_urls_as_23_and_cjk_as_2() -> None:
    url = "https://example.com/" + "x" * 300
    assert check("x", f"Lisez {url}") == []
    found = finding(check("x", "日" * 141), "text_too_long")
    assert "282 of 280" in found.message and "remove 2" in found.message


def test_mastodon_limit_per_instance() -> None:
    text = "a" * 600
    assert "text_too_long" in codes(check("mastodon", text))
    assert check("mastodon", text, text_max=1000) == []


def test_empty_text_without_media() -> None:
    assert codes(check("bluesky", "  ")) == ["text_empty"]
    assert check("bluesky", "", media=[image()]) == []


def test_instagram_hashtags_at_most_5() -> None:
    text = "Atelier " + " ".join(f"#tag{i}" for i in range(6))
    found = finding(check("instagram", text, media=[image()]), "hashtags_network_max")
    assert "at most 5 hashtags" in found.message and "remove 1" in found.message
    five = "Atelier " + " ".join(f"#tag{i}" for i in range(5))
    assert check("instagram", five, media=[image()]) == []


def test_threads_one_topic_tag() -> None:
    assert "hashtags_network_max" in codes(check("threads", "Vélo #lyon #velo"))
    assert check("threads", "Vélo #lyon") == []


def test_hashtag_detection_skips_anchors_numbers_and_urls() -> None:
    text = "Voir https://example.com/#section, le n°#1 et C#"
    assert "hashtags_network_max" not in codes(check("threads", text))


def test_first_comment_where_the_network_has_none() -> None:
    found = finding(
        check("tiktok", media=[video()], first_comment="#velo"), "first_comment_unsupported"
    )
    assert found.field == "first_comment" and "TikTok" in found.message
    assert check("instagram", media=[image()], first_comment="#velo #lyon") == []


def test_first_comment_too_long() -> None:
    found = finding(check("x", first_comment="a" * 281), "first_comment_too_long")
    assert found.field == "first_comment"


def test_media_required() -> None:
    found = finding(check("instagram"), "media_required")
    assert found.field == "media" and found.severity == "error"
    assert check("instagram", media=[image()]) == []


def test_too_many_images() -> None:
    found = finding(check("x", media=[image()] * 5), "media_too_many")
    assert "at most 4" in found.message
    assert check("x", media=[image()] * 4) == []


def test_no_mixing_where_refused() -> None:
    assert "media_mixing" in codes(check("x", media=[image(), video()]))
    assert "media_mixing" not in codes(check("instagram", media=[image(), video()]))


def test_media_kind_refused() -> None:
    gif = image(kind="gif", mime_type="image/gif")
    assert "media_kind" in codes(check("instagram", media=[gif]))


def test_media_type_refused() -> None:
    found = finding(check("instagram", media=[image(mime_type="image/png")]), "media_type")
    assert "image/jpeg" in found.message


def test_media_too_large() -> None:
    found = finding(check("bluesky", media=[image(size=1_200_000)]), "media_too_large")
    assert "1.2 MB" in found.message and "1 MB" in found.message
    assert check("bluesky", media=[image(size=1_000_000)]) == []


def test_video_too_long() -> None:
    assert "video_too_long" in codes(check("bluesky", media=[video(duration=200.0)]))
    assert check("bluesky", media=[video(duration=60.0)]) == []


def test_alt_text_missing_is_a_warning_by_default() -> None:
    found = finding(check("bluesky", media=[image(alt_text=" ")]), "alt_text_missing")
    assert found.severity == "warning" and found.field == "alt_text"
    assert check("bluesky", media=[video()]) == []  # videos are not asked for one


def test_alt_text_too_long() -> None:
    found = finding(check("bluesky", media=[image(alt_text="a" * 1001)]), "alt_text_too_long")
    assert found.field == "alt_text"


def test_links_in_instagram_captions_are_not_clickable() -> None:
    found = finding(
        check("instagram", "Voir https://example.com", media=[image()]), "link_not_clickable"
    )
    assert found.severity == "info"


def test_link_field_must_be_a_web_address() -> None:
    assert "link_invalid" in codes(check("facebook", link="javascript:alert(1)"))
    assert check("facebook", link="https://example.com/") == []


def test_double_question_mark_in_a_link() -> None:
    assert "link_malformed" in codes(check("facebook", link="https://example.com/?a=1?b=2"))


def test_a_huge_text_is_refused_without_further_checks() -> None:
    found = check("facebook", "pas cher " * 20_000, sponsored=True)
    assert codes(found) == ["text_too_long"]
    assert "100000" in found[0].message
