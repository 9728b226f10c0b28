"""The one way the service turns HTML into a PDF (WeasyPrint): pathway plans for the young
person, Corporate Parenting Panel packs and the reports generated for them."""

from __future__ import annotations


def html_to_pdf(html: str) -> bytes:
    """A PDF of ``html``. Relative links (the stylesheets of the PDF templates) resolve from
    the project's directory; nothing is fetched from the network."""
    from weasyprint import HTML  # imported here: loading it is slow and every page pays for it

    return HTML(string=html, base_url=".").write_pdf()
