"""In Chromium, with mostra's Content-Security-Policy: the pages, htmx, the language
switcher and the API's Swagger UI work without one violation in the console; a script
slipped into a page does not run; the Mastodon sign-in still leads to the instance."""

from __future__ import annotations

import pytest

from mostra.core.demo import build_demo
from mostra.publishing.services import mastodon_oauth
from tests.browser.test_strategy_in_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)

#: The words Chromium's console uses for each violation of the policy.
VIOLATION = "Content Security Policy"


def watch(page) -> list[str]:
    """The console's messages about the policy, as they come."""
    seen: list[str] = []
    page.on("console", lambda message: VIOLATION in message.text and seen.append(message.text))
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    return seen


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("networkidle")


@pytest.fixture
def demo(owner):
    return build_demo(owner)


def test_pages_run_without_a_policy_violation(page, live_server, owner, demo, screenshot):
    violations = watch(page)
    log_in(page, live_server, owner.email)  # The login page, its form, the redirect.
    base = f"{live_server.url}/w/{demo.slug}"
    for path in (
        "/",
        "/strategy/",
        "/calendar/",
        "/calendar/?view=week",
        "/posts/new/",
        "/accounts/",
        "/reports/dashboard/",
        "/reports/report/",
        "/analytics/compare/",
        "/organisation/",
        "/crisis/",
    ):
        visit(page, base + path)
    assert violations == []

    # htmx: "Try a text" posts as one types and swaps the findings in.
    visit(page, f"{base}/charter/")
    page.fill("#try textarea[name=text]", "Des vélos réparés 🚲")
    page.locator("#try-findings .findings").wait_for()
    # app.js: the language switcher submits itself.
    with page.expect_navigation():
        page.select_option("#language-select", "fr")
    assert page.locator("html").get_attribute("lang") == "fr"
    # Swagger UI, from the app's own files: it draws the API's operations.
    visit(page, f"{live_server.url}/api/docs")
    page.locator("#swagger-ui .opblock").first.wait_for()
    screenshot(page, "api-docs-under-csp")
    assert violations == []


def test_a_script_slipped_into_a_page_does_not_run(page, live_server, owner, demo):
    """What the policy is for: markup someone managed to put in a page runs nothing."""
    violations = watch(page)
    log_in(page, live_server, owner.email)
    visit(page, f"{live_server.url}/w/{demo.slug}/strategy/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.ranInline = true";
            document.body.appendChild(script);
            const image = document.createElement("img");
            image.setAttribute("onerror", "window.ranHandler = true");
            image.src = "data:,not an image";
            document.body.appendChild(image);
        }"""
    )
    page.wait_for_function("() => document.querySelector('img[onerror]').complete")
    assert page.evaluate("[window.ranInline, window.ranHandler]") == [None, None]
    assert len(violations) == 2 and all("script-src 'self'" in v for v in violations)


def test_the_mastodon_sign_in_reaches_the_instance(page, live_server, owner, demo, monkeypatch):
    """The sign-in form posts to mostra, which redirects to the instance: the browser checks
    that redirect against the page's form-action, which the accounts page widens."""
    monkeypatch.setattr(mastodon_oauth, "register_app", lambda *args, **kw: ("id", "secret"))
    page.route(
        "https://mastodon.example/**",
        lambda route: route.fulfill(content_type="text/html", body="<h1>Authorise mostra?</h1>"),
    )
    violations = watch(page)
    log_in(page, live_server, owner.email)
    visit(page, f"{live_server.url}/w/{demo.slug}/accounts/")
    page.click("#connect-mastodon summary")
    page.fill("#id_signin-instance_url", "https://mastodon.example")
    page.click("text=Sign in on the instance")
    page.wait_for_url("https://mastodon.example/oauth/authorize?**")
    assert page.locator("h1").inner_text() == "Authorise mostra?"
    assert violations == []
