"""The OpenAPI schema, the Swagger UI served locally, and the browsable API."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from pathways import services


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


def test_the_docs_are_served_from_this_site_not_a_cdn(pa_client):
    response = pa_client.get("/api/docs/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "drf_spectacular_sidecar" in text
    assert "cdn.jsdelivr" not in text


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
    plan = services.start_plan(young_person=world.yp_own, by=world.pa)
    url = path.format(yp=world.yp_own.uuid, plan=plan.uuid)
    response = pa_client.get(url, headers={"accept": "text/html"})
    assert response.status_code == status
    assert response["content-type"].startswith("text/html")
