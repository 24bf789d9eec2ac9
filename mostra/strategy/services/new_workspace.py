"""Strategy as code from an empty install: create the file's workspace, then import into it.

:func:`import_into_new_workspace` creates the workspace that the file's ``workspace:``
block describes (name, short name, time zone, language) with the service the web app
uses, then imports the strategy into it, in one transaction: when the strategy is
refused, no workspace is left behind.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.models import Workspace
from mostra.core.services.workspaces import COUNTRY_OF_LANGUAGE, create_workspace
from mostra.strategy import document as d
from mostra.strategy.services.file import ImportRefused, ImportSummary, import_document

#: The keys of the ``workspace:`` block that :func:`create_workspace` may refuse.
WORKSPACE_KEYS = ("name", "slug", "timezone")


def import_into_new_workspace(
    owner: Any, doc: d.StrategyDocument
) -> tuple[Workspace, ImportSummary]:
    """Create the document's workspace, owned by ``owner``, with the document's strategy.

    1. The workspace is created as in the web app (same checks, default RACI matrix and
       crisis playbook, audit entry), its country chosen from the file's ``language``
       (:data:`~mostra.core.services.workspaces.COUNTRY_OF_LANGUAGE`).
    2. The strategy is imported into it (:func:`import_document`): its only member is its
       owner, so the other owners the file names are listed in the summary's
       ``to_invite``, their objectives keeping their address until they join.
    3. All in one transaction: a refusal of either (:class:`ImportRefused`, with the
       path in the file of what the workspace service refused) leaves nothing behind.
    """
    info = doc.workspace
    if info is None:
        raise DomainError(_("The file names no workspace: add its workspace block."))
    with transaction.atomic():
        try:
            workspace = create_workspace(
                owner,
                info.name,
                slug=info.slug,
                timezone=info.timezone,
                country=COUNTRY_OF_LANGUAGE[info.language],
            )
        except DomainError as exc:
            key = exc.field if exc.field in WORKSPACE_KEYS else None
            path = ("workspace", key) if key else ("workspace",)
            raise ImportRefused([(path, exc.message)]) from exc
        summary = import_document(None, workspace, doc)
    return workspace, summary
