"""The roster's forms: a member, one of their accounts, the tiers of a network, and
the roster's import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mostra.ambassadors.models import Compensation, Member, MemberKind, Relationship
from mostra.ambassadors.services.roster import MemberInput
from mostra.ambassadors.services.tiers import Thresholds, Tier
from mostra.core.models import Workspace
from mostra.strategy import networks


def network_choices() -> list[tuple[str, str]]:
    return [(n.code, n.label) for n in networks.all_networks()]


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=MemberKind.choices,
        help_text=_(
            "Ambassadors speak for the brand from inside or near it (employees, volunteers, "
            "clients, partners); influencers are outside it, paid or gifted."
        ),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship"), choices=[("", "—"), *Relationship.choices], required=False
    )
    compensation = forms.ChoiceField(
        label=_("Compensation"),
        choices=Compensation.choices,
        help_text=_("Paid and gifted posts must carry the disclosure the law asks."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Only to send briefs and share kits: leave it empty if you do not need it."),
    )
    consent_on = forms.DateField(
        label=_("Consent given on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    consent_note = forms.CharField(
        label=_("How consent was given"),
        max_length=300,
        required=False,
        help_text=_("Such as: signed form, e-mail of 2 March, contract clause 4."),
    )
    targets = forms.MultipleChoiceField(
        label=_("Targets reached"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The strategy's targets this member's audience belongs to."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    active = forms.BooleanField(label=_("Active in the programme"), required=False, initial=True)

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targets"].choices = [  # type: ignore[attr-defined]
            (t.key, t.name) for t in workspace.targets.all()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent_note") and not data.get("consent_on"):
            self.add_error("consent_on", _("Give the day consent was given."))
        return data

    @staticmethod
    def initial_of(member: Member) -> dict[str, Any]:
        return {
            "name": member.name,
            "kind": member.kind,
            "relationship": member.relationship,
            "compensation": member.compensation,
            "email": member.email,
            "consent_on": timezone.localdate(member.consent_at) if member.consent_at else None,
            "consent_note": member.consent_note,
            "targets": [t.key for t in member.targets.all()],
            "notes": member.notes,
            "active": member.active,
        }

    def to_input(self, current: Member | None = None) -> MemberInput:
        data = self.cleaned_data
        consent_at = None
        if data.get("consent_on"):
            kept = current.consent_at if current is not None else None
            if kept is not None and timezone.localdate(kept) == data["consent_on"]:
                consent_at = kept
            else:
                consent_at = dt.datetime.combine(
                    data["consent_on"], dt.time(12), tzinfo=timezone.get_current_timezone()
                )
        return MemberInput(
            name=data["name"],
            kind=data["kind"],
            relationship=data.get("relationship") or "",
            compensation=data["compensation"],
            email=data.get("email") or "",
            consent_at=consent_at,
            consent_note=data.get("consent_note") or "",
            targets=data.get("targets") or [],
            notes=data.get("notes") or "",
            active=bool(data.get("active")),
        )


class AccountForm(forms.Form):
    network = forms.ChoiceField(label=_("Network"))
    handle = forms.CharField(
        label=_("Handle"),
        max_length=500,
        help_text=_(
            "As the network shows it (@lea.martin; lea@mastodon.social), or the profile's address."
        ),
    )
    followers = forms.IntegerField(
        label=_("Followers"), required=False, min_value=0, help_text=_("Empty when unknown.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = network_choices()  # type: ignore[attr-defined]


class ThresholdsForm(forms.Form):
    network = forms.ChoiceField(label=_("Network"), required=False)
    nano = forms.IntegerField(label=_("Nano from"), min_value=1)
    micro = forms.IntegerField(label=_("Micro from"), min_value=1)
    mid = forms.IntegerField(label=_("Mid-tier from"), min_value=1)
    macro = forms.IntegerField(label=_("Macro from"), min_value=1)
    mega = forms.IntegerField(label=_("Mega from"), min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = [  # type: ignore[attr-defined]
            ("", _("Every network without its own")),
            *network_choices(),
        ]

    @staticmethod
    def initial_of(network: str, thresholds: Thresholds) -> dict[str, Any]:
        return {"network": network, **{t.value: thresholds.smallest(t) for t in Tier}}

    def values(self) -> dict[str, int | None]:
        return {t.value: self.cleaned_data.get(t.value) for t in Tier}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One line per account: name, kind, network, handle, followers, paid (yes, gift "
            "or no); optional email, relationship, targets (keys separated by ;), consent."
        ),
    )
