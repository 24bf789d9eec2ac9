"""A KPI the workspace defines for itself: its names, unit, direction, axis, collection."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.strategy import catalogue
from mostra.strategy import document as d
from mostra.strategy.forms.base import KeyedForm, _choices


class KpiForm(KeyedForm):
    part_class = d.Kpi
    field_names = {"names_fr": "name_fr", "names_en": "name_en", "names": "name_fr"}

    id = forms.SlugField(
        label=_("Id"),
        max_length=40,
        required=False,
        help_text=_(
            "The code objectives and strategy files name it by: lowercase letters, digits, "
            "- and _. Leave empty to make one from the name."
        ),
    )
    name_fr = forms.CharField(label=_("Name in French"), max_length=120, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=120, required=False)
    unit = forms.ChoiceField(label=_("Unit"), choices=_choices(catalogue.KPI_UNITS))
    direction = forms.ChoiceField(label=_("Progress is"), choices=_choices(catalogue.DIRECTIONS))
    axis = forms.ChoiceField(label=_("Axis it usually measures"), choices=_choices(catalogue.AXES))
    collection = forms.ChoiceField(
        label=_("How its values are collected"),
        choices=_choices(catalogue.COLLECTIONS),
        widget=forms.RadioSelect,
        help_text=_("A per cent or a per thousand is always a reading."),
    )

    @classmethod
    def initial_for(cls, part: d.Kpi) -> dict[str, Any]:
        return {
            "id": part.id,
            "name_fr": part.names.fr,
            "name_en": part.names.en,
            "unit": part.unit,
            "direction": part.direction,
            "axis": part.axis,
            "collection": part.collection,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name_fr") or data.get("name_en")) and "name_fr" not in self.errors:
            self.add_error("name_fr", _("Give the KPI a name, in French or in English."))
        # The name an id is made from, when none is given (see the edit views).
        data["name"] = data.get("name_fr") or data.get("name_en") or ""
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "id": data["id"],
            "names": {"fr": data["name_fr"], "en": data["name_en"]},
            "unit": data["unit"],
            "direction": data["direction"],
            "axis": data["axis"],
            "collection": data["collection"],
        }
