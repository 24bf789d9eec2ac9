"""Objectives on the three axes, with their SMART fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mostra.strategy import catalogue
from mostra.strategy import document as d
from mostra.strategy.forms.base import (
    Checkboxes,
    DateInput,
    KeyedForm,
    Text,
    _choices,
)
from mostra.strategy.services.convert import number


def _kpi_choices(own: list[d.Kpi] = ()) -> list[tuple[str, Any]]:  # type: ignore[assignment]
    """KPIs grouped by the axis they usually measure, the workspace's own ones with the
    catalogue's (marked as its own)."""
    language = "fr" if (translation.get_language() or "en").startswith("fr") else "en"
    groups: list[tuple[str, Any]] = [("", "—")]
    for axis, axis_label in catalogue.AXES.items():
        choices = [(k.code, str(k.label)) for k in catalogue.KPIS.values() if k.axis == axis]
        choices += [
            (k.id, _("%(name)s (your KPI)") % {"name": k.name(language)})
            for k in own
            if k.axis == axis
        ]
        groups.append((str(axis_label), choices))
    return groups


class ObjectiveForm(KeyedForm):
    part_class = d.Objective
    field_names = {"target": "target_value", "baseline": "baseline_value"}

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=Text(2))
    axis = forms.ChoiceField(label=_("Axis"), choices=_choices(catalogue.AXES))
    networks = forms.MultipleChoiceField(
        label=_("Networks"),
        choices=_choices(catalogue.NETWORKS),
        required=False,
        widget=Checkboxes(),
    )
    kpi = forms.ChoiceField(
        label=_("KPI"),
        required=False,
        help_text=_(
            "mostra computes reach, engagement or followers from your accounts; "
            "registrations, sales, leads and your own KPIs (“Your KPIs”, below the board) "
            "are entered or imported on their values' page."
        ),
    )
    baseline_value = forms.FloatField(label=_("Baseline value"), required=False)
    baseline_date = forms.DateField(label=_("Baseline date"), required=False, widget=DateInput())
    baseline_source = forms.CharField(
        label=_("Baseline source"),
        required=False,
        max_length=300,
        help_text=_("Where the figure comes from, such as the network's statistics page."),
    )
    target_value = forms.FloatField(label=_("Target value"), required=False)
    start = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    owner = forms.ChoiceField(label=pgettext_lazy("objective", "Owner"), required=False)
    targets = forms.MultipleChoiceField(
        label=_("Targets it serves"), required=False, widget=Checkboxes()
    )
    alignment = forms.CharField(
        label=_("Alignment with the organisation's strategy"), required=False, widget=Text(2)
    )

    def __init__(
        self,
        *args: Any,
        members: list[tuple[str, str]] = (),  # type: ignore[assignment]
        targets: list[tuple[str, str]] = (),  # type: ignore[assignment]
        kpis: list[d.Kpi] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = _kpi_choices(list(kpis))
        self.fields["owner"].choices = [("", "—"), *members]
        self.fields["targets"].choices = list(targets)

    @classmethod
    def initial_for(cls, part: d.Objective) -> dict[str, Any]:
        return {
            "id": part.id,
            "title": part.title,
            "description": part.description,
            "axis": part.axis,
            "networks": part.networks,
            "kpi": part.kpi or "",
            "baseline_value": number(part.baseline.value) if part.baseline else None,
            "baseline_date": part.baseline.date if part.baseline else None,
            "baseline_source": part.baseline.source if part.baseline else "",
            "target_value": number(part.target),
            "start": part.start,
            "deadline": part.deadline,
            "owner": part.owner or "",
            "targets": part.targets,
            "alignment": part.alignment,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value, date = data.get("baseline_value"), data.get("baseline_date")
        if value is not None and date is None and "baseline_date" not in self.errors:
            self.add_error("baseline_date", _("Give the date of the baseline value."))
        if date is not None and value is None and "baseline_value" not in self.errors:
            self.add_error("baseline_value", _("Give the baseline value measured on that date."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        baseline = None
        if data["baseline_value"] is not None and data["baseline_date"] is not None:
            baseline = {
                "value": data["baseline_value"],
                "date": data["baseline_date"],
                "source": data["baseline_source"],
            }
        return {
            "id": data["id"],
            "title": data["title"],
            "description": data["description"],
            "axis": data["axis"],
            "networks": data["networks"],
            "kpi": data["kpi"] or None,
            "baseline": baseline,
            "target": data["target_value"],
            "start": data["start"],
            "deadline": data["deadline"],
            "owner": data["owner"] or None,
            "targets": data["targets"],
            "alignment": data["alignment"],
        }
