"""The ambassador and influencer programme: the roster (members, their accounts, a
member's data exported), the campaigns' briefs and the tracked posts.

Every member of the workspace reads them; editors, managers and owners change them (the
services of :mod:`mostra.ambassadors.services`: the same as the pages and
``mostra ambassadors``). Each part keeps its routes in its own section below.
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["ambassadors"])
