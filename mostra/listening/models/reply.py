"""A reply from mostra to an inbox item: a post of one variant, published by the
publishing engine to one account of the workspace (exactly once, charter-checked,
approved when the workspace's policy asks).

The text, the approval and the publication's state are the post's
(:class:`~mostra.editorial.models.Post`, its variant and its
:class:`~mostra.publishing.models.Publication`); this row only says which mention it
answers, from which account, and who wrote it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MentionReply(models.Model):
    mention = models.ForeignKey(
        "listening.Mention", on_delete=models.CASCADE, related_name="replies"
    )
    post = models.OneToOneField(
        "editorial.Post", on_delete=models.CASCADE, related_name="mention_reply"
    )
    account = models.ForeignKey(
        "publishing.SocialAccount",
        on_delete=models.PROTECT,
        related_name="mention_replies",
        verbose_name=_("account"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reply")

    def __str__(self) -> str:
        return f"{self.mention_id} ← {self.post_id}"
