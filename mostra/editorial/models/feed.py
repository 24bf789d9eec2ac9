from __future__ import annotations

import secrets

from django.db import models


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class CalendarFeed(models.Model):
    """A member's private ICS feed of a workspace's calendar.

    The URL's secret is an HMAC of the membership and this nonce under the site's secret
    key: a database dump alone does not give it; resetting the nonce revokes the old URL.
    """

    membership = models.OneToOneField(
        "core.Membership", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    nonce = models.CharField(max_length=32, default=new_nonce)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.membership_id}"
