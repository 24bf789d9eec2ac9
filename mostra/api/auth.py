"""Who is calling: a personal API token (``Authorization: Bearer mostra_…``) or the
Django session (browser, with its CSRF token). ``request.auth`` is then the user."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer

from mostra.core import sign_in_limits
from mostra.core.models import ApiToken
from mostra.core.models.api_token import TOKEN_PREFIX

#: ``last_used_at`` is written at most this often, so that reads stay reads.
LAST_USED_PRECISION = timedelta(minutes=1)


class InvalidToken(AuthenticationError):
    """A bearer token was sent but matches no active token: never fall back to the session."""

    def __init__(self) -> None:
        super().__init__(
            401,
            _(
                "This API token is not valid: it may have been revoked. "
                "Create a new one on your profile page."
            ),
        )


class TooManyWrongTokens(AuthenticationError):
    """The address sent too many wrong tokens lately (:mod:`mostra.core.sign_in_limits`)."""

    def __init__(self) -> None:
        super().__init__(429, sign_in_limits.lockout_message())


def refuse_wrong_token(request: HttpRequest) -> None:
    """Count a wrong token against the caller's address; 429 once it has sent too many.

    Only wrong tokens are counted and refused: a valid token, 256 random bits that cannot
    be guessed, still works from an address that sent wrong ones (the other scripts
    behind the same address), and costs no more than its own look-up.
    """
    if sign_in_limits.is_locked_out(request, sign_in_limits.API_TOKENS):
        raise TooManyWrongTokens
    sign_in_limits.record_failure(request, sign_in_limits.API_TOKENS)
    raise InvalidToken


class TokenAuth(HttpBearer):
    """Personal API tokens, looked up by the SHA-256 hash that is all we store."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token = token.strip()
        if not token.startswith(TOKEN_PREFIX):
            refuse_wrong_token(request)
        api_token = (
            ApiToken.objects.select_related("user").filter(token_hash=ApiToken.hash(token)).first()
        )
        if api_token is None or not api_token.user.is_active:
            refuse_wrong_token(request)
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        user = api_token.user
        if user.language:
            # The language middleware ran before we knew the user: answer in theirs.
            translation.activate(user.language)
        return user


class SessionAuth(APIKeyCookie):
    """The Django session; unsafe methods need the CSRF token, as in the web pages.

    Unlike ninja's ``django_auth``, the CSRF check only runs for a logged-in user,
    so that an anonymous call gets a 401 rather than a CSRF 403.
    """

    param_name: str = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        try:
            return super().__call__(request)
        except HttpError as exc:
            raise HttpError(
                403,
                _(
                    "CSRF check failed: send the csrftoken cookie's value in the "
                    "X-CSRFToken header, or use an API token."
                ),
            ) from exc

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


token_auth = TokenAuth()
session_auth = SessionAuth()
#: Tried in this order; a request carrying a bearer token is judged on that token alone.
AUTH = [token_auth, session_auth]
