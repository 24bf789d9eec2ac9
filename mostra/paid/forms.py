"""The campaign form and the day-entry form of the paid campaigns' pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.core.models import Workspace
from mostra.paid.models import Kind
from mostra.paid.services.campaigns import CampaignInput
from mostra.paid.services.days import DayFigures
from mostra.strategy import networks


class CampaignForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("As in the ad manager: imports match their rows by this name."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    objective = forms.TypedChoiceField(label=_("Objective"), coerce=int, required=False)
    strategy = forms.TypedChoiceField(label=_("Strategy"), coerce=int, required=False)
    budget = forms.DecimalField(label=_("Budget"), min_value=0, max_digits=12, decimal_places=2)
    start = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))
    networks = forms.MultipleChoiceField(
        label=_("Networks"), required=False, widget=forms.CheckboxSelectMultiple
    )
    promoted_posts = forms.TypedMultipleChoiceField(
        label=_("Promoted posts"), coerce=int, required=False
    )
    audience = forms.CharField(
        label=_("Audience"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who the campaign targets: places, ages, interests…"),
    )
    utm_campaign = forms.CharField(
        label=_("Campaign tag (utm_campaign)"),
        max_length=100,
        required=False,
        help_text=_("The tag its tracked links carry."),
    )
    pacing_threshold = forms.IntegerField(
        label=_("Pacing warning beyond (%)"), min_value=1, max_value=500, initial=20
    )

    def __init__(self, *args: Any, workspace: Workspace, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget"].label = _("Budget (%(currency)s)") % {"currency": currency}
        none = [("", _("None"))]
        self.fields["objective"].choices = none + [  # type: ignore[attr-defined]
            (o.pk, o.title) for o in workspace.objectives.all()
        ]
        self.fields["strategy"].choices = none + [  # type: ignore[attr-defined]
            (s.pk, str(s)) for s in workspace.strategies.all()
        ]
        codes = [(n.code, n.label) for n in networks.all_networks()]
        self.fields["networks"].choices = codes  # type: ignore[attr-defined]
        self.fields["promoted_posts"].choices = [  # type: ignore[attr-defined]
            (p.pk, str(p)) for p in workspace.posts.order_by("-pk")[:500]
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The campaign ends before it starts: fix the dates."))
        return data

    def to_input(self) -> CampaignInput:
        d = self.cleaned_data
        return CampaignInput(
            name=d["name"],
            kind=d["kind"],
            start=d["start"],
            end=d["end"],
            budget=d["budget"],
            networks=list(d["networks"]),
            audience=d["audience"],
            utm_campaign=d["utm_campaign"],
            objective_id=d["objective"] or None,
            strategy_id=d["strategy"] or None,
            post_ids=list(d["promoted_posts"]),
            pacing_threshold=d["pacing_threshold"],
        )


class DayForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label=_("Until (for a period)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("A period's figures are spread evenly over its days."),
    )
    spend = forms.DecimalField(
        label=_("Spend"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    impressions = forms.IntegerField(label=_("Impressions"), min_value=0, required=False)
    reach = forms.IntegerField(label=_("Reach"), min_value=0, required=False)
    clicks = forms.IntegerField(label=_("Clicks"), min_value=0, required=False)
    results = forms.IntegerField(label=_("Results"), min_value=0, required=False)

    def figures(self) -> DayFigures:
        d = self.cleaned_data
        return DayFigures(
            d["day"], d["spend"], d["impressions"], d["reach"], d["clicks"], d["results"]
        )
