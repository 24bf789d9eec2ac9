"""The forms of the Sources page: one per kind of source (its own fields), and the OPML
file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from mostra.listening import kinds
from mostra.listening.models.source import DEFAULT_INTERVAL, MIN_INTERVAL
from mostra.listening.services.sources import MAX_INTERVAL


class SourceForm(forms.Form):
    """The fields of ``kind`` (what the user types), then a name and an interval."""

    kind = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Optional: mostra names it from the address otherwise."),
    )
    interval_minutes = forms.IntegerField(
        label=gettext_lazy("Read every (minutes)"),
        min_value=MIN_INTERVAL,
        max_value=MAX_INTERVAL,
        initial=DEFAULT_INTERVAL,
    )

    def __init__(self, kind: kinds.SourceKind, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.source_kind = kind
        self.fields["kind"].initial = kind.code
        self.auto_id = f"id_{kind.code}_%s"
        ordered = {}
        for f in kind.fields:
            ordered[f.name] = forms.CharField(
                label=f.label, help_text=f.help, required=f.required, max_length=2000
            )
        ordered.update(self.fields)
        self.fields = ordered

    def values(self) -> dict[str, str]:
        return {f.name: self.cleaned_data.get(f.name) or "" for f in self.source_kind.fields}


class OpmlForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("OPML file"),
        help_text=gettext_lazy("The list of feeds a feed reader exports (.opml or .xml)."),
    )
