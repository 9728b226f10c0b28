"""The OpenID Connect client: discovery, the authorization request (code flow with PKCE,
state and nonce), the code exchange and the ID token's checks.

Plain ``requests`` and PyJWT, so every check is here to read: the ID token must be signed
with RS256 by a key in the provider's JWKS, issued by the configured issuer to leavingcare's
client ID, unexpired, and carry the nonce leavingcare sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.core.cache import cache

#: Seconds to wait for the provider before giving up.
HTTP_TIMEOUT = 10
#: How far the provider's clock may be from ours when checking exp and iat.
CLOCK_SKEW_SECONDS = 60
#: How long discovery documents and key sets are reused before they are read again.
CACHE_SECONDS = 3600
SCOPES = "openid email profile"
ALGORITHM = "RS256"


class OidcError(Exception):
    """The provider could not be used, or what it sent fails a check. ``reason`` is a short
    code for the audit log; the message says what went wrong for the operator's log."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    token_endpoint_auth_methods: tuple[str, ...]


def _get_json(url: str, *, reason: str) -> dict:
    try:
        response = requests.get(url, timeout=HTTP_TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise OidcError(reason, f"Could not read {url}: {exc}") from exc
    if not isinstance(data, dict):
        raise OidcError(reason, f"{url} did not answer with a JSON object")
    return data


def _cache_key(kind: str, url: str) -> str:
    return f"sso:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


def discover(issuer_url: str, *, fresh: bool = False) -> ProviderMetadata:
    """The provider's settings from ``<issuer>/.well-known/openid-configuration``; the
    document must name the same issuer (OpenID Connect Discovery 1.0, section 4.3)."""
    url = issuer_url.rstrip("/") + "/.well-known/openid-configuration"
    key = _cache_key("discovery", url)
    data = None if fresh else cache.get(key)
    if data is None:
        data = _get_json(url, reason="discovery")
        issuer = str(data.get("issuer") or "")
        if issuer.rstrip("/") != issuer_url.rstrip("/"):
            raise OidcError("discovery", f"{url} names the issuer {issuer!r}, not {issuer_url!r}")
        missing = [
            name
            for name in ("authorization_endpoint", "token_endpoint", "jwks_uri")
            if not data.get(name)
        ]
        if missing:
            raise OidcError("discovery", f"{url} does not give {', '.join(missing)}")
        algorithms = data.get("id_token_signing_alg_values_supported")
        if algorithms is not None and ALGORITHM not in algorithms:
            raise OidcError("discovery", f"{url} does not offer {ALGORITHM} ID tokens")
        cache.set(key, data, CACHE_SECONDS)
    return ProviderMetadata(
        issuer=data["issuer"],
        authorization_endpoint=data["authorization_endpoint"],
        token_endpoint=data["token_endpoint"],
        jwks_uri=data["jwks_uri"],
        token_endpoint_auth_methods=tuple(
            data.get("token_endpoint_auth_methods_supported") or ("client_secret_basic",)
        ),
    )


def new_secret() -> str:
    """A value for state, nonce or the PKCE verifier: 256 random bits."""
    return secrets.token_urlsafe(32)


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge for ``verifier`` (RFC 7636, section 4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_url(
    metadata: ProviderMetadata,
    *,
    client_id: str,
    redirect_uri: str,
    state: str,
    nonce: str,
    code_verifier: str,
) -> str:
    params = {
        "response_type": "code",
        "response_mode": "query",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": SCOPES,
        "state": state,
        "nonce": nonce,
        "code_challenge": pkce_challenge(code_verifier),
        "code_challenge_method": "S256",
    }
    joiner = "&" if "?" in metadata.authorization_endpoint else "?"
    return metadata.authorization_endpoint + joiner + urlencode(params)


def exchange_code(
    metadata: ProviderMetadata,
    *,
    client_id: str,
    client_secret: str,
    code: str,
    redirect_uri: str,
    code_verifier: str,
) -> str:
    """Redeem the authorization code at the token endpoint; the ID token it answers with."""
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
        "client_id": client_id,
    }
    auth = None
    if "client_secret_post" in metadata.token_endpoint_auth_methods:
        data["client_secret"] = client_secret
    else:  # client_secret_basic, the default (RFC 6749, section 2.3.1: each part form-encoded)
        auth = (urlencode({"": client_id})[1:], urlencode({"": client_secret})[1:])
    try:
        response = requests.post(
            metadata.token_endpoint,
            data=data,
            auth=auth,
            timeout=HTTP_TIMEOUT,
            headers={"Accept": "application/json"},
        )
        body = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise OidcError("token", f"The token endpoint could not be used: {exc}") from exc
    if response.status_code != 200 or not isinstance(body, dict):
        error = body.get("error") if isinstance(body, dict) else ""
        raise OidcError("token", f"The token endpoint answered {response.status_code} {error}")
    id_token = body.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise OidcError("token", "The token endpoint answered without an ID token")
    return id_token


def _key_set(jwks_uri: str, *, fresh: bool) -> jwt.PyJWKSet:
    key = _cache_key("jwks", jwks_uri)
    data = None if fresh else cache.get(key)
    if data is None:
        data = _get_json(jwks_uri, reason="jwks")
        cache.set(key, data, CACHE_SECONDS)
    try:
        return jwt.PyJWKSet.from_dict(data)
    except jwt.PyJWKSetError as exc:
        raise OidcError("jwks", f"{jwks_uri} holds no usable key: {exc}") from exc


def _signing_key(metadata: ProviderMetadata, kid: str | None) -> jwt.PyJWK:
    """The provider's key named ``kid``; the key set is read again once if it is not there
    (the provider may have rolled its keys over)."""
    for fresh in (False, True):
        keys = [
            k
            for k in _key_set(metadata.jwks_uri, fresh=fresh).keys
            if k.public_key_use in (None, "sig") and k.key_type == "RSA"
        ]
        if kid is None and len(keys) == 1:
            return keys[0]
        for candidate in keys:
            if candidate.key_id == kid:
                return candidate
    raise OidcError("id_token", f"No key {kid!r} in the provider's key set")


def verify_id_token(
    id_token: str, metadata: ProviderMetadata, *, client_id: str, nonce: str
) -> dict:
    """The ID token's claims, once its signature (RS256, a key from the provider's JWKS),
    issuer, audience, expiry and nonce have been checked. Raises OidcError otherwise."""
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.InvalidTokenError as exc:
        raise OidcError("id_token", f"The ID token cannot be read: {exc}") from exc
    if header.get("alg") != ALGORITHM:
        raise OidcError("id_token", f"The ID token is signed with {header.get('alg')!r}")
    key = _signing_key(metadata, header.get("kid"))
    try:
        claims = jwt.decode(
            id_token,
            key,
            algorithms=[ALGORITHM],
            audience=client_id,
            issuer=metadata.issuer,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
    except jwt.InvalidTokenError as exc:
        raise OidcError("id_token", f"The ID token fails a check: {exc}") from exc
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise OidcError("id_token", "The ID token is for several audiences, not authorised to us")
    if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcError("id_token", "The ID token's nonce is not the one sent")
    return claims
