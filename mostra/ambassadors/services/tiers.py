"""Tiers: a member's audience on one network, named as the trade names it (nano 1k–10k,
micro 10k–50k, mid 50k–500k, macro 500k–1M, mega 1M+); below nano, no tier.

The thresholds are the workspace's, per network (a :class:`TierThresholds` row; the
row without a network applies to every network without its own; the defaults when the
workspace has none). A page reads them once (:func:`thresholds_of`) and passes them to
:func:`tier_of` for every account.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import astuple, dataclass

from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from mostra.ambassadors.models import TierThresholds
from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.strategy import networks


class Tier(TextChoices):
    NANO = "nano", pgettext_lazy("audience tier", "Nano")
    MICRO = "micro", pgettext_lazy("audience tier", "Micro")
    MID = "mid", pgettext_lazy("audience tier", "Mid-tier")
    MACRO = "macro", pgettext_lazy("audience tier", "Macro")
    MEGA = "mega", pgettext_lazy("audience tier", "Mega")


#: The tiers from the largest down, as :func:`tier_of` tries them.
TIERS_DOWN = (Tier.MEGA, Tier.MACRO, Tier.MID, Tier.MICRO, Tier.NANO)


@dataclass(frozen=True)
class Thresholds:
    """The smallest audience of each tier (strictly increasing)."""

    nano: int = 1_000
    micro: int = 10_000
    mid: int = 50_000
    macro: int = 500_000
    mega: int = 1_000_000

    def smallest(self, tier: Tier) -> int:
        return int(getattr(self, tier.value))

    def ranges(self) -> list[tuple[Tier, int, int | None]]:
        """Each tier with its smallest audience and the next tier's (None: no ceiling)."""
        bounds = astuple(self)
        return [
            (tier, bounds[i], bounds[i + 1] if i + 1 < len(bounds) else None)
            for i, tier in enumerate(Tier)
        ]


DEFAULT = Thresholds()
#: The key of the thresholds that apply to every network without its own.
EVERY_NETWORK = ""


def thresholds_of(workspace: Workspace) -> dict[str, Thresholds]:
    """The workspace's thresholds by network code ("" for every other network), in one
    query; the defaults under "" when the workspace set none for every network."""
    found = {
        row.network: Thresholds(row.nano, row.micro, row.mid, row.macro, row.mega)
        for row in TierThresholds.objects.filter(workspace=workspace)
    }
    found.setdefault(EVERY_NETWORK, DEFAULT)
    return found


def thresholds_for(network: str, thresholds: Mapping[str, Thresholds]) -> Thresholds:
    return thresholds.get(network) or thresholds.get(EVERY_NETWORK) or DEFAULT


def tier_of(
    followers: int | None, network: str, thresholds: Mapping[str, Thresholds] | None = None
) -> Tier | None:
    """The tier of an audience of ``followers`` on ``network``; None below nano or when
    the audience is unknown."""
    if followers is None:
        return None
    applying = thresholds_for(network, thresholds or {})
    for tier in TIERS_DOWN:
        if followers >= applying.smallest(tier):
            return tier
    return None


# --- Changing them (owners and managers) ------------------------------------------------


def _require_manager(membership: Membership) -> None:
    if not has_perm(membership, Perm.EDIT_STRATEGY):
        raise DomainError(_("Only the workspace's owners and managers change the tiers."))


def checked(values: Mapping[str, int | None]) -> Thresholds:
    """The thresholds typed, or DomainError saying which one to correct."""
    numbers: list[int] = []
    for tier in Tier:
        value = values.get(tier.value)
        if value is None or value < 1:
            raise DomainError(
                _("Type the smallest audience of the %(tier)s tier, a whole number above 0.")
                % {"tier": tier.label},
                tier.value,
            )
        numbers.append(int(value))
    pairs = list(zip(Tier, numbers, strict=True))
    for (lower, low), (upper, high) in zip(pairs, pairs[1:], strict=False):
        if high <= low:
            raise DomainError(
                _(
                    "The %(upper)s tier must start above the %(lower)s tier (%(low)s): "
                    "type a larger number."
                )
                % {"upper": upper.label, "lower": lower.label, "low": f"{low:,}"},
                upper.value,
            )
    return Thresholds(*numbers)


def _checked_network(network: str) -> str:
    network = network.strip().lower()
    if network and networks.get(network) is None:
        raise DomainError(
            _("“%(network)s” is not a network mostra knows.") % {"network": network}, "network"
        )
    return network


def save_thresholds(
    membership: Membership, network: str, values: Mapping[str, int | None]
) -> TierThresholds:
    """Set the thresholds of ``network`` ("" for every network without its own)."""
    _require_manager(membership)
    network = _checked_network(network)
    wanted = checked(values)
    workspace = membership.workspace
    try:
        with transaction.atomic():
            row, created = TierThresholds.objects.update_or_create(
                workspace=workspace,
                network=network,
                defaults={tier.value: wanted.smallest(tier) for tier in Tier},
            )
            audit.record(
                AuditAction.CREATE if created else AuditAction.UPDATE,
                actor=membership.user,
                workspace=workspace,
                obj=row,
                label=_("Tiers of %(network)s")
                % {"network": networks.label(network) if network else _("every network")},
                changes={tier.value: wanted.smallest(tier) for tier in Tier},
            )
    except IntegrityError:
        raise DomainError(_("Each tier must start above the one before it.")) from None
    return row


def reset_thresholds(membership: Membership, network: str) -> None:
    """Forget ``network``'s own thresholds (the general ones, or the defaults, apply)."""
    _require_manager(membership)
    row = TierThresholds.objects.filter(
        workspace=membership.workspace, network=_checked_network(network)
    ).first()
    if row is None:
        return
    with transaction.atomic():
        audit.record(
            AuditAction.DELETE,
            actor=membership.user,
            workspace=membership.workspace,
            obj=row,
            label=_("Tiers of %(network)s")
            % {"network": networks.label(row.network) if row.network else _("every network")},
        )
        row.delete()
