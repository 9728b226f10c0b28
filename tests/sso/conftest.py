"""A real OpenID Connect provider for each test, and a browser that signs in there.

``identity_provider(users=..., applications=...)`` starts django-oauth-toolkit with OpenID
Connect on, in a process of its own (tests/sso/provider/), with an RSA key made for the test,
and answers once it serves over HTTP. Its clock keeps the test's pinned clock (tests/clock.py),
as the Celery workers' do. ``sign_in_at_provider`` is the browser's part: from leavingcare's
start to the provider's sign-in page and back to leavingcare's callback.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

from sso.models import EmailClaim, SingleSignOn

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "provider-password-for-tests"


def new_rsa_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def callback_uri(slug: str) -> str:
    """The redirect URI leavingcare sends for a council (sso.services.sign_in.redirect_uri)."""
    return f"{settings.SITE_URL.rstrip('/')}/sso/{slug}/callback/"


def _clock_shift() -> float:
    """Seconds between this process's clock (pinned by tests/conftest.py) and the machine's."""
    if not time_machine.escape_hatch.is_travelling():
        return 0.0
    return time.time() - time_machine.escape_hatch.time.time()


@dataclass
class Provider:
    issuer: str
    private_key_pem: str
    process: subprocess.Popen
    log_path: Path
    applications: dict[str, dict] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.issuer.rsplit("/o", 1)[0] + path

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def sign_on_for(self, council, *, client_id: str, **overrides) -> SingleSignOn:
        """leavingcare's set-up for ``council``, pointing at this provider's application."""
        values = {
            "enabled": True,
            "button_label": f"Sign in with {council.name} account",
            "issuer_url": self.issuer,
            "client_id": client_id,
            "client_secret": self.applications[client_id]["client_secret"],
            "email_claim": EmailClaim.EMAIL,
            "allowed_email_domains": f"{council.slug}.example",
        } | overrides
        return SingleSignOn.objects.create(council=council, **values)


def provider_user(username: str, **claims) -> dict:
    return {"username": username, "password": PASSWORD, "claims": claims}


def application(client_id: str, *slugs: str, **extra) -> dict:
    return {
        "client_id": client_id,
        "client_secret": f"{client_id}-secret-0123456789abcdef",
        "redirect_uris": [callback_uri(slug) for slug in slugs],
    } | extra


def launch_provider(directory: Path, *, users: list[dict], applications: list[dict]) -> Provider:
    """Start a provider process with its spec and log in ``directory``; stop it with .stop()."""
    key = new_rsa_key_pem()
    directory.mkdir(parents=True, exist_ok=True)
    spec_path = directory / "provider.json"
    spec_path.write_text(
        json.dumps(
            {"users": users, "applications": applications, "foreign_key_pem": new_rsa_key_pem()}
        )
    )
    log_path = directory / "provider.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.sso.provider.serve", str(spec_path)],
            cwd=ROOT,
            env={
                **os.environ,
                "PROVIDER_RSA_PRIVATE_KEY": key,
                "PROVIDER_CLOCK_SHIFT": str(_clock_shift()),
                "PYTHONPATH": str(ROOT),
            },
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            start_new_session=True,
        )
    return Provider(
        issuer=_wait_ready(process, log_path),
        private_key_pem=key,
        process=process,
        log_path=log_path,
        applications={app["client_id"]: app for app in applications},
    )


@pytest.fixture
def identity_provider(tmp_path):
    """``identity_provider(users=[...], applications=[...])``: a provider for this test."""
    started: list[Provider] = []

    def start(*, users: list[dict], applications: list[dict]) -> Provider:
        directory = tmp_path / f"provider-{len(started)}"
        started.append(launch_provider(directory, users=users, applications=applications))
        return started[-1]

    yield start
    for provider in started:
        provider.stop()


def _wait_ready(process: subprocess.Popen, log_path: Path, timeout: float = 60) -> str:
    watcher = selectors.DefaultSelector()
    watcher.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if watcher.select(timeout=0.5):
            line = process.stdout.readline()
            if line.startswith("READY "):
                return line.split(" ", 1)[1].strip()
            if not line and process.poll() is not None:
                break
    os.killpg(process.pid, signal.SIGKILL)
    raise RuntimeError(f"The identity provider did not start:\n{log_path.read_text()[-3000:]}")


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sign_in_at_provider(authorize_url: str, *, username: str) -> str:
    """What a browser does at the provider: open the authorization request, sign in there
    with the provider's own form, and be sent back. The address it is sent back to."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:2000]
    login_url = requests.compat.urljoin(authorize_url, response.headers["Location"])
    form = browser.get(login_url, timeout=10)
    assert form.status_code == 200
    next_url = parse_qs(urlsplit(login_url).query)["next"][0]
    signed_in = browser.post(
        login_url,
        data={
            "username": username,
            "password": PASSWORD,
            "next": next_url,
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
        },
        headers={"Referer": login_url},
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    back = browser.get(
        requests.compat.urljoin(login_url, signed_in.headers["Location"]),
        allow_redirects=False,
        timeout=10,
    )
    assert back.status_code == 302, back.text[:2000]
    return back.headers["Location"]


def start_sign_in(client, slug: str, *, next_url: str = "") -> str:
    """Press the council's button: leavingcare answers with the provider's authorization
    request, which the browser follows."""
    response = client.get(f"/sso/{slug}/start/", {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def sign_in_through_provider(client, slug: str, *, username: str, next_url: str = ""):
    """The whole journey: leavingcare's button, the provider's sign-in, and leavingcare's
    answer at the callback (returned)."""
    back = sign_in_at_provider(start_sign_in(client, slug, next_url=next_url), username=username)
    return client.get(path_of(back))


def signed_in_user_id(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None
