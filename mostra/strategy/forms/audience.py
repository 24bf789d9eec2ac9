"""Who we talk to and where: targets and platforms."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.strategy import catalogue
from mostra.strategy import document as d
from mostra.strategy.forms.base import (
    Checkboxes,
    DateInput,
    KeyedForm,
    StrategyForm,
    Text,
    _choices,
)


class TargetForm(KeyedForm):
    part_class = d.Target
    field_names = {"segments_age": "age", "segments_gender": "gender"}

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=_choices(catalogue.TARGET_KINDS), widget=forms.RadioSelect
    )
    is_priority = forms.BooleanField(
        label=_("Priority target"),
        required=False,
        help_text=_("Priority targets are ranked: move them up or down on the strategy page."),
    )
    typology = forms.ChoiceField(
        label=_("Typology"), choices=_choices(catalogue.TYPOLOGIES), widget=forms.RadioSelect
    )
    age = forms.MultipleChoiceField(
        label=_("Age bands"),
        choices=[(a, a) for a in catalogue.AGE_BANDS],
        required=False,
        widget=Checkboxes(),
    )
    gender = forms.MultipleChoiceField(
        label=_("Gender"), choices=_choices(catalogue.GENDERS), required=False, widget=Checkboxes()
    )
    education = forms.MultipleChoiceField(
        label=_("Education"),
        choices=_choices(catalogue.EDUCATION),
        required=False,
        widget=Checkboxes(),
    )
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        help_text=_("Two-letter code, such as FR or US: it chooses the audience data used."),
    )
    inactive = forms.MultipleChoiceField(
        label=_("Present but not active on"),
        choices=_choices(catalogue.NETWORKS),
        required=False,
        widget=Checkboxes(),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=Text(3),
        help_text=_("What you have seen of this target's behaviour, and where."),
    )

    def __init__(self, *args: Any, priority: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current_priority = priority
        for code, label in catalogue.NETWORKS.items():
            self.fields[f"behaviour_{code}"] = forms.MultipleChoiceField(
                label=label,
                choices=_choices(catalogue.BEHAVIOURS),
                required=False,
                widget=Checkboxes(),
            )

    def behaviour_columns(self) -> list[tuple[str, str]]:
        return _choices(catalogue.BEHAVIOURS)

    def behaviour_rows(self) -> list[tuple[str, str, forms.BoundField, bool]]:
        """Per network: code, label, its behaviour checkboxes, and whether it is inactive."""
        if self.is_bound:
            inactive = set(self.data.getlist(self.add_prefix("inactive")))
        else:
            inactive = set(self.initial.get("inactive", []))
        return [
            (code, label, self[f"behaviour_{code}"], code in inactive)
            for code, label in catalogue.NETWORKS.items()
        ]

    @classmethod
    def initial_for(cls, part: d.Target) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "id": part.id,
            "name": part.name,
            "kind": part.kind,
            "is_priority": part.priority is not None,
            "typology": part.typology,
            "age": part.segments.age,
            "gender": part.segments.gender,
            "education": part.segments.education,
            "country": part.segments.country or "",
            "inactive": part.inactive,
            "evidence": part.evidence,
        }
        for network, behaviour in part.behaviour.items():
            initial[f"behaviour_{network}"] = behaviour
        return initial

    def clean_country(self) -> str:
        return self.cleaned_data["country"].strip().upper()

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "id": data["id"],
            "name": data["name"],
            "kind": data["kind"],
            "priority": (self.current_priority or 1000) if data["is_priority"] else None,
            "typology": data["typology"],
            "segments": {
                "age": data["age"],
                "gender": data["gender"],
                "education": data["education"],
                "country": data["country"] or None,
            },
            "behaviour": {
                code: data[f"behaviour_{code}"]
                for code in catalogue.NETWORKS
                if data.get(f"behaviour_{code}")
            },
            "inactive": data["inactive"],
            "evidence": data["evidence"],
        }


class PlatformForm(StrategyForm):
    part_class = d.Platform

    network = forms.ChoiceField(label=_("Network"), choices=_choices(catalogue.NETWORKS))
    handle = forms.CharField(
        label=_("Handle or page"),
        required=False,
        max_length=200,
        help_text=_("Such as @fromagerie or the page's address."),
    )
    present_since = forms.DateField(
        label=_("Present since"),
        required=False,
        widget=DateInput(),
        help_text=_("When the account was opened; empty for a candidate network."),
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=_choices(catalogue.STAGES))

    def __init__(
        self, *args: Any, editing: bool = False, taken: Collection[str] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["network"].disabled = True
        else:
            # The list offers the networks not taken yet; one taken meanwhile is refused
            # by the service (save_platform), with the same message as the API's.
            network = self.fields["network"]
            network.widget.choices = [c for c in network.choices if c[0] not in taken]

    @classmethod
    def initial_for(cls, part: d.Platform) -> dict[str, Any]:
        return part.model_dump()

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
