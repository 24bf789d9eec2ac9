"""The instagram network lives in :mod:`mostra.integrations.meta` (one Meta application)."""

from mostra.integrations.meta import *  # noqa: F403
