"""The redirect's short path: answered right after the security middleware, before
django-csp, WhiteNoise and the session; a 302 with no policy built and no cookie, the
unknown and gone pages with a fixed strict policy; no query once the code is cached."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from mostra.links.redirect import PAGE_POLICY
from mostra.links.services.links import create_link, disable

pytestmark = pytest.mark.django_db


def test_the_middleware_answers_before_csp_whitenoise_and_the_session():
    order = settings.MIDDLEWARE
    short = order.index("mostra.links.redirect.ShortLinkMiddleware")
    assert order[short - 1] == "django.middleware.security.SecurityMiddleware"
    for later in (
        "csp.middleware.CSPMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
    ):
        assert order.index(later) > short


def test_a_redirect_builds_no_policy_sets_no_cookie_and_reads_nothing_once_cached(
    owner_membership, django_assert_num_queries
):
    link = create_link(owner_membership, "https://fromagerie.example/", medium="organic")
    visitor = Client()
    first = visitor.get(f"/l/{link.code}", HTTP_USER_AGENT="Mozilla/5.0 Firefox/128.0")
    assert first.status_code == 302
    assert first["Location"].startswith("https://fromagerie.example/?utm_source=")
    assert "Content-Security-Policy" not in first and not first.cookies
    assert first["X-Content-Type-Options"] == "nosniff"  # the security middleware ran
    with django_assert_num_queries(0):
        again = visitor.get(f"/l/{link.code}", HTTP_USER_AGENT="Mozilla/5.0 Firefox/128.0")
    assert again.status_code == 302


def test_the_unknown_and_gone_pages_carry_a_strict_policy(owner_membership):
    unknown = Client().get("/l/Zz9Zz9Z")
    assert unknown.status_code == 404 and unknown["Content-Security-Policy"] == PAGE_POLICY
    assert "script-src" not in PAGE_POLICY and "default-src 'none'" in PAGE_POLICY
    link = create_link(owner_membership, "https://fromagerie.example/", medium="organic")
    disable(owner_membership, link)
    gone = Client().get(f"/l/{link.code}")
    assert gone.status_code == 410 and gone["Content-Security-Policy"] == PAGE_POLICY
    # The rest of the site keeps django-csp's policy.
    assert "script-src 'self'" in Client().get("/accounts/login/")["Content-Security-Policy"]
