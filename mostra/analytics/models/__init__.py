from mostra.analytics.models.account_day import AccountDay
from mostra.analytics.models.account_post import (
    COUNT_FIELDS,
    AccountPost,
    PostFormat,
    PostKind,
    PostSource,
)
from mostra.analytics.models.conversion import (
    AnalyticsTool,
    GoalCount,
    GoalMapping,
    TrafficRow,
)
from mostra.analytics.models.follower_count import FollowerCount
from mostra.analytics.models.import_run import ImportRun
from mostra.analytics.models.measurement import Measurement
from mostra.analytics.models.tracked_account import TrackedAccount, normalise_handle

__all__ = [
    "COUNT_FIELDS",
    "AccountDay",
    "AccountPost",
    "AnalyticsTool",
    "FollowerCount",
    "GoalCount",
    "GoalMapping",
    "ImportRun",
    "Measurement",
    "PostFormat",
    "PostKind",
    "PostSource",
    "TrackedAccount",
    "TrafficRow",
    "normalise_handle",
]
