"""The provider's claims come from its own directory (the test's spec), as an identity
provider's do: leavingcare never sees the provider's users, only the claims in its ID tokens."""

from __future__ import annotations

import jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

#: username -> the claims the provider asserts about that user (set by serve.py from the spec)
DIRECTORY: dict[str, dict] = {}
#: client ids whose ID tokens this provider signs with a key it never published
FORGED_SIGNATURE: set[str] = set()
#: that key (PEM), set by serve.py
FOREIGN_KEY_PEM: str = ""


class DirectoryValidator(OAuth2Validator):
    # Every claim goes with the "openid" scope, as Entra ID's optional claims do.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return dict(DIRECTORY.get(request.user.get_username(), {}))

    def finalize_id_token(self, id_token, token, token_handler, request):
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if request.client.client_id not in FORGED_SIGNATURE:
            return signed
        # The same header (kid) and claims, signed with another key: what an attacker who
        # does not hold the provider's key would send.
        header = jwt.get_unverified_header(signed)
        claims = jwt.decode(signed, options={"verify_signature": False})
        return jwt.encode(
            claims, FOREIGN_KEY_PEM, algorithm="RS256", headers={"kid": header["kid"]}
        )
