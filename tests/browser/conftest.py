"""Browser tests: headless Chromium (Debian's, never a downloaded one) driven by Playwright
against pytest-django's live server, with every visited page checked by axe-core.

- Every test here is marked ``browser`` and ``xdist_group("browser")``, so with
  ``pytest -n 2 --dist loadgroup`` they all run, one after another, on one worker.
- ``page``: a fresh browser context (cookies, storage) per test, with ``base_url`` set to the
  live server, so ``page.goto("/sign-in/")`` works. At the end of the test it fails if a page
  the test visited was never checked with ``assert_accessible``, or if the browser reported any
  Content Security Policy violation (the policy is on, as in production; see ``harness.py``).
- When a test fails, a full-page screenshot goes to ``test-results/<test name>.png``.
- Without Chromium at /usr/bin/chromium (or without axe-core or the built GOV.UK stylesheet)
  the tests are skipped, unless ``REQUIRE_SERVICES=1``, when they fail.

Database: the live server answers from another thread, so tests need ``transactional_db``
(real commits, tables emptied after each test). It is requested here for every browser test,
before ``world``, so the personas from ``tests/conftest.py`` are visible to the server.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from .harness import (
    AXE_PATH,
    CSP_BINDING,
    CSP_LISTENER,
    GOVUK_CSS_PATH,
    REPO_ROOT,
    PageTracker,
    format_csp_violations,
    settle,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS_DIR = REPO_ROOT / "test-results"
HERE = Path(__file__).resolve().parent
XDIST_GROUP = "browser"

_reports = pytest.StashKey[dict]()


def pytest_collection_modifyitems(config, items):
    # tests/conftest.py makes pytest-xdist's grouping take effect under pytest 9.2.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group(XDIST_GROUP))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


def _missing_prerequisite() -> str:
    if not CHROMIUM.exists():
        return f"Chromium not installed at {CHROMIUM}"
    if not AXE_PATH.exists():
        return f"axe-core not found at {AXE_PATH} (run `npm ci`)"
    if not GOVUK_CSS_PATH.exists():
        return f"GOV.UK Frontend not built at {GOVUK_CSS_PATH} (run `npm run build`)"
    return ""


def _skip_or_fail(reason: str):
    # REQUIRE_SERVICES=1 (CI) turns a missing browser into a failure, as for PostgreSQL and Redis.
    if settings.REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}: browser tests cannot run", pytrace=False)
    pytest.skip(f"{reason}: browser tests skipped")


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all browser tests.

    Package-scoped rather than session-scoped on purpose: while Playwright's sync API is
    running, its asyncio event loop is "running" in the main thread, and Django refuses ORM
    calls from a thread with a running event loop (SynchronousOnlyOperation) unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. Both last only while tests in tests/browser/ run (which
    they do together), so the rest of the suite keeps Django's normal safety check.
    """
    reason = _missing_prerequisite()
    if reason:
        _skip_or_fail(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a dev dependency
        _skip_or_fail(f"Playwright is not installed ({exc})")

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        except Exception as exc:
            _skip_or_fail(f"Chromium at {CHROMIUM} did not start ({exc})")
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _browser_test_database(transactional_db):
    """Autouse, so it comes before ``world`` (which asks for ``db``): the live server's thread
    must see the personas, so they are committed, and the tables are emptied afterwards."""


def _screenshot_path(item) -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.name).strip("-")
    return RESULTS_DIR / f"{name}.png"


@pytest.fixture
def page(request, browser, live_server, _browser_test_database):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(5_000)
    context.set_default_navigation_timeout(10_000)
    tracker = PageTracker()
    context.expose_binding(
        CSP_BINDING, lambda _source, report: tracker.record_csp_violation(report)
    )
    context.add_init_script(script=CSP_LISTENER)
    context.on("page", tracker.watch)  # pages the test opens later, such as new tabs
    new_page = context.new_page()
    tracker.watch(new_page)
    try:
        yield new_page

        reports = request.node.stash.get(_reports, {})
        failed = any(r.failed for r in reports.values())
        if failed:
            RESULTS_DIR.mkdir(parents=True, exist_ok=True)
            try:
                new_page.screenshot(path=str(_screenshot_path(request.node)), full_page=True)
            except Exception as exc:  # the page may have crashed; say so rather than hide it
                print(f"Could not save a screenshot: {exc}")
        else:
            # A round trip, so that a navigation still being reported is recorded; a page
            # still loading counts as visited all the same.
            with contextlib.suppress(Exception):
                new_page.wait_for_load_state("load", timeout=2_000)
                settle(new_page)  # violations still being reported
            problems = []
            unchecked = tracker.unchecked()
            if unchecked:
                problems.append(
                    "These pages were visited but never checked for accessibility: "
                    + ", ".join(unchecked)
                    + ". Call assert_accessible(page) after each page loads, or use visit() "
                    "and follow() from tests/browser/harness.py."
                )
            if tracker.policy_problems():
                problems.append(format_csp_violations(tracker.policy_problems()))
            if problems:
                pytest.fail("\n\n".join(problems), pytrace=False)
    finally:
        tracker.release()
        context.close()
