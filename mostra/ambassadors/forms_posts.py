"""The form of the tracked posts' page: a post added by its address."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.ambassadors.models import InfluenceCampaign, Member


class PostByUrlForm(forms.Form):
    url = forms.CharField(
        label=_("Post address"),
        max_length=2000,
        help_text=_("A Bluesky or Mastodon post's address, as copied from the browser."),
        widget=forms.URLInput(attrs={"placeholder": "https://bsky.app/profile/…/post/…"}),
    )
    member = forms.ModelChoiceField(
        label=_("Member"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("The account's owner (found by its handle)"),
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=InfluenceCampaign.objects.none(),
        required=False,
        empty_label=_("Found from the post's dates, link and hashtags"),
    )

    def __init__(self, *args: Any, workspace: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(workspace=workspace)  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = InfluenceCampaign.objects.filter(workspace=workspace)  # type: ignore[attr-defined]
