"""Each trigger's rule on hand-made series."""

from __future__ import annotations

from mostra.listening.incidents import rules


def test_median_and_mad():
    assert rules.median_mad([]) == (0.0, 0.0)
    assert rules.median_mad([3, 5, 4, 100]) == (4.5, 1.0)


def test_a_spike_is_far_above_the_usual_hour_and_above_the_minimum():
    usual = [10, 12, 11, 9]  # median 10.5, MAD 1
    assert rules.volume_spike(13, usual, minimum=5) is None  # within 3 MADs
    assert rules.volume_spike(14, usual, minimum=5) == {
        "count": 14,
        "median": 10.5,
        "mad": 1.0,
        "limit": 13.5,
    }
    assert rules.volume_spike(14, usual, minimum=20) is None  # too few to matter


def test_one_outlier_week_does_not_move_the_baseline():
    # A past spike (300) neither hides today's nor makes an ordinary hour one.
    assert rules.volume_spike(40, [10, 300, 11, 9], minimum=5) is not None
    assert rules.volume_spike(12, [10, 300, 11, 9], minimum=5) is None


def test_a_flat_baseline_needs_more_than_one_mention_above_it():
    assert rules.volume_spike(3, [0, 0, 0, 0], minimum=1) is None  # 0 + 3 x max(MAD, 1)
    assert rules.volume_spike(4, [0, 0, 0, 0], minimum=1) == {
        "count": 4,
        "median": 0.0,
        "mad": 0.0,
        "limit": 3.0,
    }


def test_a_negative_surge_is_twice_and_20_points_above_the_usual_share():
    # usual: 10 negative of 100 (10 %)
    assert rules.negative_surge(6, 20, 10, 100, minimum=5) == {
        "negative": 6,
        "total": 20,
        "share": 0.3,
        "usual": 0.1,
    }
    assert rules.negative_surge(5, 20, 10, 100, minimum=5) is None  # 25 %: < 30 %
    assert rules.negative_surge(4, 8, 10, 100, minimum=5) is None  # 50 % but 4 < 5
    assert rules.negative_surge(30, 100, 25, 100, minimum=5) is None  # 30 %: not twice 25 %
    assert rules.negative_surge(5, 5, 0, 0, minimum=5) is not None  # no history: 0 %
    assert rules.negative_surge(0, 0, 0, 0, minimum=0) is None


def test_the_most_followed_author_above_the_threshold():
    authors = [("a", 900), ("b", None), ("c", 25_000), ("d", 12_000)]
    assert rules.author_followers(authors, 10_000) == {"author": "c", "followers": 25_000}
    assert rules.author_followers(authors, 25_000) is None  # more than N, not N


def test_the_same_issue_counts_distinct_people():
    raised = [("Atelier", "ann"), ("Atelier", "ann"), ("Atelier", "ben"), ("Prix", "cat")]
    assert rules.same_issue(raised, 3) is None  # ann twice is one person
    assert rules.same_issue(raised, 2) == {"issue": "Atelier", "people": 2}
    assert rules.same_issue([("Atelier", "")], 1) is None  # nobody named


def test_reposts_add_up():
    assert rules.reposts([10, None, 40], 50) == {"reposts": 50}
    assert rules.reposts([10, None, 39], 50) is None


def test_negative_mentions():
    assert rules.negative_mentions(3, 3) == {"negative": 3}
    assert rules.negative_mentions(2, 3) is None
