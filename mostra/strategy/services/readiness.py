"""Answering the readiness questions where the work starts, and the owners' override.

What the composer's dialog, the strategy page, the API and ``mostra strategy readiness``
call. Every function takes the acting membership, validates everything first, then
changes the database in one transaction with its audit entry; or raises
:class:`~mostra.core.errors.DomainError` having changed nothing.

* :func:`answer` saves the answers given for one network in one go: the platform's
  stage, why we are there, who is there, what they do, and the questions answered
  "not known yet" with a note (owners and managers: ``Perm.EDIT_STRATEGY``).
* :func:`set_not_known` / :func:`clear_not_known`: one question "not known yet".
* :func:`override` / :func:`revoke_override`: an owner lets the first post on a network
  through without every answer, with a reason (``Perm.OVERRIDE_READINESS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.strategy import catalogue
from mostra.strategy import document as d
from mostra.strategy.checks.readiness import READINESS_RULES, allows_unknown
from mostra.strategy.models import MissionNetwork, Platform, ReadinessOverride, ReadinessUnknown
from mostra.strategy.services import objects

#: A note or a reason longer than this is refused rather than cut.
TEXT_MAX = 1000


@dataclass
class Answers:
    """What the dialog sends for one network; ``None`` leaves a question as it is."""

    stage: str | None = None
    handle: str | None = None
    why: str | None = None
    audience_present: bool | None = None
    competitors_present: bool | None = None
    partners_present: bool | None = None
    #: Whether the three "who is there" answers above were given (``None`` is a value).
    who_given: bool = False
    behaviour: list[str] | None = None
    active: bool | None = None
    #: Questions answered "not known yet": code -> note.
    not_known: dict[str, str] = field(default_factory=dict)


def _label(actor: Membership) -> str:
    return actor.user.email


def _check_network(network: str) -> None:
    if network not in catalogue.NETWORKS:
        raise DomainError(
            _("“%(network)s” is not a network mostra knows: use one of %(codes)s.")
            % {"network": network, "codes": ", ".join(catalogue.NETWORKS)},
            field="network",
        )


def _check_text(text: str, what: str, field_name: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(what, field=field_name)
    if len(text) > TEXT_MAX:
        raise DomainError(
            _("Keep it under %(max)d characters.") % {"max": TEXT_MAX}, field=field_name
        )
    return text


def _check_unknown(code: str, note: str) -> str:
    if code not in READINESS_RULES:
        raise DomainError(
            _("“%(code)s” is not a readiness question.") % {"code": code}, field="code"
        )
    if not allows_unknown(code):
        raise DomainError(
            _("“%(question)s” needs a real answer: “not known yet” is not accepted for it.")
            % {"question": READINESS_RULES[code]},
            field="code",
        )
    return _check_text(
        note, _("Say in a note what is not known yet and when it will be."), f"note-{code}"
    )


def _record_unknown(actor: Membership, network: str, code: str, note: str) -> ReadinessUnknown:
    unknown, created = ReadinessUnknown.objects.update_or_create(
        workspace=actor.workspace,
        network=network,
        code=code,
        defaults={
            "note": note,
            "answered_by": actor.user,
            "answered_by_label": _label(actor),
            "answered_at": timezone.now(),
        },
    )
    audit.record(
        AuditAction.CREATE if created else AuditAction.UPDATE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=unknown,
        label=_("%(network)s: not known yet (%(question)s)")
        % {"network": catalogue.network_label(network), "question": READINESS_RULES[code]},
        changes={"network": network, "question": code, "note": note},
    )
    return unknown


def set_not_known(actor: Membership, network: str, code: str, note: str) -> ReadinessUnknown:
    """Answer the question ``code`` "not known yet" for ``network``, with a note."""
    objects._require_editor(actor)
    _check_network(network)
    note = _check_unknown(code, note)
    with transaction.atomic():
        return _record_unknown(actor, network, code, note)


def _forget(actor: Membership, network: str, code: str) -> bool:
    unknown = ReadinessUnknown.objects.filter(
        workspace=actor.workspace, network=network, code=code
    ).first()
    if unknown is None:
        return False
    audit.record(
        AuditAction.DELETE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=unknown,
        label=str(unknown),
        changes={"network": network, "question": code, "note": unknown.note},
    )
    unknown.delete()
    return True


def clear_not_known(actor: Membership, network: str, code: str) -> bool:
    """The question ``code`` is no longer "not known yet" (False: it was not)."""
    objects._require_editor(actor)
    with transaction.atomic():
        return _forget(actor, network, code)


def answer(
    actor: Membership, network: str, answers: Answers, known_again: Sequence[str] = ()
) -> None:
    """Save the answers given for ``network`` in the dialog, all or none.

    Steps:
    1. Check: the actor may change the strategy; the network exists; a stage given is
       one of the catalogue's; every "not known yet" is allowed for its question and
       has a note.
    2. The platform: created or given its new stage (and handle) when a stage is given.
    3. The mission's entry for the network: why, who is there, what they do, when any
       of them is given (the other answers it had are kept).
    4. The questions "not known yet": recorded (or their note updated); those in
       ``known_again`` are no longer "not known yet".
    Each save is audited by the service that makes it.
    """
    objects._require_editor(actor)
    _check_network(network)
    if answers.stage is not None and answers.stage not in catalogue.STAGES:
        raise DomainError(_("Choose the stage in the list."), field="stage")
    if answers.behaviour is not None:
        unknown_behaviour = [b for b in answers.behaviour if b not in catalogue.BEHAVIOURS]
        if unknown_behaviour:
            raise DomainError(_("Choose what they do in the list."), field="behaviour")
    notes = {code: _check_unknown(code, note) for code, note in answers.not_known.items()}
    workspace = actor.workspace
    with transaction.atomic():
        if answers.stage:
            platform = Platform.objects.filter(workspace=workspace, network=network).first()
            objects.save_platform(
                actor,
                d.Platform(
                    network=network,
                    handle=answers.handle
                    if answers.handle is not None
                    else (platform.handle if platform else ""),
                    present_since=platform.present_since if platform else None,
                    stage=answers.stage,
                ),
            )
        mission_given = (
            answers.why is not None or answers.who_given or answers.behaviour is not None
        )
        if mission_given:
            entry = MissionNetwork.objects.filter(workspace=workspace, network=network).first()
            current = {
                "why": entry.why if entry else "",
                "audience_present": entry.audience_present if entry else None,
                "competitors_present": entry.competitors_present if entry else None,
                "partners_present": entry.partners_present if entry else None,
                "behaviour": entry.behaviour if entry else [],
                "active": entry.active if entry else None,
            }
            if answers.why is not None:
                current["why"] = answers.why.strip()
            if answers.who_given:
                current["audience_present"] = answers.audience_present
                current["competitors_present"] = answers.competitors_present
                current["partners_present"] = answers.partners_present
            if answers.behaviour is not None:
                current["behaviour"] = answers.behaviour
                current["active"] = answers.active
            objects.save_mission_network(actor, d.MissionNetwork(network=network, **current))
        for code, note in notes.items():
            _record_unknown(actor, network, code, note)
        for code in known_again:
            if code not in notes:
                _forget(actor, network, code)


def _require_owner(actor: Membership) -> None:
    if not has_perm(actor, Perm.OVERRIDE_READINESS):
        raise DomainError(_("Only the workspace's owners can override the readiness check."))


def override(actor: Membership, network: str, reason: str) -> ReadinessOverride:
    """Let the first post on ``network`` through without every answer (owners only)."""
    _require_owner(actor)
    _check_network(network)
    reason = _check_text(
        reason, _("Say why the posts may go out before every answer is given."), "reason"
    )
    with transaction.atomic():
        existing = ReadinessOverride.objects.select_for_update().filter(
            workspace=actor.workspace, network=network, revoked_at__isnull=True
        )
        if existing.exists():
            raise DomainError(
                _(
                    "The readiness check of %(network)s is already overridden: revoke that "
                    "override first to give another reason."
                )
                % {"network": catalogue.network_label(network)},
                field="network",
            )
        made = ReadinessOverride.objects.create(
            workspace=actor.workspace,
            network=network,
            reason=reason,
            created_by=actor.user,
            created_by_label=_label(actor),
        )
        audit.record(
            AuditAction.CREATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=made,
            label=_("Readiness check overridden on %(network)s")
            % {"network": catalogue.network_label(network)},
            changes={"network": network, "reason": reason},
        )
    return made


def revoke_override(actor: Membership, network: str) -> ReadinessOverride:
    """End the override in force on ``network`` (owners only); it stays in the history."""
    _require_owner(actor)
    with transaction.atomic():
        current = (
            ReadinessOverride.objects.select_for_update()
            .filter(workspace=actor.workspace, network=network, revoked_at__isnull=True)
            .first()
        )
        if current is None:
            raise DomainError(
                _("The readiness check of %(network)s is not overridden.")
                % {"network": catalogue.network_label(network)},
                field="network",
            )
        current.revoked_at = timezone.now()
        current.revoked_by = actor.user
        current.revoked_by_label = _label(actor)
        current.save(update_fields=["revoked_at", "revoked_by", "revoked_by_label"])
        audit.record(
            AuditAction.DELETE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=current,
            label=_("Readiness override revoked on %(network)s")
            % {"network": catalogue.network_label(network)},
            changes={"network": network, "reason": current.reason},
        )
    return current
