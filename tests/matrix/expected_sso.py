"""Single sign-on with a council's identity provider (sso/urls.py) and its admin page.

The choice of council is for people not yet signed in (everyone else goes home). Starting and
finishing the flow are 404 for a council without single sign-on turned on, as the matrix's
councils are: tests/sso/ drives both against a real provider."""

from sso.models import SingleSignOn

from .expected import admin_page, everyone


def _council(world) -> dict:
    return {"": {"slug": world.council.slug}}


def _sign_ons(world) -> dict:
    def sign_on(council):
        return SingleSignOn.objects.get_or_create(
            council=council,
            defaults={
                "button_label": f"Sign in with {council.name} account",
                "issuer_url": "https://login.example/tenant/v2.0",
                "client_id": "leavingcare",
                "allowed_email_domains": f"{council.slug}.example",
            },
        )[0]

    own, other = sign_on(world.council), sign_on(world.other_council)
    return {"own": {"object_id": str(own.pk)}, "other_council": {"object_id": str(other.pk)}}


EXPECTED = {
    "sso:choose": everyone(302, anon=200),
    "sso:start": everyone(404, anon=404),
    "sso:callback": everyone(404, anon=404),
    "admin:sso_singlesignon_add": admin_page(),
}

SAMPLES = {
    "sso:start": _council,
    "sso:callback": _council,
    "admin:sso_singlesignon_change": _sign_ons,
    "admin:sso_singlesignon_history": _sign_ons,
    "admin:sso_singlesignon_delete": _sign_ons,
    "admin:<admin/sso/singlesignon/{object_id}/>": _sign_ons,
}
