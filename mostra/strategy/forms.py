"""The forms of the strategy pages: each reads one object and makes its document part.

A form shows an object of :class:`~mostra.strategy.document.StrategyDocument` (its
``initial`` comes from the part) and gives back a part (:meth:`StrategyForm.part`)
that the services of :mod:`mostra.strategy.services.objects` save. Ids are made up
from the title when left empty.

Every form takes a ``prefix`` made of its kind and id, so that two forms open on the
same page never share a field id.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, ValidationError

from mostra.strategy import catalogue
from mostra.strategy import document as d
from mostra.strategy.services.convert import number

TRI_STATE = [("", _("Don't know")), ("yes", _("Yes")), ("no", _("No"))]
ID_HELP = _(
    "The stable id used in strategy files: lowercase letters, digits, - and _. "
    "Leave empty to make one from the title."
)


def _choices(mapping: dict[str, Any]) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in mapping.items()]


def _tri(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _tri_initial(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "") if value is not None else ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class NumberInput(forms.NumberInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"step": "any", **(attrs or {})})


def Checkboxes() -> forms.CheckboxSelectMultiple:  # noqa: N802 - reads like a widget class
    return forms.CheckboxSelectMultiple(attrs={"class": "checks"})


def Text(rows: int = 3) -> forms.Textarea:  # noqa: N802
    return forms.Textarea(attrs={"rows": rows})


class StrategyForm(forms.Form):
    """A form giving back one part of the strategy document."""

    part_class: type[BaseModel]
    #: Form field for a field of the part, where the names differ.
    field_names: dict[str, str] = {}

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def part(self, **extra: Any) -> BaseModel | None:
        """The part made of the cleaned data, or None with the problems added as errors."""
        try:
            return self.part_class(**{**self.values(), **extra})
        except ValidationError as exc:
            for error in exc.errors():
                self.add_error(self.field_for(error["loc"]), str(error["msg"]))
            return None

    def field_for(self, location: tuple[Any, ...] | str | None) -> str | None:
        """The form field matching a pydantic or service location, or None (whole form)."""
        if location is None:
            return None
        parts = location.split(".") if isinstance(location, str) else [str(p) for p in location]
        for size in range(len(parts), 0, -1):
            name = "_".join(parts[:size])
            name = self.field_names.get(name, name)
            if name in self.fields:
                return name
        return None


class KeyedForm(StrategyForm):
    """Targets, objectives, strategies and tactics carry an id."""

    id = forms.SlugField(label=_("Id"), max_length=63, required=False, help_text=ID_HELP)

    def clean_id(self) -> str:
        return self.cleaned_data["id"].strip().lower()


class ProfileForm(forms.Form):
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
        widget=NumberInput(),
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
        widget=NumberInput(),
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
            self.fields["network"].choices = [
                c for c in self.fields["network"].choices if c[0] not in taken
            ]

    @classmethod
    def initial_for(cls, part: d.Platform) -> dict[str, Any]:
        return part.model_dump()

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def _kpi_choices() -> list[tuple[str, Any]]:
    """KPIs grouped by the axis they usually measure."""
    groups: list[tuple[str, Any]] = [("", "—")]
    for axis, axis_label in catalogue.AXES.items():
        groups.append(
            (
                str(axis_label),
                [(k.code, str(k.label)) for k in catalogue.KPIS.values() if k.axis == axis],
            )
        )
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
    kpi = forms.ChoiceField(label=_("KPI"), required=False)
    baseline_value = forms.FloatField(
        label=_("Baseline value"), required=False, widget=NumberInput()
    )
    baseline_date = forms.DateField(label=_("Baseline date"), required=False, widget=DateInput())
    baseline_source = forms.CharField(
        label=_("Baseline source"),
        required=False,
        max_length=300,
        help_text=_("Where the figure comes from, such as the network's statistics page."),
    )
    target_value = forms.FloatField(label=_("Target value"), required=False, widget=NumberInput())
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
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = _kpi_choices()
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
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=_choices(catalogue.FORMATS),
        required=False,
        widget=Checkboxes(),
    )
    per_week = forms.FloatField(
        label=_("Posts per week"), required=False, min_value=0, max_value=500, widget=NumberInput()
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
