"""A real OpenID Connect provider for the single sign-on tests.

django-oauth-toolkit (``oauth2_provider``) with OpenID Connect on, run by the tests as a
process of its own (``python -m tests.sso.provider.serve SPEC``): its own users, sessions and
database, as a council's identity provider has, and served over real HTTP. leavingcare's client
talks to it exactly as it talks to Microsoft Entra ID: discovery, the authorization endpoint,
the token endpoint and the JWKS. See tests/sso/conftest.py for how a test starts one.
"""
