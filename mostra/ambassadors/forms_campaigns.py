"""The campaign pages' forms: the brief, a kit post, a member taking part, a share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.ambassadors.models import Compensation, Member
from mostra.ambassadors.services.campaigns import CampaignInput, CollaborationInput
from mostra.core.models import Workspace
from mostra.strategy import networks as registry
from mostra.strategy.models import Objective


def network_choices() -> list[tuple[str, str]]:
    return [(n.code, n.label) for n in registry.all_networks()]


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    start = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    networks = forms.MultipleChoiceField(
        label=_("Networks"), required=False, widget=forms.CheckboxSelectMultiple
    )
    objective = forms.TypedChoiceField(
        label=_("Objective served"), required=False, coerce=int, empty_value=None
    )
    key_messages = forms.CharField(
        label=_("Key messages"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    do_say = forms.CharField(
        label=_("What to say"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    dont_say = forms.CharField(
        label=_("What not to say"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    hashtags = forms.CharField(
        label=_("Hashtags"),
        required=False,
        help_text=_("Separated by spaces, such as #velo #lyon."),
    )
    link = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=2000,
        help_text=_(
            "The page the campaign sends people to: each member gets a tracked link to it."
        ),
    )
    utm_campaign = forms.CharField(
        label=_("Campaign tag (utm_campaign)"),
        required=False,
        max_length=100,
        help_text=_("Empty: the campaign's name."),
    )
    disclosure = forms.CharField(
        label=_("Mandatory disclosure"),
        required=False,
        max_length=100,
        initial="Collaboration commerciale",
        help_text=_(
            "What paid and gifted members must write at the start of their posts "
            "(« Publicité » or « Collaboration commerciale »; #ad in English)."
        ),
    )
    image_retouched = forms.BooleanField(label=_("The images given are retouched"), required=False)
    image_virtual = forms.BooleanField(
        label=_("The images given are virtual (generated)"), required=False
    )

    def __init__(self, workspace: Workspace, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["networks"].choices = network_choices()  # type: ignore[attr-defined]
        self.fields["objective"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (o.pk, o.title) for o in Objective.objects.filter(workspace=workspace).order_by("title")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The campaign must end on or after its first day."))
        return data

    def to_input(self) -> CampaignInput:
        d = self.cleaned_data
        return CampaignInput(
            name=d["name"],
            start=d["start"],
            end=d["end"],
            networks=list(d["networks"]),
            objective_id=d["objective"],
            key_messages=d["key_messages"],
            do_say=d["do_say"],
            dont_say=d["dont_say"],
            hashtags=[d["hashtags"]],
            link=d["link"],
            utm_campaign=d["utm_campaign"],
            disclosure=d["disclosure"],
            image_retouched=d["image_retouched"],
            image_virtual=d["image_virtual"],
        )


def initial_of(campaign: Any) -> dict[str, Any]:
    return {
        "name": campaign.name,
        "start": campaign.start,
        "end": campaign.end,
        "networks": campaign.networks,
        "objective": campaign.objective_id,
        "key_messages": campaign.key_messages,
        "do_say": campaign.do_say,
        "dont_say": campaign.dont_say,
        "hashtags": " ".join(campaign.hashtags),
        "link": campaign.link,
        "utm_campaign": campaign.utm_campaign,
        "disclosure": campaign.disclosure,
        "image_retouched": campaign.image_retouched,
        "image_virtual": campaign.image_virtual,
    }


class KitPostForm(forms.Form):
    network = forms.ChoiceField(label=_("Network"))
    text = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Write {link} where each member's personal link goes."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = network_choices()  # type: ignore[attr-defined]


class CollaborationForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Member"), coerce=int)
    compensation = forms.ChoiceField(
        label=_("Compensation"),
        required=False,
        choices=[("", _("As on the member's card"))] + list(Compensation.choices),
    )
    fee = forms.DecimalField(
        label=_("Fee or gift's value"), required=False, min_value=0, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR", required=False)
    gift = forms.CharField(label=_("Gift"), max_length=200, required=False)
    contract_reference = forms.CharField(label=_("Contract"), max_length=200, required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, workspace: Workspace, *args: Any, taking_part: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        members = Member.objects.filter(workspace=workspace, active=True)
        if taking_part is not None:  # a campaign: only those not in it yet
            members = members.exclude(collaborations__campaign=taking_part)
        self.fields["member"].choices = [  # type: ignore[attr-defined]
            (m.pk, m.name) for m in members
        ]

    def to_input(self) -> CollaborationInput:
        d = self.cleaned_data
        return CollaborationInput(
            member_id=d["member"],
            compensation=d["compensation"],
            fee=d["fee"],
            currency=d["currency"] or "EUR",
            gift=d["gift"],
            contract_reference=d["contract_reference"],
            start=d["start"],
            end=d["end"],
        )


class ShareForm(forms.Form):
    network = forms.ChoiceField(label=_("Network"))
    kit_post = forms.TypedChoiceField(
        label=_("The post you shared"), required=False, coerce=int, empty_value=None
    )
    url = forms.CharField(
        label=_("Address of your post (optional)"), required=False, max_length=2000
    )

    def __init__(
        self,
        networks: list[tuple[str, str]],
        posts: list[tuple[int, str]],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = networks  # type: ignore[attr-defined]
        self.fields["kit_post"].choices = [("", _("Another text (my own)"))] + posts  # type: ignore[attr-defined]
