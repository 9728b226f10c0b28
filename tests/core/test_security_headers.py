"""The Content Security Policy and Permissions-Policy every response carries (the base
settings, so development, tests and production alike), and the view browsers report
violations to."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from html import unescape

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import csp
from dashboards import charts
from tests.factories import TEST_PASSWORD

from .test_settings import PRODUCTION_ENV, ROOT

pytestmark = pytest.mark.django_db

REPORT_URL = "/csp-report/"


def directives(policy: str) -> dict[str, list[str]]:
    found = {}
    for part in policy.split(";"):
        name, *values = part.split()
        found[name] = values
    return found


def inline_script_tags(html: str) -> list[str]:
    return [tag for tag in re.findall(r"<script\b[^>]*>", html) if " src=" not in tag]


def test_it_sends_the_policy_with_a_nonce_that_the_pages_inline_scripts_carry(client):
    response = client.get("/sign-in/")

    assert response.status_code == 200
    policy = directives(response.headers["Content-Security-Policy"])
    nonce = re.fullmatch(r"'nonce-([A-Za-z0-9_-]{16,})'", policy["script-src"][1]).group(1)
    tags = inline_script_tags(response.content.decode())
    assert len(tags) == 2  # base.html: the GOV.UK js-enabled class and initAll
    for tag in tags:
        assert f'nonce="{nonce}"' in tag, tag


def test_it_allows_only_this_site_and_the_nonce(client):
    response = client.get("/sign-in/")

    header = response.headers["Content-Security-Policy"]
    policy = directives(header)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert policy["style-src"][0] == "'self'"
    assert policy["style-src"][1].startswith("'nonce-")
    assert policy["img-src"] == policy["font-src"] == policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["report-uri"] == [REPORT_URL]
    assert "unsafe" not in header
    assert "*" not in header
    assert "data:" not in header


def test_it_gives_every_response_its_own_nonce(client):
    first = client.get("/sign-in/").headers["Content-Security-Policy"]
    second = client.get("/sign-in/").headers["Content-Security-Policy"]

    assert directives(first)["script-src"][1] != directives(second)["script-src"][1]


def test_it_reports_violations_to_the_report_view():
    assert reverse("core:csp-report") == REPORT_URL == settings.SECURE_CSP["report-uri"]


@pytest.mark.parametrize(
    "path", ["/sign-in/", "/healthcheck/", "/no-such-page/", "/api/docs/", "/admin/"]
)
def test_it_refuses_unused_browser_features_on_every_response(client, path):
    response = client.get(path)

    assert "Content-Security-Policy" in response.headers
    policy = response.headers["Permissions-Policy"]
    features = dict(item.split("=") for item in policy.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial"):
        assert features[feature] == "()"
    assert set(features.values()) == {"()"}


def test_it_sends_both_on_the_api_and_on_signed_in_pages(pa_client):
    for path in ("/api/young-people/", "/pathways/young-people/", "/api/docs/"):
        response = pa_client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Permissions-Policy"].startswith("accelerometer=()")
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_pages_have_no_inline_script_or_style_without_the_nonce(
    pa_client, administrator_client, service_manager_client
):
    pages = (
        (pa_client, "/api/docs/"),
        (administrator_client, "/admin/"),
        (administrator_client, "/admin/accounts/user/"),
        (service_manager_client, "/dashboards/service/"),
        (pa_client, "/sign-in/two-factor/set-up/"),  # the QR code is an inline SVG
        (pa_client, "/account/two-factor/"),
    )
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        nonce = directives(response.headers["Content-Security-Policy"])["script-src"][1]
        html = response.content.decode()
        for tag in inline_script_tags(html):
            assert f'nonce="{nonce[7:-1]}"' in tag, (path, tag)
        assert "<style" not in html.replace(f'<style nonce="{nonce[7:-1]}"', ""), path
        assert " style=" not in html, path


def test_the_dashboards_charts_are_styled_from_a_current_static_stylesheet(
    service_manager_client,
):
    html = service_manager_client.get("/dashboards/service/").content.decode()

    assert html.count('class="pygal-chart"') == 4
    assert f'href="/static/{charts.STYLESHEET}"' in html
    stylesheet = (ROOT / "dashboards" / "static" / charts.STYLESHEET).read_text()
    assert stylesheet.split("*/\n", 1)[1] == charts.stylesheet()
    # What pygal puts in each chart's own <style> element, scoped to the class instead.
    for chart in (
        charts.bars(title="A", description="B", items=[("C", 50.0)], standalone=True),
        charts.line(title="A", description="B", points=[("C", 50.0)], standalone=True),
    ):
        chart_id = re.search(r'<svg\b[^>]*\bid="(chart-[^"]+)"', chart).group(1)
        own = re.search(r"<style[^>]*>(.*?)</style>", chart, re.S).group(1)
        own = unescape(own).replace(f"#{chart_id}", ".pygal-chart").strip()
        assert own + "\n" == charts.stylesheet()
    assert ".pygal-chart .color-0,.pygal-chart .color-0 a:visited{stroke:#5694ca" in stylesheet


def test_a_chart_for_a_pdf_keeps_its_own_stylesheet():
    chart = charts.bars(title="A", description="B", items=[("C", 50.0)], standalone=True)

    assert "<style" in chart
    assert "<style" not in charts.bars(title="A", description="B", items=[("C", 50.0)])


# The view browsers report to.

VIOLATION = {
    "document-uri": "https://leavingcare.example.gov.uk/pathways/young-people/?q=Robin#top",
    "referrer": "",
    "violated-directive": "script-src-elem",
    "effective-directive": "script-src-elem",
    "original-policy": "default-src 'self'; report-uri /csp-report/",
    "disposition": "enforce",
    "blocked-uri": "inline",
    "line-number": 14,
    "source-file": "https://leavingcare.example.gov.uk/pathways/young-people/?q=Robin",
    "status-code": 200,
    "script-sample": "",
}


def post_report(client, body, content_type="application/csp-report"):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(REPORT_URL, data=data, content_type=content_type)


@pytest.fixture
def anonymous():
    # Browsers send reports without a CSRF token; the view must not need one.
    return Client(enforce_csrf_checks=True)


def csp_records(caplog):
    return [r for r in caplog.records if r.name == "leavingcare.csp"]


def test_it_logs_a_report_as_a_warning_and_answers_204(anonymous, caplog):
    caplog.set_level(logging.INFO, logger="leavingcare.csp")

    response = post_report(anonymous, {"csp-report": VIOLATION})

    assert response.status_code == 204
    [record] = csp_records(caplog)
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert "script-src-elem refused inline on " in message
    assert "https://leavingcare.example.gov.uk/pathways/young-people/ " in message
    assert "line 14" in message
    # Query strings and fragments can hold what someone searched for: never logged.
    assert "Robin" not in message
    assert "Robin" not in json.dumps(record.csp_violation)
    assert record.csp_violation["directive"] == "script-src-elem"


def test_it_logs_each_violation_in_a_reporting_api_batch(anonymous, caplog):
    caplog.set_level(logging.WARNING, logger="leavingcare.csp")
    body = [
        {
            "type": "csp-violation",
            "url": "https://leavingcare.example.gov.uk/",
            "body": {
                "documentURL": "https://leavingcare.example.gov.uk/",
                "effectiveDirective": "style-src-attr",
                "blockedURL": "inline",
                "disposition": "enforce",
                "lineNumber": 3,
            },
        },
        {"type": "deprecation", "body": {"id": "something-else"}},
        {
            "type": "csp-violation",
            "body": {
                "documentURL": "https://leavingcare.example.gov.uk/audit/",
                "effectiveDirective": "img-src",
                "blockedURL": "https://tracker.example.com/pixel.gif?who=me",
            },
        },
    ]

    response = post_report(anonymous, body, content_type="application/reports+json")

    assert response.status_code == 204
    messages = [r.getMessage() for r in csp_records(caplog)]
    assert len(messages) == 2
    assert messages[0].startswith("Content Security Policy violation: style-src-attr refused")
    assert "img-src refused https://tracker.example.com/pixel.gif on " in messages[1]
    assert "who=me" not in messages[1]


def test_it_strips_control_characters_and_cuts_long_values(anonymous, caplog):
    caplog.set_level(logging.WARNING, logger="leavingcare.csp")
    forged = VIOLATION | {
        "blocked-uri": "inline\nWARNING forged log line",
        "source-file": "https://x.example/" + "a" * 5000,
    }

    assert post_report(anonymous, {"csp-report": forged}).status_code == 204

    [record] = csp_records(caplog)
    message = record.getMessage()
    assert "\n" not in message
    assert "inline?WARNING forged log line" in message
    assert len(record.csp_violation["source"]) == csp.MAX_FIELD_LENGTH


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        {"csp-report": "a string"},
        {"csp-report": {"document-uri": "https://leavingcare.example.gov.uk/"}},
        {"something": "else"},
        [{"type": "deprecation", "body": {}}],
        [],
    ],
)
def test_it_refuses_what_is_not_a_violation_report_and_logs_nothing(anonymous, caplog, body):
    caplog.set_level(logging.WARNING, logger="leavingcare.csp")

    assert post_report(anonymous, body).status_code == 400
    assert csp_records(caplog) == []


def test_it_refuses_a_report_over_the_size_limit_unread(anonymous, caplog):
    caplog.set_level(logging.WARNING, logger="leavingcare.csp")
    padded = {"csp-report": VIOLATION | {"script-sample": "x" * csp.MAX_REPORT_BYTES}}

    response = post_report(anonymous, padded)

    assert response.status_code == 413
    assert csp_records(caplog) == []


def test_it_answers_only_posts(anonymous):
    assert anonymous.get(REPORT_URL).status_code == 405


def test_it_needs_no_sign_in_and_accepts_a_signed_in_browsers_report(pa_client, caplog):
    caplog.set_level(logging.WARNING, logger="leavingcare.csp")

    assert post_report(pa_client, {"csp-report": VIOLATION}).status_code == 204
    assert len(csp_records(caplog)) == 1


def test_it_logs_a_report_from_someone_still_to_give_their_second_factor(
    world, anonymous_client, caplog
):
    # The two-factor pages are where a violation would matter most; the code step lets the
    # report through like the other public pages.
    caplog.set_level(logging.WARNING, logger="leavingcare.csp")
    TOTPDevice.objects.create(user=world.pa, name="Authenticator app", confirmed=True)
    signed = anonymous_client.post(
        reverse("accounts:sign-in"), {"username": world.pa.email, "password": TEST_PASSWORD}
    )
    assert signed["Location"].startswith(reverse("accounts:two-factor"))
    assert anonymous_client.get("/")["Location"].startswith(reverse("accounts:two-factor"))

    assert post_report(anonymous_client, {"csp-report": VIOLATION}).status_code == 204
    assert len(csp_records(caplog)) == 1


# The production settings, in a process of their own (with no database: a page that needs none).

PRODUCTION_PAGE = """
import re
import django
django.setup()
from django.test import Client, override_settings

# Production serves static files from collectstatic's manifest, which a test checkout lacks;
# the headers do not depend on it.
storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storages):
    response = Client().get(
        "/accessibility/", secure=True, headers={"host": "leavingcare.example.gov.uk"}
    )
print(response.status_code)
print(response.headers.get("Content-Security-Policy", "(none)"))
print(response.headers.get("Permissions-Policy", "(none)"))
print(response.content.decode())
"""


def test_the_production_settings_send_the_policy_and_the_permissions_policy():
    import os

    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PAGE],
        cwd=ROOT,
        env=clean | PRODUCTION_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    status, policy, permissions, html = result.stdout.split("\n", 3)
    assert status == "200"
    parsed = directives(policy)
    assert parsed["default-src"] == ["'self'"]
    assert parsed["frame-ancestors"] == ["'none'"]
    assert parsed["report-uri"] == [REPORT_URL]
    nonce = re.fullmatch(r"'nonce-(.+)'", parsed["script-src"][1]).group(1)
    tags = inline_script_tags(html)
    assert len(tags) == 2
    assert all(f'nonce="{nonce}"' in tag for tag in tags)
    assert "camera=()" in permissions.split(", ")
    assert "geolocation=()" in permissions.split(", ")
