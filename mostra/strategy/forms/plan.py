"""Strategies and tactics (with their weekly slots)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.strategy import catalogue
from mostra.strategy import document as d
from mostra.strategy.forms.base import (
    Checkboxes,
    KeyedForm,
    Text,
    _choices,
    _lines,
)
from mostra.strategy.services.convert import number


class PlanForm(KeyedForm):
    """A strategy: the plan that reaches one objective."""

    part_class = d.Strategy

    objective = forms.ChoiceField(label=_("Objective it serves"))
    title = forms.CharField(label=_("Title"), max_length=200)
    plan = forms.CharField(
        label=_("Plan"),
        required=False,
        widget=Text(4),
        help_text=_("How the objective will be reached: the path from a post to the result."),
    )
    owned_channels = forms.CharField(
        label=_("Owned channels"),
        required=False,
        widget=Text(2),
        help_text=_("One a line: blog, site pages, contact form, newsletter…"),
    )
    paid = forms.BooleanField(label=_("Paid visibility"), required=False)

    def __init__(
        self,
        *args: Any,
        objectives: list[tuple[str, str]] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].choices = list(objectives)

    @classmethod
    def initial_for(cls, part: d.Strategy) -> dict[str, Any]:
        return {**part.model_dump(), "owned_channels": "\n".join(part.owned_channels)}

    def values(self) -> dict[str, Any]:
        return {**self.cleaned_data, "owned_channels": _lines(self.cleaned_data["owned_channels"])}


class SlotForm(forms.Form):
    day = forms.ChoiceField(
        label=_("Day"), choices=[("", "—"), *_choices(catalogue.DAYS)], required=False
    )
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    network = forms.ChoiceField(
        label=_("Network"),
        choices=[("", _("Every network of the tactic")), *_choices(catalogue.NETWORKS)],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("time") is None and "time" not in self.errors:
            self.add_error("time", _("Give the time of this slot, such as 10:00."))
        if data.get("time") is not None and not data.get("day"):
            self.add_error("day", _("Choose the day of this slot."))
        return data


SlotFormSet = forms.formset_factory(SlotForm, extra=2, max_num=50, validate_max=True)


class TacticForm(KeyedForm):
    part_class = d.Tactic

    strategy = forms.ChoiceField(label=_("Strategy it serves"))
    title = forms.CharField(label=_("Title"), max_length=200)
    networks = forms.MultipleChoiceField(
        label=_("Networks"),
        choices=_choices(catalogue.NETWORKS),
        required=False,
        widget=Checkboxes(),
    )
    content_types = forms.MultipleChoiceField(
        label=_("Content types"),
        choices=_choices(catalogue.CONTENT_TYPES),
        required=False,
        widget=Checkboxes(),
        help_text=_("What the posts are made of: videos, text, photos, infographics…"),
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=_choices(catalogue.FORMATS),
        required=False,
        widget=Checkboxes(),
        help_text=_(
            "How they appear on the network: post, carousel, reel… Videos, text and photos "
            "are content types: tick them in Content types."
        ),
    )
    per_week = forms.FloatField(
        label=_("Posts per week"), required=False, min_value=0, max_value=500
    )
    targets = forms.MultipleChoiceField(label=_("Targets"), required=False, widget=Checkboxes())

    def __init__(
        self,
        *args: Any,
        strategies: list[tuple[str, str]] = (),  # type: ignore[assignment]
        targets: list[tuple[str, str]] = (),  # type: ignore[assignment]
        slots: list[d.Slot] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategy"].choices = list(strategies)
        self.fields["targets"].choices = list(targets)
        self.slots = SlotFormSet(
            self.data if self.is_bound else None,
            prefix=self.add_prefix("slot"),
            initial=[{"day": s.day, "time": s.time, "network": s.network or ""} for s in slots],
        )

    @classmethod
    def initial_for(cls, part: d.Tactic) -> dict[str, Any]:
        return {**part.model_dump(exclude={"slots"}), "per_week": number(part.per_week)}

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self.slots.is_valid() and valid

    def values(self) -> dict[str, Any]:
        slots = [
            {
                "day": f.cleaned_data["day"],
                "time": f.cleaned_data["time"].strftime("%H:%M"),
                "network": f.cleaned_data["network"] or None,
            }
            for f in self.slots.forms
            if f.cleaned_data.get("day") and f.cleaned_data.get("time") is not None
        ]
        return {**self.cleaned_data, "slots": slots}
