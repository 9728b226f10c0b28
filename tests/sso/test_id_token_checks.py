"""Each check leavingcare makes of an ID token, against the real provider's discovery document
and JWKS over HTTP: tokens are made here with the provider's own key (or another), so that one
thing at a time is wrong."""

import hashlib
import hmac
import json
import time

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from jwt.utils import base64url_encode

from sso import oidc

from .conftest import application, launch_provider, new_rsa_key_pem

CLIENT_ID = "leavingcare-home"
NONCE = "the-nonce-leavingcare-sent"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """One provider for the module: only its discovery document and JWKS are used here."""
    provider = launch_provider(
        tmp_path_factory.mktemp("provider"),
        users=[],
        applications=[application(CLIENT_ID, "home")],
    )
    yield provider
    provider.stop()


@pytest.fixture
def metadata(provider):
    return oidc.discover(provider.issuer)


@pytest.fixture
def kid(provider):
    keys = requests.get(provider.issuer + "/.well-known/jwks.json", timeout=10).json()["keys"]
    assert len(keys) == 1
    return keys[0]["kid"]


def claims(provider, **changes) -> dict:
    now = int(time.time())
    values = {
        "iss": provider.issuer,
        "aud": CLIENT_ID,
        "sub": "42",
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
        "email": "pa@home.example",
    } | changes
    return {name: value for name, value in values.items() if value is not None}


def sign(payload: dict, key_pem: str, kid: str, algorithm: str = "RS256") -> str:
    return jwt.encode(payload, key_pem, algorithm=algorithm, headers={"kid": kid})


def verify(token: str, metadata) -> dict:
    return oidc.verify_id_token(token, metadata, client_id=CLIENT_ID, nonce=NONCE)


def test_it_accepts_a_token_the_provider_signed_for_leavingcare(provider, metadata, kid):
    assert metadata.issuer == provider.issuer
    token = sign(claims(provider), provider.private_key_pem, kid)
    assert verify(token, metadata)["email"] == "pa@home.example"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"aud": "another-application"}, "Audience doesn't match"),
        ({"iss": "https://login.example/someone-else/v2.0"}, "Invalid issuer"),
        ({"nonce": "a-nonce-from-another-flow"}, "nonce"),
        ({"nonce": None}, "nonce"),
        ({"exp": None}, "exp"),
        ({"aud": [CLIENT_ID, "another-application"]}, "several audiences"),
    ],
    ids=["audience", "issuer", "nonce", "no-nonce", "no-expiry", "several-audiences"],
)
def test_it_refuses_a_token_with_a_wrong_claim(provider, metadata, kid, change, problem):
    token = sign(claims(provider, **change), provider.private_key_pem, kid)
    with pytest.raises(oidc.OidcError, match=problem):
        verify(token, metadata)


def test_it_refuses_an_expired_token_and_one_from_the_future(provider, metadata, kid):
    now = int(time.time())
    skew = oidc.CLOCK_SKEW_SECONDS
    expired = sign(
        claims(provider, iat=now - 3600, exp=now - skew - 5), provider.private_key_pem, kid
    )
    with pytest.raises(oidc.OidcError, match="expired"):
        verify(expired, metadata)
    future = sign(
        claims(provider, iat=now + skew + 60, exp=now + 3600), provider.private_key_pem, kid
    )
    with pytest.raises(oidc.OidcError, match="not yet valid"):
        verify(future, metadata)
    # Within the allowed clock difference both are fine.
    near = sign(
        claims(provider, iat=now + skew - 5, exp=now - skew + 5), provider.private_key_pem, kid
    )
    assert verify(near, metadata)["sub"] == "42"


def test_it_refuses_a_token_signed_with_another_key(provider, metadata, kid):
    token = sign(claims(provider), new_rsa_key_pem(), kid)
    with pytest.raises(oidc.OidcError, match="Signature verification failed"):
        verify(token, metadata)


def test_it_refuses_a_key_the_provider_does_not_publish(provider, metadata):
    token = sign(claims(provider), provider.private_key_pem, "some-other-kid")
    with pytest.raises(oidc.OidcError, match="No key 'some-other-kid'"):
        verify(token, metadata)


def test_it_refuses_tokens_not_signed_with_rs256(provider, metadata, kid):
    unsigned = jwt.encode(claims(provider), None, algorithm="none", headers={"kid": kid})
    with pytest.raises(oidc.OidcError, match="signed with 'none'"):
        verify(unsigned, metadata)
    # The provider's public key used as an HMAC secret (the algorithm-confusion attack).
    jwks = requests.get(metadata.jwks_uri, timeout=10).json()
    public_pem = jwt.PyJWK.from_dict(jwks["keys"][0]).key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": kid}
    signing_input = b".".join(
        base64url_encode(json.dumps(part).encode()) for part in (header, claims(provider))
    )
    signature = hmac.new(public_pem, signing_input, hashlib.sha256).digest()
    confused = (signing_input + b"." + base64url_encode(signature)).decode()
    with pytest.raises(oidc.OidcError, match="signed with 'HS256'"):
        verify(confused, metadata)


def test_it_refuses_a_provider_whose_discovery_names_another_issuer(provider):
    # The same provider reached under another name: its document names 127.0.0.1, not us.
    elsewhere = provider.issuer.replace("127.0.0.1", "localhost")
    with pytest.raises(oidc.OidcError, match="names the issuer"):
        oidc.discover(elsewhere)
    with pytest.raises(oidc.OidcError, match="Could not read"):
        oidc.discover(provider.issuer + "/missing")
