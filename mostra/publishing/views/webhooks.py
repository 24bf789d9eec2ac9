"""The webhooks page (owners and managers): add an address, see its secret once,
deactivate or delete it, and read the delivery log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.core.views.base import client_ip, workspace_view
from mostra.publishing.models import Webhook, WebhookDelivery
from mostra.publishing.services import webhooks as service
from mostra.publishing.views.forms import WebhookForm

#: How many deliveries the log shows (the most recent first).
LOG_SIZE = 50


def _page(
    request: HttpRequest,
    membership: Membership,
    form: WebhookForm,
    *,
    created: tuple[Webhook, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = membership.workspace
    hooks = list(Webhook.objects.filter(workspace=workspace).defer("secret"))
    deliveries = list(
        WebhookDelivery.objects.filter(webhook__workspace=workspace)
        .select_related("webhook")
        .defer("payload", "webhook__secret")
        .order_by("-created_at", "-id")[:LOG_SIZE]
    )
    context: dict[str, Any] = {
        "workspace": workspace,
        "form": form,
        "webhooks": hooks,
        "deliveries": deliveries,
        "created": created[0] if created else None,
        "created_secret": created[1] if created else "",
    }
    return render(request, "publishing/webhooks.html", context, status=status)


@workspace_view(Perm.EDIT_WORKSPACE)
def webhooks(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The list and the form; a POST adds a webhook and shows its secret this once."""
    if request.method != "POST":
        return _page(request, membership, WebhookForm())
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            created = service.create_webhook(
                membership,
                form.cleaned_data["url"],
                form.cleaned_data["events"],
                ip_address=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return _page(request, membership, WebhookForm(), created=created)
    return _page(request, membership, form, status=400)


def _webhook(membership: Membership, pk: int) -> Webhook:
    return get_object_or_404(Webhook, pk=pk, workspace=membership.workspace)


@require_POST
@workspace_view(Perm.EDIT_WORKSPACE)
def webhook_active(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Deactivate (``active=0``) or reactivate (``active=1``) a webhook."""
    webhook = _webhook(membership, pk)
    active = request.POST.get("active") == "1"
    service.set_active(membership, webhook, active, ip_address=client_ip(request))
    if active:
        messages.success(request, _("Webhook %(url)s active again.") % {"url": webhook.url})
    else:
        messages.success(
            request,
            _("Webhook %(url)s deactivated: it receives nothing until you reactivate it.")
            % {"url": webhook.url},
        )
    return redirect("publishing:webhooks", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_WORKSPACE)
def webhook_delete(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    webhook = _webhook(membership, pk)
    url = webhook.url
    service.delete_webhook(membership, webhook, ip_address=client_ip(request))
    messages.success(request, _("Webhook %(url)s deleted, with its delivery log.") % {"url": url})
    return redirect("publishing:webhooks", membership.workspace.slug)
