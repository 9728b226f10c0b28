from django import template

from ..selectors import enabled_sign_ons

register = template.Library()


@register.inclusion_tag("sso/sign_in_link.html")
def sso_sign_in_link(next_url: str = ""):
    """The sign-in page's link to 'Sign in with your council's account', shown only when a
    council has turned single sign-on on."""
    return {"offered": enabled_sign_ons().exists(), "next": next_url}
