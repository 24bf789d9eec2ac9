"""Numbers typed in forms, read on the server in the workspace's language, never guessed.

A browser reads ``<input type="number">`` by its own rules: Chromium takes the comma for
a thousands separator and sends "3,2" as 32, whatever the page's language. mostra's
number fields are therefore text fields (``inputmode`` shows a digits keyboard on a
phone), read here:

1. spaces (plain, non-breaking, narrow), ``'`` and ``’`` group thousands: "27 000";
2. with both a comma and a point, the last one marks the decimals and the other groups
   thousands: "1,234.5" and "1.234,5" are both 1234.5;
3. the same mark twice or more groups thousands: "1,234,567";
4. one mark alone marks the decimals ("3,2" and "3.2" are 3.2, "0,250" is 0.25), except
   when it is followed by exactly three digits after one to three others ("3,200",
   "27.000"): French writes 3,2 and English 3,200 for three thousand two hundred, so
   such a number is refused with both readings and how to type each
   (:class:`AmbiguousNumber`);
5. anything else (letters, "1e3", "1 0", a group of two digits) is refused with an
   example written in the workspace's language.

The workspace's language (:func:`mostra.core.services.workspaces.workspace_language`)
writes the values back into the fields ("3,2" in French, "3.2" in English, never with a
thousands separator, so that a value sent again reads the same) and the examples of the
messages. :func:`read_in` turns a form's number fields into :class:`NumberField`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError

#: What groups thousands besides a comma or a point: spaces, and the Swiss apostrophes.
GROUPING = " \u00a0\u202f'’"
_SIGNS = {"-": "-", "−": "-", "+": ""}
_DIGITS = re.compile(r"\d*")


class NumberRefused(DomainError):
    """The text is not a number; the message shows how to type one."""


class AmbiguousNumber(NumberRefused):
    """The text reads as two numbers ("3,200": 3.2 or 3200); the message gives both."""


def decimal_mark(language: str | None) -> str:
    return "," if (language or "").startswith("fr") else "."


def _language(language: str | None) -> str:
    return language or translation.get_language() or "en"


def format_number(value: float | int | Decimal, language: str | None) -> str:
    """``value`` as a field shows it: "3,2" in French, "3.2" in English, "27000", no
    exponent, no thousands separator (typed again, it reads the same)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = format(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), "f")
    return text.replace(".", decimal_mark(_language(language)))


def _example(whole: bool, language: str) -> str:
    return "12" if whole else format_number(3.5, language)


def _not_a_number(text: str, whole: bool, language: str) -> NumberRefused:
    if whole:
        message = _("“%(text)s” is not a whole number: type one such as %(example)s.")
    else:
        message = _("“%(text)s” is not a number: type one such as %(example)s.")
    return NumberRefused(message % {"text": text, "example": _example(whole, language)})


def _grouped(digits: str, mark: str | None) -> str | None:
    """The digits of an integer part grouped by ``mark`` (1–3, then 3 by 3), else None."""
    if mark is None or mark not in digits:
        return digits if _DIGITS.fullmatch(digits) else None
    groups = digits.split(mark)
    first, rest = groups[0], groups[1:]
    if not (first.isdigit() and len(first) <= 3 and all(len(g) == 3 and g.isdigit() for g in rest)):
        return None
    return "".join(groups)


def parse_number(text: str, language: str | None = None, *, whole: bool = False) -> Decimal:
    """The number ``text`` writes (see the module's rules), or :class:`NumberRefused`."""
    language = _language(language)
    typed = (text or "").strip()
    body = typed
    sign = ""
    if body[:1] in _SIGNS:
        sign, body = _SIGNS[body[0]], body[1:].lstrip()
    spaced = any(c in GROUPING for c in body)
    if spaced:
        body = re.sub(f"[{GROUPING}]", " ", body)
    if not body or not re.fullmatch(r"[\d ,.]+", body) or not re.search(r"\d", body):
        raise _not_a_number(typed, whole, language)
    marks = [c for c in body if c in ",."]
    integer, fraction = body, ""
    group: str | None = " " if spaced else None
    if len(set(marks)) == 2:
        point = marks[-1]
        other = "," if point == "." else "."
        if spaced or marks.count(point) > 1:
            raise _not_a_number(typed, whole, language)
        integer, fraction, group = *body.split(point), other
    elif len(marks) > 1:
        if spaced:
            raise _not_a_number(typed, whole, language)
        group = marks[0]
    elif len(marks) == 1:
        integer, fraction = body.split(marks[0])
        if (
            not spaced
            and len(fraction) == 3
            and fraction.isdigit()
            and integer.isdigit()
            and len(integer) <= 3
            and integer != "0"
        ):
            decimal = format_number(Decimal(f"{sign}{integer}.{fraction}").normalize(), language)
            thousands = f"{sign}{integer}{fraction}"
            raise AmbiguousNumber(
                _(
                    "“%(text)s” could mean %(decimal)s or %(thousands)s: type the one you mean "
                    "as it is written here."
                )
                % {"text": typed, "decimal": decimal, "thousands": thousands}
            )
    digits = _grouped(integer, group)
    if digits is None or not _DIGITS.fullmatch(fraction) or not (digits or fraction):
        raise _not_a_number(typed, whole, language)
    try:
        value = Decimal(f"{sign}{digits or '0'}.{fraction or '0'}")
    except InvalidOperation:
        raise _not_a_number(typed, whole, language) from None
    if whole and value != value.to_integral_value():
        raise NumberRefused(
            _("“%(text)s” is not a whole number: type one such as %(example)s.")
            % {"text": typed, "example": format_number(int(value), language)}
        )
    return value


class NumberInput(forms.TextInput):
    """A text field for a number: the digits keyboard on phones, the value in the language."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, whole: bool = False) -> None:
        defaults = {"inputmode": "numeric" if whole else "decimal", "spellcheck": "false"}
        super().__init__(attrs={**defaults, **(attrs or {})})
        self.language: str | None = None

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return format_number(value, self.language)
        return super().format_value(value)


class NumberField(forms.Field):
    """A number read by :func:`parse_number`: ``int`` when ``whole``, else ``float`` (or
    ``Decimal`` when ``as_decimal``), between ``min_value`` and ``max_value``."""

    widget = NumberInput

    def __init__(
        self,
        *,
        whole: bool = False,
        as_decimal: bool = False,
        min_value: float | int | Decimal | None = None,
        max_value: float | int | Decimal | None = None,
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("widget", NumberInput(whole=whole))
        super().__init__(**kwargs)
        self.whole, self.as_decimal = whole, as_decimal
        self.min_value, self.max_value = min_value, max_value
        self.language = language

    @property
    def language(self) -> str | None:
        return self._language

    @language.setter
    def language(self, value: str | None) -> None:
        self._language = value
        if isinstance(self.widget, NumberInput):
            self.widget.language = value

    def to_python(self, value: Any) -> int | float | Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        else:
            try:
                number = parse_number(str(value), self.language, whole=self.whole)
            except NumberRefused as exc:
                raise forms.ValidationError(exc.message, code="number") from None
        if self.min_value is not None and number < Decimal(str(self.min_value)):
            raise forms.ValidationError(
                _("Type %(min)s or more.") % {"min": format_number(self.min_value, self.language)},
                code="min_value",
            )
        if self.max_value is not None and number > Decimal(str(self.max_value)):
            raise forms.ValidationError(
                _("Type %(max)s or less.") % {"max": format_number(self.max_value, self.language)},
                code="max_value",
            )
        if self.whole:
            return int(number)
        return number if self.as_decimal else float(number)


NUMBER_FIELDS = (forms.IntegerField, forms.FloatField, forms.DecimalField)


def read_in(form: forms.BaseForm, language: str | None) -> None:
    """Make ``form``'s number fields :class:`NumberField`\\ s reading ``language``.

    Each keeps its label, help, requirement, initial value and limits; call it from the
    form's ``__init__`` with the workspace's language.
    """
    for name, field in list(form.fields.items()):
        if isinstance(field, NumberField):
            field.language = language
            continue
        if not isinstance(field, NUMBER_FIELDS):
            continue
        # FloatField and DecimalField are IntegerFields too, in Django.
        whole = not isinstance(field, forms.FloatField | forms.DecimalField)
        replacement = NumberField(
            whole=whole,
            as_decimal=isinstance(field, forms.DecimalField),
            min_value=field.min_value,
            max_value=field.max_value,
            language=language,
            required=field.required,
            label=field.label,
            help_text=field.help_text,
            initial=field.initial,
            disabled=field.disabled,
            widget=NumberInput(whole=whole),
        )
        form.fields[name] = replacement


class NumbersInLanguage:
    """A form mixin: ``Form(..., language="fr")`` reads and shows its numbers in French.

    Put it before the form class (``class F(NumbersInLanguage, forms.Form)``); without
    ``language``, the active language is used.
    """

    def __init__(self, *args: Any, language: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        read_in(self, language)  # type: ignore[arg-type]
