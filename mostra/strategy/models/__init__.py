from mostra.strategy.models.custom_kpi import CustomKpi
from mostra.strategy.models.mission_network import MissionNetwork
from mostra.strategy.models.objective import Objective
from mostra.strategy.models.plan import Strategy, Tactic
from mostra.strategy.models.platform import Platform
from mostra.strategy.models.profile import StrategyProfile
from mostra.strategy.models.readiness import ReadinessOverride, ReadinessUnknown
from mostra.strategy.models.target import Target

__all__ = [
    "CustomKpi",
    "MissionNetwork",
    "Objective",
    "Platform",
    "ReadinessOverride",
    "ReadinessUnknown",
    "Strategy",
    "StrategyProfile",
    "Tactic",
    "Target",
]
