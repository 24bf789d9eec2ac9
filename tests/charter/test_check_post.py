"""check_post: every variant of a post, with one reading of the charter."""

from __future__ import annotations

from mostra.charter.checks import blocking, check_post
from mostra.charter.services import save_charter
from mostra.editorial.models import Post, PostMedia, PostVariant


def _post(workspace, owner, **fields) -> Post:  # noqa: ANN001
    post = Post.objects.create(workspace=workspace, author=owner, **fields)
    for position, (network, text) in enumerate(
        [("instagram", "Vélos pas cher #a #b"), ("bluesky", "Atelier samedi"), ("x", "日" * 141)]
    ):
        variant = PostVariant.objects.create(
            post=post, network=network, text=text, position=position
        )
        for i in range(3):
            PostMedia.objects.create(
                variant=variant,
                file=f"posts/{network}-{i}.jpg",
                kind="image",
                mime_type="image/jpeg",
                size=100_000,
                sha256=f"{i}" * 64,
                alt_text="Un vélo",
            )
    return post


def test_findings_keyed_by_network(owner_membership, owner, workspace) -> None:
    save_charter(owner_membership, {"forbidden_words": "pas cher"}, {})
    findings = check_post(_post(workspace, owner, sponsored=True))
    assert list(findings) == ["instagram", "bluesky", "x"]
    assert {f.code for f in findings["instagram"]} == {"word_forbidden", "disclosure_missing"}
    assert [f.code for f in findings["x"]] == ["text_too_long", "disclosure_missing"]
    assert all(blocking(f) for f in findings.values())


def test_no_charter_uses_the_defaults(owner, workspace) -> None:
    findings = check_post(_post(workspace, owner))
    assert findings["bluesky"] == [] and not blocking(findings["bluesky"])


def test_query_count_does_not_grow_with_variants_or_media(
    owner_membership, owner, workspace, django_assert_num_queries
) -> None:
    save_charter(owner_membership, {"tone": "Sobre"}, {"bluesky": {"utm_required": True}})
    post = _post(workspace, owner)
    # The charter, its rules, the variants and their media.
    with django_assert_num_queries(4):
        check_post(post)
