"""The notification tests use the workflow's fixtures and the publishing ones."""

from __future__ import annotations

from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.publishing.conftest import fake_account, fake_server, make_publication, moment  # noqa: F401
