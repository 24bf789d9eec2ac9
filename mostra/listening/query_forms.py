"""The form of the Queries page: a name, a group and the query's text."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from mostra.listening.models import QueryGroup
from mostra.listening.services.queries import MAX_LENGTH, NAME_LENGTH


class QueryForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=NAME_LENGTH)
    group = forms.ChoiceField(
        label=gettext_lazy("Group"), choices=QueryGroup.choices, initial=QueryGroup.BRAND
    )
    text = forms.CharField(
        label=gettext_lazy("Query"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=gettext_lazy(
            'Words, "phrases in quotes", #hashtags, AND, OR, NOT, parentheses; '
            "NEAR/3, lang:fr, site:example.org… (see the listening guide)."
        ),
    )
