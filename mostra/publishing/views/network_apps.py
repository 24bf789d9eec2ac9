"""The administrators' page for the networks' OAuth applications (superusers only).

For each provider (LinkedIn, X, Meta, Threads): the redirect address to enter on the
developer portal, the client id, whether a secret is set (never the secret itself),
optional scopes and, for LinkedIn and Meta, an API version override. Anyone else gets
the same 404 as an unknown page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.integrations.api_versions import ALL as API_VERSIONS
from mostra.publishing.models import OAuthClient
from mostra.publishing.services import network_apps as apps_service
from mostra.publishing.services.oauth import (
    PROVIDER_LABELS,
    PROVIDER_OF,
    provider_for,
    redirect_uri,
)
from mostra.strategy import networks

#: The networks each provider connects, for the scopes' help text.
PROVIDER_NETWORKS = {
    key: networks.where(oauth_provider=key) for key in dict.fromkeys(PROVIDER_OF.values())
}
VERSION_FORMATS = apps_service.VERSION_FORMATS


def _checked(check: Any, *args: Any, **kwargs: Any) -> str:
    """A value as the service checks it; its refusal as the field's error."""
    try:
        return str(check(*args, **kwargs))
    except DomainError as exc:
        raise forms.ValidationError(exc.message) from None


class NetworkAppForm(forms.Form):
    client_id = forms.CharField(label=gettext_lazy("Client id (app id)"), max_length=255)
    client_secret = forms.CharField(
        label=gettext_lazy("Client secret (app secret)"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=gettext_lazy("Leave empty to keep the secret already saved."),
    )
    scopes = forms.CharField(
        label=gettext_lazy("Scopes (optional)"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Empty: mostra asks for the scopes listed above."),
    )
    api_version = forms.CharField(
        label=gettext_lazy("API version (optional)"), required=False, max_length=20
    )

    def __init__(self, *args: Any, provider: str, has_secret: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.provider = provider
        self.has_secret = has_secret
        if provider not in VERSION_FORMATS:
            del self.fields["api_version"]
        else:
            self.fields["api_version"].help_text = _(
                "Empty: mostra's version, %(version)s. Set a newer one when the network "
                "retires it before mostra is upgraded."
            ) % {"version": API_VERSIONS["linkedin" if provider == "linkedin" else "meta"].version}

    def clean_client_id(self) -> str:
        return _checked(apps_service.clean_client_id, self.cleaned_data["client_id"])

    def clean_client_secret(self) -> str:
        value = self.cleaned_data["client_secret"]
        return _checked(apps_service.clean_client_secret, value, has_secret=self.has_secret)

    def clean_scopes(self) -> str:
        return _checked(apps_service.clean_scopes, self.cleaned_data["scopes"])

    def clean_api_version(self) -> str:
        value = self.cleaned_data.get("api_version", "")
        return _checked(apps_service.clean_api_version, self.provider, value)


def _superuser(request: HttpRequest) -> None:
    if not getattr(request.user, "is_superuser", False):
        raise Http404


def _rows(request: HttpRequest, bound: dict[str, NetworkAppForm]) -> list[dict[str, Any]]:
    apps = {app.network: app for app in OAuthClient.objects.all()}
    rows = []
    for key, label in PROVIDER_LABELS.items():
        app = apps.get(key)
        form = bound.get(key) or NetworkAppForm(
            provider=key,
            has_secret=bool(app and app.has_secret),
            prefix=key,
            initial={
                "client_id": app.client_id if app else "",
                "scopes": (app.extra.get("scopes") or "") if app else "",
                "api_version": (app.extra.get("api_version") or "") if app else "",
            },
        )
        provider = provider_for(PROVIDER_NETWORKS[key][0])
        rows.append(
            {
                "key": key,
                "label": label,
                "app": app,
                "has_secret": bool(app and app.has_secret),
                "form": form,
                "redirect_uri": redirect_uri(key),
                "scopes": {n: " ".join(provider.scopes[n]) for n in PROVIDER_NETWORKS[key]},
            }
        )
    return rows


def _context(rows: list[dict[str, Any]]) -> dict[str, Any]:
    config = settings.CONFIG
    return {"rows": rows, "base_url": config.base_url, "base_url_set": config.base_url_explicit}


@login_required
def network_apps(request: HttpRequest) -> HttpResponse:
    _superuser(request)
    return render(request, "publishing/network_apps.html", _context(_rows(request, {})))


@login_required
@require_POST
def save_network_app(request: HttpRequest, provider: str) -> HttpResponse:
    _superuser(request)
    if provider not in PROVIDER_LABELS:
        raise Http404
    app = OAuthClient.objects.filter(network=provider).first()
    form = NetworkAppForm(
        request.POST, provider=provider, has_secret=bool(app and app.has_secret), prefix=provider
    )
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: correct the fields in red."))
        context = _context(_rows(request, {provider: form}))
        return render(request, "publishing/network_apps.html", context, status=400)
    data = form.cleaned_data
    apps_service.save_network_app(
        request.user,
        provider,
        client_id=data["client_id"],
        client_secret=data["client_secret"],
        scopes=data["scopes"],
        api_version=data.get("api_version", ""),
    )
    messages.success(
        request, _("The %(network)s application is saved.") % {"network": PROVIDER_LABELS[provider]}
    )
    return redirect("oauth:network_apps")


@login_required
@require_POST
def remove_network_app(request: HttpRequest, provider: str) -> HttpResponse:
    _superuser(request)
    if provider not in PROVIDER_LABELS or not apps_service.remove_network_app(
        request.user, provider
    ):
        raise Http404
    messages.success(
        request,
        _(
            "The %(network)s application is removed: no one can connect new accounts there "
            "until it is entered again. Accounts already connected keep working."
        )
        % {"network": PROVIDER_LABELS[provider]},
    )
    return redirect("oauth:network_apps")
