"""How errors look: ninja's shapes, with messages a person can act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError

from mostra.api.auth import InvalidToken, TooManyWrongTokens
from mostra.core.errors import DomainError
from mostra.core.services.archive import WorkspaceArchived
from mostra.core.sign_in_limits import lockout_minutes

if TYPE_CHECKING:
    from ninja import NinjaAPI


def domain_error_body(exc: DomainError) -> dict[str, object]:
    """The shape of ninja's validation errors: ``{"detail": [{"loc", "msg", "type"}]}``."""
    loc = ["body", exc.field] if exc.field else ["body"]
    return {"detail": [{"type": "domain_error", "loc": loc, "msg": exc.message}]}


def install(api: NinjaAPI) -> None:
    """Register the API's exception handlers."""

    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(request, domain_error_body(exc), status=422)

    def on_archived(request: HttpRequest, exc: WorkspaceArchived) -> HttpResponse:
        # A conflict with the workspace's state, not a field to fix.
        return api.create_response(request, {"detail": exc.message}, status=409)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # Same answer for "does not exist" and "not yours": never reveal which.
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        if isinstance(exc, TooManyWrongTokens):
            response = api.create_response(request, {"detail": exc.message}, status=429)
            response["Retry-After"] = str(lockout_minutes() * 60)
            return response
        if isinstance(exc, InvalidToken):
            message = exc.message
        else:
            message = _(
                "Authentication required: send a personal API token in the header "
                "“Authorization: Bearer mostra_…”, or log in."
            )
        response = api.create_response(request, {"detail": message}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="mostra"'
        return response

    api.add_exception_handler(DomainError, on_domain_error)
    api.add_exception_handler(WorkspaceArchived, on_archived)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(AuthenticationError, on_unauthenticated)
