"""Render the audit log's recorded changes in words: labelled fields, readable values."""

from __future__ import annotations

from typing import Any

from django import template
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
    "response_minutes": gettext_lazy("response time (minutes)"),
    "first_actions": gettext_lazy("first actions"),
    "responders": gettext_lazy("responders"),
    "triggers": gettext_lazy("triggers"),
}
CHOICES: dict[str, dict[str, str]] = {
    "role": dict(Role.choices),
    "org_level": dict(OrgLevel.choices),
    "approval_policy": dict(ApprovalPolicy.choices),
}


@register.filter
def field_label(field: str) -> str:
    return str(FIELD_LABELS.get(field, field))


def _value(field: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "; ".join(_value(field, v) for v in value)
    if field in CHOICES and str(value) in CHOICES[field]:
        return str(CHOICES[field][str(value)])
    return " / ".join(line.strip() for line in str(value).splitlines() if line.strip())


def change_text(field: str, change: Any) -> str:
    """``[old, new]`` as "old → new"; anything else as a plain value."""
    if isinstance(change, list) and len(change) == 2:
        return f"{_value(field, change[0])} → {_value(field, change[1])}"
    return _value(field, change)


@register.simple_tag
def change_line(field: str, change: Any) -> str:
    """One recorded change, "<b>field</b>: old → new", escaped."""
    return format_html(
        _("{field}: {change}"),
        field=format_html("<b>{}</b>", field_label(field)),
        change=change_text(field, change),
    )
