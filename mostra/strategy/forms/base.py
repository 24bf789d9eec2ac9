"""What the strategy forms share: the base classes, widgets and small converters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ValidationError

from mostra.core.numbers import NumbersInLanguage

TRI_STATE = [("", _("Don't know")), ("yes", _("Yes")), ("no", _("No"))]
ID_HELP = _(
    "The stable id used in strategy files: lowercase letters, digits, - and _. "
    "Leave empty to make one from the title."
)


def _choices(mapping: dict[str, Any]) -> list[tuple[str, Any]]:
    """The catalogue's codes and labels as choices; the labels stay lazy, so that each
    page shows them in its reader's language (not in the first request's)."""
    return list(mapping.items())


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


def Checkboxes() -> forms.CheckboxSelectMultiple:  # noqa: N802 - reads like a widget class
    return forms.CheckboxSelectMultiple(attrs={"class": "checks"})


def Text(rows: int = 3) -> forms.Textarea:  # noqa: N802
    return forms.Textarea(attrs={"rows": rows})


class StrategyForm(NumbersInLanguage, forms.Form):
    """A form giving back one part of the strategy document; its numbers are read and
    shown in ``language``, the workspace's (:mod:`mostra.core.numbers`)."""

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
