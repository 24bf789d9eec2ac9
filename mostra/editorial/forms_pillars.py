"""The content pillars' form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class PillarForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=80)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("What posts of this pillar talk about, and why."),
    )
    color = forms.CharField(
        label=gettext_lazy("Colour"),
        max_length=7,
        initial="#4c6ef5",
        widget=forms.TextInput(attrs={"type": "color"}),
    )
