"""Importing an ad manager's export from the paid campaigns' page (owners and managers).

The same service as ``mostra campaign import`` and the API
(:func:`mostra.analytics.paid_imports.service.import_ads`). A refused file sends back
to the page with every problem, nothing imported.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.analytics.paid_imports.reader import NETWORKS, AdsRefused
from mostra.analytics.paid_imports.service import import_ads
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.core.views.base import workspace_view


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def paid_import(request: HttpRequest, membership: Membership) -> HttpResponse:
    back = redirect("paid:campaigns", membership.workspace.slug)
    upload = request.FILES.get("file")
    network = request.POST.get("network", "")
    if upload is None or network not in NETWORKS:
        messages.error(request, _("Choose the ad manager and the file to import."))
        return back
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            outcome = import_ads(
                membership,
                path,
                network,
                filename=upload.name,
                create_missing=bool(request.POST.get("create_missing")),
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except AdsRefused as exc:
            messages.error(request, " ".join([exc.message, *exc.problems]))
            return back
        except DomainError as exc:
            messages.error(request, exc.message)
            return back
    messages.success(
        request,
        _("%(tool)s export imported: %(rows)s rows, %(days)s campaign days.")
        % {"tool": outcome.tool, "rows": outcome.rows, "days": outcome.days},
    )
    return back
