"""The forms of the strategy pages: each reads one object and makes its document part.

A form shows an object of :class:`~mostra.strategy.document.StrategyDocument` (its
``initial`` comes from the part) and gives back a part (:meth:`StrategyForm.part`)
that the services of :mod:`mostra.strategy.services.objects` save. Ids are made up
from the title when left empty.

Every form takes a ``prefix`` made of its kind and id, so that two forms open on the
same page never share a field id.
"""

from mostra.strategy.forms.audience import PlatformForm, TargetForm
from mostra.strategy.forms.base import KeyedForm, StrategyForm
from mostra.strategy.forms.kpis import KpiForm
from mostra.strategy.forms.mission import MissionNetworkForm, ProfileForm
from mostra.strategy.forms.objectives import ObjectiveForm
from mostra.strategy.forms.plan import PlanForm, SlotForm, TacticForm

__all__ = [
    "KeyedForm",
    "KpiForm",
    "MissionNetworkForm",
    "ObjectiveForm",
    "PlanForm",
    "PlatformForm",
    "ProfileForm",
    "SlotForm",
    "StrategyForm",
    "TacticForm",
    "TargetForm",
]
