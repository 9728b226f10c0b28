"""The browser-test harness itself: a planted accessibility violation is caught and reported
readably, a page visited without a check is noticed, and so is anything the Content Security
Policy refuses."""

import re
import time

import pytest
from playwright.sync_api import expect

from .harness import (
    assert_accessible,
    assert_no_csp_violations,
    csp_violations,
    forget_csp_violations,
    policy_console_messages,
    tracker_for,
    unchecked_pages,
    visit,
)


def test_planted_violation_is_reported(page):
    visit(page, "/sign-in/")  # the real page passes

    page.evaluate(
        """() => {
            const input = document.createElement("input");
            input.type = "text";
            input.id = "planted";
            document.querySelector("main").appendChild(input);
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    message = str(failure.value)
    print(message)
    assert "rule label:" in message
    assert "#planted" in message
    assert '<input type="text" id="planted">' in message
    assert "impact: critical" in message
    assert page.url in message


def test_a_page_visited_without_a_check_is_noticed(page):
    visit(page, "/sign-in/")
    assert unchecked_pages(page) == []

    page.goto("/privacy/")
    page.goto("/accessibility/?from=footer#top")
    assert unchecked_pages(page) == ["/privacy/", "/accessibility/?from=footer"]

    assert_accessible(page)
    assert unchecked_pages(page) == ["/privacy/"]

    visit(page, "/privacy/")
    assert unchecked_pages(page) == []
    assert tracker_for(page).visited == ["/sign-in/", "/privacy/", "/accessibility/?from=footer"]


def test_the_pages_own_inline_scripts_run_under_the_content_security_policy(page):
    response = visit(page, "/sign-in/")

    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["permissions-policy"].startswith("accelerometer=()")
    # base.html's two inline scripts carry the nonce, so they ran: the GOV.UK classes are on the
    # body and GOV.UK Frontend initialised the skip link.
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    expect(page.locator(".govuk-skip-link")).to_have_attribute(
        "data-govuk-skip-link-init", re.compile(".*")
    )
    assert csp_violations(page) == []
    assert policy_console_messages(page) == []


def test_an_inline_script_without_the_nonce_is_refused_and_fails_the_test(page, caplog):
    visit(page, "/sign-in/")

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.planted = true;";
            document.body.appendChild(script);
        }"""
    )

    assert page.evaluate("() => window.planted") is None  # refused, never ran
    violations = csp_violations(page)
    assert len(violations) == 1, violations
    assert violations[0].startswith("script-src-elem refused inline on /sign-in/")
    console = policy_console_messages(page)
    assert len(console) == 1, console
    assert "Executing inline script violates the following Content Security Policy" in console[0]
    with pytest.raises(AssertionError) as failure:
        assert_no_csp_violations(page)  # what the page fixture does at the end of every test
    message = str(failure.value)
    print(message)
    assert "2 Content Security Policy or Permissions-Policy problems." in message
    assert "1. script-src-elem refused inline on /sign-in/" in message
    # The browser reported it to the service too, which logged it.
    _wait_for_report(caplog, "script-src-elem refused inline")

    forget_csp_violations(page)  # caused on purpose, and checked


def test_a_style_attribute_is_refused_and_fails_the_test(page):
    visit(page, "/sign-in/")

    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            main.insertAdjacentHTML("beforeend", '<p id="planted" style="color: red">Hi</p>');
        }"""
    )

    violations = csp_violations(page)
    assert [v.split(" on ")[0] for v in violations] == ["style-src-attr refused inline"]
    assert len(policy_console_messages(page)) == 1
    colour = page.evaluate("() => getComputedStyle(document.getElementById('planted')).color")
    assert colour != "rgb(255, 0, 0)"
    with pytest.raises(AssertionError):
        assert_no_csp_violations(page)

    forget_csp_violations(page)


def _wait_for_report(caplog, text: str) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for record in caplog.records:
            if record.name == "leavingcare.csp" and text in record.getMessage():
                assert record.levelname == "WARNING"
                return
        time.sleep(0.05)
    logged = [r.getMessage() for r in caplog.records if r.name == "leavingcare.csp"]
    raise AssertionError(f"No report of {text!r} logged by /csp-report/; logged: {logged}")
