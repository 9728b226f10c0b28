"""Helpers for browser tests: axe-core accessibility checks, signing in, and the record of
which pages a test visited so that none escapes the accessibility check.

Every page a browser test loads must pass ``assert_accessible``. The ``page`` fixture
(``tests/browser/conftest.py``) watches each main-frame navigation; at the end of the test it
fails, naming the pages, if any page (path and query string) was visited but never checked.

- ``visit(page, url)``: go to a page, wait for it to load and check it.
- ``follow(page, locator)``: click something that loads a new page (a link, a form's submit
  button), wait for the page to load and check it. Returns the HTTP response.
- ``assert_accessible(page)``: check the page as it is now, for instance with a dialog open.
- ``sign_in(page, user)``: sign in through the real sign-in form, checking both pages.

The pages run under the service's Content Security Policy (``SECURE_CSP``) and
Permissions-Policy, as in production. Every violation the browser reports (the
``securitypolicyviolation`` event in any page or frame, or a console message about either
policy) is recorded, and the ``page`` fixture fails the test at its end, naming each one:
fix the template or script (a nonce, a static file, a CSS class), never the policy.

- ``csp_violations(page)``: the violations recorded so far in the page's browser context (from
  the event); ``policy_console_messages(page)``: what the browser's console said about either
  policy (it says so for each violation too, so a violation is never missed).
- ``assert_no_csp_violations(page)``: fail now if there are any (the fixture's own check).
- ``forget_csp_violations(page)``: for a test that causes one on purpose, after checking it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from ..factories import TEST_PASSWORD

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
GOVUK_CSS_PATH = REPO_ROOT / "static" / "vendor" / "govuk" / "govuk-frontend.min.css"

#: The function the listener below calls in the test process (``BrowserContext.expose_binding``).
CSP_BINDING = "__leavingcareCspViolation"
#: Run in every document before its own scripts (``BrowserContext.add_init_script``, which the
#: policy does not govern): report each violation of the Content Security Policy.
CSP_LISTENER = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  window.{CSP_BINDING}({{
    page: document.location.href,
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    disposition: event.disposition,
  }});
}}, true);
"""
# Console messages Chromium writes when it refuses something under either policy, or cannot
# read the Permissions-Policy header.
POLICY_CONSOLE_MARKERS = ("Content Security Policy", "Permissions-Policy")

# WCAG 2.0, 2.1 and 2.2 at levels A and AA: what public-sector services must meet.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def page_key(url: str) -> str | None:
    """The path and query string that identify a visited page; None for about:blank, data:
    and other non-HTTP documents, which are not pages of the service."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class PageTracker:
    """Pages (path and query) one browser context visited, and those axe-core checked."""

    visited: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    pages: list = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    policy_messages: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        """Record every main-frame navigation of ``page`` (idempotent)."""
        if page in _TRACKERS:
            return
        _TRACKERS[page] = self
        self.pages.append(page)

        def navigated(frame) -> None:
            if frame.parent_frame is None:
                self.record_visit(frame.url)

        page.on("framenavigated", navigated)
        page.on("console", self.record_console_message)

    def record_csp_violation(self, report: dict) -> None:
        """Called from the page (``CSP_LISTENER``) for each ``securitypolicyviolation``."""
        where = report.get("source") or report.get("page") or "?"
        line = f":{report['line']}" if report.get("line") else ""
        sample = f", sample {report['sample']!r}" if report.get("sample") else ""
        self.csp_violations.append(
            f"{report.get('directive')} refused {report.get('blocked') or '(nothing named)'} "
            f"on {page_key(report.get('page') or '') or report.get('page')} "
            f"({where}{line}{sample}; {report.get('disposition') or 'enforce'})"
        )

    def record_console_message(self, message) -> None:
        text = message.text
        if any(marker in text for marker in POLICY_CONSOLE_MARKERS):
            location = message.location or {}
            where = location.get("url") or "?"
            self.policy_messages.append(f"console {message.type} at {where}: {text}")

    def policy_problems(self) -> list[str]:
        return self.csp_violations + self.policy_messages

    def release(self) -> None:
        for page in self.pages:
            _TRACKERS.pop(page, None)

    def record_visit(self, url: str) -> None:
        key = page_key(url)
        if key is not None and key not in self.visited:
            self.visited.append(key)

    def record_check(self, url: str) -> None:
        key = page_key(url)
        if key is not None:
            self.checked.add(key)

    def unchecked(self) -> list[str]:
        return [key for key in self.visited if key not in self.checked]


_TRACKERS: dict[object, PageTracker] = {}


def tracker_for(page) -> PageTracker:
    try:
        return _TRACKERS[page]
    except KeyError:
        raise RuntimeError(
            "This page is not watched: use the `page` fixture from tests/browser/conftest.py"
        ) from None


def unchecked_pages(page) -> list[str]:
    """Pages this test visited (in the page's browser context) that axe-core has not checked."""
    return tracker_for(page).unchecked()


def csp_violations(page) -> list[str]:
    """What the browser refused under the Content Security Policy in this page's browser
    context so far, in order (from the ``securitypolicyviolation`` event)."""
    settle(page)
    return list(tracker_for(page).csp_violations)


def policy_console_messages(page) -> list[str]:
    """What the browser's console said about the Content Security Policy or the
    Permissions-Policy header in this page's browser context so far, in order."""
    settle(page)
    return list(tracker_for(page).policy_messages)


def settle(page) -> None:
    """Let the page finish reporting: a violation's event fires in a later task than the
    refusal, and its report reaches the test process after that."""
    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 50))")


def format_csp_violations(violations: list[str]) -> str:
    count = len(violations)
    lines = [
        f"The browser reported {count} Content Security Policy or Permissions-Policy "
        f"problem{'s' if count != 1 else ''}. Give an inline <script> or <style> the "
        'request\'s nonce (nonce="{{ csp_nonce }}"), or move it (and any style="..." '
        "attribute) to a static file; do not loosen the policy (docs/operations.md)."
    ]
    lines.extend(f"{number}. {violation}" for number, violation in enumerate(violations, 1))
    return "\n".join(lines)


def assert_no_csp_violations(page) -> None:
    settle(page)
    problems = tracker_for(page).policy_problems()
    if problems:
        raise AssertionError(format_csp_violations(problems))


def forget_csp_violations(page) -> None:
    """Clear the record, for a test that caused a violation on purpose and has checked it."""
    settle(page)
    tracker_for(page).csp_violations.clear()
    tracker_for(page).policy_messages.clear()


def _describe_target(target) -> str:
    # A target is a list of CSS selectors; a selector inside a shadow root or iframe is itself
    # a list, outermost first.
    parts = [" >>> ".join(t) if isinstance(t, list) else str(t) for t in target]
    return " | ".join(parts)


def format_violations(url: str, violations: list[dict]) -> str:
    count = len(violations)
    lines = [
        f"axe-core found {count} accessibility violation{'s' if count != 1 else ''} "
        f"(WCAG 2.0, 2.1 and 2.2, levels A and AA) on {url}",
    ]
    for number, violation in enumerate(violations, start=1):
        lines.append("")
        lines.append(
            f"{number}. rule {violation['id']}: {violation['help']} "
            f"(impact: {violation.get('impact') or 'unknown'})"
        )
        lines.append(f"   {violation.get('helpUrl', '')}")
        for node in violation.get("nodes", []):
            lines.append(f"   - element: {_describe_target(node.get('target', []))}")
            lines.append(f"     html:    {node.get('html', '').strip()}")
            summary = (node.get("failureSummary") or "").strip()
            if summary:
                lines.extend(f"     {line.strip()}" for line in summary.splitlines())
    lines.append("")
    lines.append(f"Page: {url}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Run axe-core's WCAG 2.2 A and AA rules on the page as it is now; fail on any violation.

    The page counts as checked (for the end-of-test rule) whatever the outcome.
    """
    url = page.url
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the test, not added as a <script> element: the page's Content Security
        # Policy rightly refuses inline scripts without its nonce, but does not govern this.
        page.evaluate(_axe_source())
    results = page.evaluate("options => window.axe.run(document, options)", AXE_OPTIONS)
    if page in _TRACKERS:
        _TRACKERS[page].record_check(url)
    violations = results.get("violations", [])
    if violations:
        raise AssertionError(format_violations(url, violations))


def _refuse_server_error(page, response) -> None:
    # A crash would otherwise surface as axe-core complaining about the bare error page.
    if response is not None and response.status >= 500:
        body = page.locator("body").inner_text()[:500]
        raise AssertionError(f"The server answered {response.status} for {page.url}:\n{body}")


def visit(page, url: str):
    """Go to ``url`` (absolute, or relative to the live server), wait for the page to load and
    check it with axe-core. Returns the HTTP response."""
    response = page.goto(url, wait_until="load")
    _refuse_server_error(page, response)
    assert_accessible(page)
    return response


def follow(page, locator, *, check: bool = True):
    """Click ``locator`` (a link or submit button that loads a page), wait for the new page to
    load and check it with axe-core. Returns the HTTP response of the new page.

    ``check=False`` is for repeating a step whose result was checked already (the same form
    submitted again with the same errors, say); the end-of-test rule still applies."""
    with page.expect_navigation(wait_until="load") as navigation:
        locator.click()
    response = navigation.value
    _refuse_server_error(page, response)
    if check:
        assert_accessible(page)
    return response


def sign_in(page, user, password: str = TEST_PASSWORD):
    """Sign in as ``user`` through the sign-in form. Both the form and the page it lands on
    are checked with axe-core. Returns the response of the page it lands on."""
    visit(page, "/sign-in/")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(password)
    response = follow(page, page.get_by_role("button", name="Sign in"))
    if urlsplit(page.url).path == "/sign-in/":
        errors = page.locator(".govuk-error-summary").all_inner_texts()
        raise AssertionError(f"Signing in as {user.email} failed: {errors or page.title()}")
    return response


def assert_govuk_page(page) -> None:
    """The page uses the service's GOV.UK layout and the GOV.UK Frontend stylesheet loaded."""
    for selector in ("header.govuk-template__header", "main#main-content", "footer.govuk-footer"):
        assert page.locator(selector).count() == 1, f"{selector} missing on {page.url}"
    styled = page.evaluate(
        """() => [...document.styleSheets].some(sheet =>
            (sheet.href || '').includes('govuk-frontend.min.css') && sheet.cssRules.length > 0)"""
    )
    assert styled, f"The GOV.UK Frontend stylesheet did not load on {page.url}"
