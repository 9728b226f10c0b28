"""The OpenAPI schema, the API reference page built from it, and the browsable API."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from pathways.services.plans import start_plan


def test_the_schema_lists_the_api_for_a_signed_in_adviser(pa_client):
    response = pa_client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/young-people/" in text
    assert "/api/plans/{uuid}/decide/" in text


def test_the_schema_generates_without_warnings(tmp_path):
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yml"),
    )
    assert "/api/young-people/{uuid}/contacts/" in (tmp_path / "schema.yml").read_text()


def test_the_docs_are_a_govuk_page_built_from_the_schema(pa_client):
    response = pa_client.get("/api/docs/")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<h1 class="govuk-heading-l">API reference</h1>' in text
    # Every operation in the schema is on the page, with its method and path.
    schema = pa_client.get("/api/schema/", headers={"accept": "application/json"}).json()
    for path, item in schema["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item:
                assert f"{method.upper()}</strong> <code>{path}</code>" in text, (method, path)
    assert "cdn.jsdelivr" not in text
    assert 'href="/api/schema/"' in text


def test_the_docs_need_a_signed_in_user(client):
    response = client.get("/api/docs/")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "path,status",
    [
        ("/api/young-people/", 200),
        ("/api/young-people/{yp}/", 200),
        ("/api/young-people/{yp}/episodes/", 200),
        ("/api/young-people/{yp}/contacts/", 200),
        ("/api/young-people/{yp}/situations/", 200),
        ("/api/young-people/{yp}/reviews/", 200),
        ("/api/young-people/{yp}/plans/", 200),
        ("/api/plans/{plan}/", 200),
        ("/api/plans/{plan}/submit/", 405),
    ],
)
def test_the_browsable_api_renders_for_a_browser(world, pa_client, path, status):
    plan = start_plan(young_person=world.yp_own, by=world.pa)
    url = path.format(yp=world.yp_own.uuid, plan=plan.uuid)
    response = pa_client.get(url, headers={"accept": "text/html"})
    assert response.status_code == status
    assert response["content-type"].startswith("text/html")
