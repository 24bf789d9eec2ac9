"""The forms of a KPI's values page: one value by hand, or a file of dates and values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from mostra.analytics.measurements.services import MAX_NOTE, MAX_SOURCE
from mostra.core.numbers import NumbersInLanguage


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ValueForm(NumbersInLanguage, forms.Form):
    """One value; ``ValueForm(..., language="fr")`` reads "3,2" as 3.2 and refuses
    "1,234", which could be read two ways (:mod:`mostra.core.numbers`)."""

    date = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    value = forms.FloatField(label=gettext_lazy("Value"))
    source = forms.CharField(
        label=gettext_lazy("Source"),
        required=False,
        max_length=MAX_SOURCE,
        help_text=gettext_lazy("Where the figure comes from: an export, a count at the door…"),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        day: dt.date = data["date"]
        return {
            "day": day,
            "value": data["value"],
            "source": data["source"],
            "note": data["note"],
        }


class ValuesFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File of dates and values (CSV or XLSX)"),
        help_text=gettext_lazy(
            "A column of dates and a column of values, separated by , or ; with a header "
            "line such as date;valeur. Decimals with a comma or a point. A ticketing export "
            "with one line per registration works too: each line counts as one."
        ),
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        required=False,
        max_length=MAX_SOURCE,
        help_text=gettext_lazy("Such as “HelloAsso export”. Default: the file's name."),
    )
