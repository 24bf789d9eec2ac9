"""The mission: the vision and the team's figures, and why we are on each network."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.core.numbers import NumbersInLanguage
from mostra.strategy import catalogue
from mostra.strategy import document as d
from mostra.strategy.forms.base import (
    TRI_STATE,
    Checkboxes,
    StrategyForm,
    Text,
    _choices,
    _tri,
    _tri_initial,
)
from mostra.strategy.services.convert import number


class ProfileForm(NumbersInLanguage, forms.Form):
    """The mission's vision and figures; numbers in ``language`` (:mod:`mostra.core.numbers`)."""

    vision = forms.CharField(
        label=_("Vision"),
        required=False,
        widget=Text(4),
        help_text=_("The long-term vision: why the organisation is on social media at all."),
    )
    posts_per_week = forms.FloatField(
        label=_("Team capacity (posts per week)"),
        required=False,
        min_value=0,
        max_value=1000,
        help_text=_("What the team can really produce; the SMART check compares tactics with it."),
    )
    new_account_months = forms.IntegerField(
        label=_("An account is new for (months)"),
        min_value=0,
        max_value=120,
        help_text=_(
            "Below this age, an objective to make people act gets the advice to aim at "
            "awareness first."
        ),
    )
    growth_percent = forms.FloatField(
        label=_("Achievable monthly growth without history (%)"),
        min_value=0.01,
        max_value=1000,
        help_text=_("Used when the account has no history of its own to compare with."),
    )

    @classmethod
    def initial_for(cls, doc: d.StrategyDocument) -> dict[str, Any]:
        return {
            "vision": doc.mission.vision,
            "posts_per_week": number(doc.capacity.posts_per_week),
            "new_account_months": doc.checks.new_account_months,
            "growth_percent": round(doc.checks.default_monthly_growth_max * 100, 2),
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "vision": data["vision"],
            "posts_per_week": data["posts_per_week"],
            "new_account_months": data["new_account_months"],
            "default_monthly_growth_max": data["growth_percent"] / 100,
        }


class MissionNetworkForm(StrategyForm):
    part_class = d.MissionNetwork

    network = forms.ChoiceField(label=_("Network"), choices=_choices(catalogue.NETWORKS))
    why = forms.CharField(label=_("Why we are there"), required=False, widget=Text(3))
    audience_present = forms.ChoiceField(
        label=_("Is our ideal customer there?"), choices=TRI_STATE, required=False
    )
    competitors_present = forms.ChoiceField(
        label=_("Are our competitors there?"), choices=TRI_STATE, required=False
    )
    partners_present = forms.ChoiceField(
        label=_("Are our partners there?"), choices=TRI_STATE, required=False
    )
    behaviour = forms.MultipleChoiceField(
        label=_("What they do there"),
        choices=_choices(catalogue.BEHAVIOURS),
        required=False,
        widget=Checkboxes(),
    )
    active = forms.ChoiceField(label=_("Are they active there?"), choices=TRI_STATE, required=False)

    def __init__(
        self, *args: Any, editing: bool = False, taken: Collection[str] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["network"].disabled = True
        else:
            self.fields["network"].choices = [
                c for c in self.fields["network"].choices if c[0] not in taken
            ]

    @classmethod
    def initial_for(cls, part: d.MissionNetwork) -> dict[str, Any]:
        return {
            "network": part.network,
            "why": part.why,
            "audience_present": _tri_initial(part.audience_present),
            "competitors_present": _tri_initial(part.competitors_present),
            "partners_present": _tri_initial(part.partners_present),
            "behaviour": part.behaviour,
            "active": _tri_initial(part.active),
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "network": data["network"],
            "why": data["why"],
            "audience_present": _tri(data["audience_present"]),
            "competitors_present": _tri(data["competitors_present"]),
            "partners_present": _tri(data["partners_present"]),
            "behaviour": data["behaviour"],
            "active": _tri(data["active"]),
        }
