"""What the publishing layer announces to the layers above it (analytics, notifications,
home page).

Sent after the change is committed (``transaction.on_commit``): a receiver never sees a
publication whose state was rolled back, and a slow receiver never holds a claim.
"""

from __future__ import annotations

from django.dispatch import Signal

#: A publication reached a final outcome. Arguments: ``publication`` (state published,
#: failed or unknown) and, when a person decided it (marked as published), ``actor``.
publication_finished = Signal()

#: A publication by hand is due, or late. Arguments: ``publication``, ``stage``
#: ("due", "reminder" or "escalated") and ``recipients`` (user ids: the account's
#: responsible person; the managers too when escalated).
manual_publication_due = Signal()

#: Counts were read from the networks. Arguments: ``publication_ids``. Sent at once, in
#: the collection's own transaction: its receivers only write in it (the analytics queue
#: their copy of the counts, :mod:`mostra.analytics.sync`).
metrics_collected = Signal()

#: An account's figures were read. Arguments: ``snapshots`` (FollowerSnapshot rows).
#: Sent at once, as :data:`metrics_collected` (the analytics copy the followers).
followers_collected = Signal()
