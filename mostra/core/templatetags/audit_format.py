"""Render the audit log's recorded changes in words: labelled fields, readable values."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.utils import formats
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.core.models import ApprovalPolicy, OrgLevel, Role

register = template.Library()

FIELD_LABELS = {
    "name": gettext_lazy("name"),
    "description": gettext_lazy("description"),
    "country": gettext_lazy("country"),
    "timezone": gettext_lazy("time zone"),
    "role": gettext_lazy("role"),
    "email": gettext_lazy("e-mail address"),
    "is_approver": gettext_lazy("approver"),
    "is_sponsor": gettext_lazy("sponsor"),
    "title": gettext_lazy("job title"),
    "department": gettext_lazy("department"),
    "org_level": gettext_lazy("level in the organisation"),
    "approval_policy": gettext_lazy("approval policy"),
    "sensitive_topics": gettext_lazy("sensitive topics"),
    "require_two_factor": gettext_lazy("two-factor authentication required"),
    "separate_scheduling": gettext_lazy("separate scheduling step"),
    "response_minutes": gettext_lazy("response time (minutes)"),
    "first_actions": gettext_lazy("first actions"),
    "responders": gettext_lazy("responders"),
    "triggers": gettext_lazy("triggers"),
    # Sign-in lock-outs and their release (mostra.core.sign_in_limits).
    "limits": gettext_lazy("limits reached"),
    "account": gettext_lazy("account"),
    "address": gettext_lazy("address"),
    "records": gettext_lazy("records forgotten"),
}
CHOICES: dict[str, dict[str, str]] = {
    "role": dict(Role.choices),
    "org_level": dict(OrgLevel.choices),
    "approval_policy": dict(ApprovalPolicy.choices),
    "limits": {
        "account": gettext_lazy("wrong passwords for this account, from this address"),
        "address": gettext_lazy("wrong passwords from this address"),
        "api-token": gettext_lazy("wrong API tokens"),
        "invitation": gettext_lazy("refused invitation links"),
        "password-reset": gettext_lazy("password reset links asked"),
    },
}


#: Labels and choices of other apps' audited objects, by object type (model name):
#: filled by :func:`register_labels` from each app's ``ready()``.
TYPE_LABELS: dict[str, dict[str, Promise]] = {}
TYPE_CHOICES: dict[str, dict[str, dict[str, str]]] = {}
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def register_labels(
    object_type: str,
    labels: dict[str, Promise],
    choices: dict[str, dict[str, str]] | None = None,
) -> None:
    """Let the audit log name the fields of ``object_type`` (a model name) in words."""
    TYPE_LABELS.setdefault(object_type, {}).update(labels)
    TYPE_CHOICES.setdefault(object_type, {}).update(choices or {})


def register_model(model: type, extra: dict[str, Promise] | None = None) -> None:
    """Name the audited fields of ``model`` by their verbose names and choices."""
    labels: dict[str, Promise] = {}
    choices: dict[str, dict[str, str]] = {}
    for field in model._meta.get_fields():  # type: ignore[attr-defined]
        if not getattr(field, "concrete", False) or field.auto_created:
            continue
        labels[field.name] = field.verbose_name
        if field.choices:
            choices[field.name] = {str(k): v for k, v in field.flatchoices}
    register_labels(model._meta.model_name, {**labels, **(extra or {})}, choices)  # type: ignore[attr-defined]


@register.filter
def field_label(field: str, object_type: str = "") -> str:
    label = TYPE_LABELS.get(object_type, {}).get(field) or FIELD_LABELS.get(field, field)
    return str(label)


def _moment(value: str) -> str | None:
    """An ISO date or date-time as the active language writes it; None if it is not one."""
    try:
        if ISO_MOMENT.match(value):
            moment = dt.datetime.fromisoformat(value)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        if ISO_DATE.match(value):
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except ValueError:
        return None
    return None


def _value(field: str, value: Any, object_type: str = "", separator: str = "; ") -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return separator.join(_value(field, v, object_type) for v in value)
    if isinstance(value, dict):
        # "Video: Reel, Short; Text: Post", each key and value named by the field's choices.
        return "; ".join(
            _("{field}: {change}").format(
                field=_value(field, key, object_type),
                change=_value(field, item, object_type, separator=", "),
            )
            for key, item in value.items()
        )
    choices = TYPE_CHOICES.get(object_type, {}).get(field) or CHOICES.get(field)
    if choices and str(value) in choices:
        return str(choices[str(value)])
    if isinstance(value, str) and (moment := _moment(value)):
        return moment
    return " / ".join(line.strip() for line in str(value).splitlines() if line.strip())


#: Fields whose recorded value is a list in itself, never an ``[old, new]`` pair.
PLAIN_LISTS = frozenset({"limits"})


def change_text(field: str, change: Any, object_type: str = "") -> str:
    """``[old, new]`` as "old → new"; anything else as a plain value."""
    if isinstance(change, list) and len(change) == 2 and field not in PLAIN_LISTS:
        old, new = (_value(field, v, object_type) for v in change)
        return f"{old} → {new}"
    return _value(field, change, object_type)


@register.simple_tag
def change_line(field: str, change: Any, object_type: str = "") -> str:
    """One recorded change, "<b>field</b>: old → new", escaped."""
    return format_html(
        _("{field}: {change}"),
        field=format_html("<b>{}</b>", field_label(field, object_type)),
        change=change_text(field, change, object_type),
    )
