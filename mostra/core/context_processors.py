from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mostra.core.permissions import GRANTS


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The current workspace, the user's other workspaces (the archived ones apart), and
    what the member may do."""
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    workspaces = []
    if user is not None and user.is_authenticated:
        from mostra.core.models import Workspace

        workspaces = list(Workspace.objects.for_user(user).only("name", "slug", "archived_at"))
    perms = {str(p) for p in GRANTS.get(membership.role, set())} if membership else set()
    return {
        "membership": membership,
        "current_workspace": membership.workspace if membership else None,
        "my_workspaces": [ws for ws in workspaces if not ws.is_archived],
        "my_archived_workspaces": [ws for ws in workspaces if ws.is_archived],
        "perms": perms,
    }
