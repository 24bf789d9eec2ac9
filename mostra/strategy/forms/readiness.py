"""The readiness questions of one network that can be answered in place (the composer's
dialog, the network's readiness page): only those still missing or "not known yet"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.strategy import catalogue
from mostra.strategy.checks.readiness import Readiness
from mostra.strategy.forms.base import TRI_STATE, Checkboxes, Text, _choices, _tri, _tri_initial
from mostra.strategy.services.readiness import TEXT_MAX, Answers

#: The groups of questions answered in place -> the readiness codes that open them.
GROUPS: dict[str, set[str]] = {
    "platform": {"ready-no-platform", "ready-platform-abandoned"},
    "why": {"ready-no-mission", "ready-mission-no-why"},
    "who": {"ready-no-mission", "ready-mission-who"},
    "behaviour": {"ready-no-mission", "ready-mission-behaviour"},
    "objective": {"ready-objective-incomplete"},
}
#: The groups that accept "not known yet" -> the question it answers.
UNKNOWN_CODES: dict[str, str] = {
    "who": "ready-mission-who",
    "behaviour": "ready-mission-behaviour",
    "objective": "ready-objective-incomplete",
}


def groups_for(result: Readiness) -> list[str]:
    """The groups of questions to show: those with a question missing or not known yet."""
    codes = {f.code for f in result.missing} | {n.code for n in result.not_known}
    return [group for group, opening in GROUPS.items() if codes & opening]


class ReadinessForm(forms.Form):
    """The answers of one network; only the fields of ``groups`` are read."""

    stage = forms.ChoiceField(
        label=_("Stage on this network"),
        choices=[("", "—"), *_choices(catalogue.STAGES)],
        required=False,
        help_text=_("Choosing a stage adds the network to your platforms."),
    )
    handle = forms.CharField(label=_("Handle"), max_length=200, required=False)
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
    unknown_who = forms.BooleanField(label=_("Not known yet"), required=False)
    note_who = forms.CharField(label=_("Note"), required=False, max_length=TEXT_MAX)
    unknown_behaviour = forms.BooleanField(label=_("Not known yet"), required=False)
    note_behaviour = forms.CharField(label=_("Note"), required=False, max_length=TEXT_MAX)
    unknown_objective = forms.BooleanField(label=_("Not known yet"), required=False)
    note_objective = forms.CharField(label=_("Note"), required=False, max_length=TEXT_MAX)

    def __init__(self, *args: Any, groups: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "ready")
        super().__init__(*args, **kwargs)
        self.groups = groups

    @classmethod
    def initial_for(cls, result: Readiness, doc: Any) -> dict[str, Any]:
        """The answers as they stand: the mission's entry, the notes "not known yet"."""
        initial: dict[str, Any] = {}
        platform = doc.platform(result.network)
        if platform is not None:
            initial.update(stage=platform.stage, handle=platform.handle)
        entry = next((m for m in doc.mission.networks if m.network == result.network), None)
        if entry is not None:
            initial.update(
                why=entry.why,
                audience_present=_tri_initial(entry.audience_present),
                competitors_present=_tri_initial(entry.competitors_present),
                partners_present=_tri_initial(entry.partners_present),
                behaviour=entry.behaviour,
                active=_tri_initial(entry.active),
            )
        for group, code in UNKNOWN_CODES.items():
            answer = next((n for n in result.not_known if n.code == code), None)
            if answer is not None:
                initial[f"unknown_{group}"] = True
                initial[f"note_{group}"] = answer.note
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for group in UNKNOWN_CODES:
            if group in self.groups and data.get(f"unknown_{group}"):
                if not (data.get(f"note_{group}") or "").strip():
                    self.add_error(
                        f"note_{group}",
                        _("Say in a note what is not known yet and when it will be."),
                    )
        return data

    def answers(self) -> tuple[Answers, list[str]]:
        """What to save, and the questions no longer "not known yet"."""
        data = self.cleaned_data
        answers = Answers()
        known_again: list[str] = []
        if "platform" in self.groups and data["stage"]:
            answers.stage = data["stage"]
            answers.handle = data["handle"]
        if "why" in self.groups:
            answers.why = data["why"]
        if "who" in self.groups:
            answers.who_given = True
            answers.audience_present = _tri(data["audience_present"])
            answers.competitors_present = _tri(data["competitors_present"])
            answers.partners_present = _tri(data["partners_present"])
        if "behaviour" in self.groups:
            answers.behaviour = data["behaviour"]
            answers.active = _tri(data["active"])
        for group, code in UNKNOWN_CODES.items():
            if group not in self.groups:
                continue
            if data.get(f"unknown_{group}"):
                answers.not_known[code] = data[f"note_{group}"]
            else:
                known_again.append(code)
        return answers, known_again
