"""Display for the accounts pages: the authenticator app's set-up secret and QR code."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def secret_text(device: TOTPDevice) -> str:
    """The secret as an app asks for it to be typed: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The app's set-up link as an inline SVG QR code (no script, no image request), named for
    assistive technology; the secret is also shown as text beside it."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=4, box_size=10
    )
    svg = image.to_string(encoding="unicode")
    label = format_html(
        '<svg role="img" aria-label="{}" focusable="false" class="lc-qr-code" ',
        "QR code to scan with your authenticator app",
    )
    # The SVG is drawn by the qrcode library from our own link: no user text inside it.
    return mark_safe(svg.replace("<svg ", str(label), 1))  # noqa: S308
