"""The strategy file to download: what ``mostra strategy export`` writes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.strategy import yaml_io
from mostra.strategy.services.export import export_document


@workspace_view()
@require_safe
def download_yaml(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The whole strategy as a YAML file, which ``mostra strategy import`` reads back."""
    workspace = membership.workspace
    body = yaml_io.dump(export_document(workspace))
    response = HttpResponse(body, content_type="application/yaml; charset=utf-8")
    day = timezone.localdate().isoformat()
    name = f"{workspace.slug}-strategy-{day}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
