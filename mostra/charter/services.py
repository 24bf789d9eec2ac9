"""Changing a workspace's charter: what the page, the demo and the API call.

The acting membership must hold ``Perm.EDIT_STRATEGY`` (owners and managers). Every
value is checked first; then the charter and its network rules change in one
transaction, each change recorded in the audit log with its old and new values; or
:class:`~mostra.core.errors.DomainError` names the problem and nothing changes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.charter.limits import UnknownNetwork, limits_for
from mostra.charter.models import Charter, CharterNetworkRule, EmojiPolicy
from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.strategy.catalogue import CONTENT_TYPES, FORMATS

CHARTER_FIELDS = (
    "tone",
    "address_form",
    "max_caps_ratio",
    "max_exclamations",
    "inclusive_writing",
    "language",
    "disclosure_mentions",
    "forbidden_words",
    "required_words",
    "favoured_formats",
)
RULE_FIELDS = (
    "max_hashtags",
    "emoji_policy",
    "emoji_max",
    "required_words",
    "forbidden_words",
    "utm_required",
    "alt_text_required",
    "disclosure_required",
)
#: A rule equal to these is what a network gets without one: not worth a row.
RULE_DEFAULTS: dict[str, Any] = {
    "max_hashtags": None,
    "emoji_policy": EmojiPolicy.ALLOWED,
    "emoji_max": None,
    "required_words": "",
    "forbidden_words": "",
    "utm_required": False,
    "alt_text_required": False,
    "disclosure_required": True,
}


def _values(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def check_rule(network: str, values: dict[str, Any]) -> None:
    """Refuse a rule the network cannot follow, naming the field."""
    try:
        limits = limits_for(network)
    except UnknownNetwork as exc:
        raise DomainError(str(exc), field="network") from exc
    most = values.get("max_hashtags")
    if most is not None and limits.max_hashtags is not None and most > limits.max_hashtags:
        raise DomainError(
            _("%(network)s accepts at most %(max)d hashtags: choose %(max)d or fewer.")
            % {"network": limits.label, "max": limits.max_hashtags},
            field="max_hashtags",
        )
    if values.get("emoji_policy") == EmojiPolicy.MAX and values.get("emoji_max") is None:
        raise DomainError(
            _("Say how many emoji at most, or choose another emoji rule."), field="emoji_max"
        )


def clean_formats(formats: dict[str, list[str]]) -> dict[str, list[str]]:
    """Keep known content types and formats, in the catalogue's order."""
    return {
        kind: [f for f in FORMATS if f in formats.get(kind, [])]
        for kind in CONTENT_TYPES
        if formats.get(kind)
    }


def save_charter(
    actor: Membership,
    values: dict[str, Any],
    rules: dict[str, dict[str, Any] | None] | None = None,
    *,
    ip_address: str | None = None,
) -> Charter:
    """Update the charter's ``values`` and its ``rules`` per network (``None`` removes
    the network's rule). Fields not given keep their value."""
    if not has_perm(actor, Perm.EDIT_STRATEGY):
        raise DomainError(_("Only owners and managers can change the charter."))
    unknown = set(values) - set(CHARTER_FIELDS)
    if unknown:
        raise DomainError(_("Unknown charter field: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    rules = rules or {}
    for network, rule_values in rules.items():
        if rule_values is not None:
            check_rule(network, rule_values)
    workspace = actor.workspace
    with transaction.atomic():
        charter = Charter.objects.filter(workspace=workspace).first()
        created = charter is None
        if charter is None:
            charter = Charter(workspace=workspace)
        before = _values(charter, CHARTER_FIELDS)
        for name, value in values.items():
            if name == "favoured_formats":
                value = clean_formats(value or {})
            setattr(charter, name, value)
        changes = audit.diff(before, _values(charter, CHARTER_FIELDS))
        if created or changes:
            charter.save()
            audit.record(
                AuditAction.CREATE if created else AuditAction.UPDATE,
                actor=actor.user,
                workspace=workspace,
                obj=charter,
                label=_("Editorial charter"),
                changes=changes,
                ip_address=ip_address,
            )
        for network, rule_values in rules.items():
            _save_rule(actor, charter, network, rule_values, ip_address)
    return charter


def _save_rule(
    actor: Membership,
    charter: Charter,
    network: str,
    values: dict[str, Any] | None,
    ip_address: str | None,
) -> None:
    rule = CharterNetworkRule.objects.filter(charter=charter, network=network).first()
    label = _("Charter · %(network)s") % {"network": limits_for(network).label}
    common: dict[str, Any] = {
        "actor": actor.user,
        "workspace": charter.workspace,
        "ip_address": ip_address,
    }
    if values is None:
        if rule is not None:
            audit.record(AuditAction.DELETE, obj=rule, label=label, **common)
            rule.delete()
        return
    if rule is None:
        merged = RULE_DEFAULTS | values
        if merged == RULE_DEFAULTS:
            return
        rule = CharterNetworkRule(charter=charter, network=network)
    before = _values(rule, RULE_FIELDS) if rule.pk else {}
    for name, value in values.items():
        if name in RULE_FIELDS:
            setattr(rule, name, value)
    if rule.emoji_policy != EmojiPolicy.MAX:
        rule.emoji_max = None
    changes = audit.diff(before, _values(rule, RULE_FIELDS))
    if rule.pk and not changes:
        return
    action = AuditAction.UPDATE if rule.pk else AuditAction.CREATE
    rule.save()
    audit.record(action, obj=rule, label=label, changes=changes, **common)
