"""The REST API (django-ninja): thin, calls the domain services, holds no rules.

OpenAPI description at ``/api/openapi.json``, interactive docs at ``/api/docs``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ninja import NinjaAPI

from mostra.api import docs, errors
from mostra.api.auth import AUTH
from mostra.api.routers import (
    ambassadors,
    analytics,
    audit,
    editorial,
    inbox,
    incidents,
    links,
    listening,
    members,
    notifications,
    organisation,
    paid,
    programme,
    publishing,
    qr,
    reports,
    strategy,
    toolbox,
    workspaces,
)

if TYPE_CHECKING:
    from ninja.operation import Operation

DESCRIPTION = """\
Automate mostra: workspaces, members, invitations, organisation (RACI matrix,
crisis playbook), the strategy (mission, targets, platforms, objectives,
strategies, tactics, in the shape of the strategy file, and its checks), posts
and their approval workflow, their publications (and those published by hand), the
report's commentary, and the audit log.

Authenticate with a personal API token, created on your profile page, in the
header `Authorization: Bearer mostra_…`; or, from a browser, with your session
and the CSRF token (`X-CSRFToken` header). A workspace you are not a member of,
or an action your role does not allow, answers 404. A request that breaks a rule
answers 422 with `{"detail": [{"loc": ["body", field], "msg": message}]}`. In an
archived workspace, a request that would change something answers 409 with
`{"detail": message}`: restore the workspace first.
"""


class MostraAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # View names are unique across the routers: short ids for generated clients.
        return operation.view_func.__name__


api = MostraAPI(
    title="mostra API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=AUTH,
    docs=docs.LocalSwagger(),
    docs_url="/docs",
)
errors.install(api)

api.add_router("", workspaces.router)
api.add_router("", members.router)
api.add_router("", organisation.router)
api.add_router("", audit.router)
api.add_router("", strategy.router)
api.add_router("", editorial.router)
api.add_router("", publishing.router)
api.add_router("", analytics.router)
api.add_router("", listening.router)
api.add_router("", links.router)
api.add_router("", qr.router)
api.add_router("", inbox.router)
api.add_router("", incidents.router)
api.add_router("", reports.router)
api.add_router("", notifications.router)
api.add_router("", toolbox.router)
api.add_router("", paid.router)
api.add_router("", ambassadors.router)
api.add_router("", programme.router)
api.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs_asset")(
    docs.docs_asset
)
