"""The nine counts are declared once (mostra.core.counts); every other list derives from
it, and the two tables that store counts hold exactly those columns."""

from __future__ import annotations

import dataclasses

from django.db import models

from mostra.analytics.importers.base import ParsedPost
from mostra.analytics.models import AccountPost
from mostra.core.counts import COUNT_FIELDS, Counts, count_labels
from mostra.integrations.base import Snapshot
from mostra.publishing.models import MetricSnapshot

NINE = (
    "likes",
    "reposts",
    "replies",
    "quotes",
    "impressions",
    "reach",
    "clicks",
    "saves",
    "video_views",
)


def test_the_nine_counts_and_their_labels():
    assert COUNT_FIELDS == NINE
    assert count_labels()["video_views"] == "video views"
    assert list(count_labels()) == list(NINE)


def test_snapshots_and_parsed_posts_inherit_the_counts():
    for cls in (Snapshot, ParsedPost):
        assert issubclass(cls, Counts)
        names = {f.name for f in dataclasses.fields(cls)}
        assert set(COUNT_FIELDS) <= names
    snapshot = Snapshot(remote_id="1", likes=3)
    assert snapshot.counts() == {**dict.fromkeys(COUNT_FIELDS), "likes": 3}


def test_the_tables_hold_the_same_counts_none_for_unknown():
    for model in (AccountPost, MetricSnapshot):
        columns = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.PositiveBigIntegerField) and f.name in COUNT_FIELDS
        ]
        assert tuple(columns) == COUNT_FIELDS, model
        assert all(model._meta.get_field(name).null for name in COUNT_FIELDS)
