"""Content Security Policy violation reports, as browsers send them to ``core:csp-report``.

The policy itself is ``SECURE_CSP`` in the base settings (docs/operations.md). A browser that
refuses something under it POSTs a report: one ``{"csp-report": {...}}`` object for the
policy's ``report-uri``, or a list of ``{"type": "csp-violation", "body": {...}}`` from the
Reporting API. Each violation is logged at WARNING on the ``leavingcare.csp`` logger.

A report is written by whoever sends it, so it is treated as untrusted: the body is size
limited, only known fields are kept, each is cut short and stripped of control characters,
and URLs lose their query string and fragment (which may carry search terms, never logged).
"""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit, urlunsplit

logger = logging.getLogger("leavingcare.csp")

#: The largest report accepted, in bytes; a real one is well under 2 KB.
MAX_REPORT_BYTES = 16 * 1024
#: The longest value kept from a field.
MAX_FIELD_LENGTH = 200

# Field names in a report-uri report, then in a Reporting API report, for each logged field.
_FIELDS = {
    "document": ("document-uri", "documentURL"),
    "directive": ("effective-directive", "effectiveDirective"),
    "violated": ("violated-directive", "violatedDirective"),
    "blocked": ("blocked-uri", "blockedURL"),
    "source": ("source-file", "sourceFile"),
    "line": ("line-number", "lineNumber"),
    "column": ("column-number", "columnNumber"),
    "disposition": ("disposition", "disposition"),
}
_URL_FIELDS = {"document", "blocked", "source"}


class NotAReport(ValueError):
    """The body is not a CSP violation report."""


def _clean(value: object, *, url: bool) -> str:
    text = str(value)
    if url and "://" in text:
        parts = urlsplit(text)
        text = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text[:MAX_FIELD_LENGTH]


def _violation(raw: object) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise NotAReport("a report is a JSON object")
    violation = {}
    for name, keys in _FIELDS.items():
        value = next((raw[key] for key in keys if raw.get(key) not in (None, "")), "")
        violation[name] = _clean(value, url=name in _URL_FIELDS)
    if not (violation["directive"] or violation["violated"]):
        raise NotAReport("a report names the directive violated")
    return violation


def violations_in(body: bytes) -> list[dict[str, str]]:
    """The violations a report body describes; ``NotAReport`` if it describes none."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotAReport("the body is not JSON") from exc
    if isinstance(data, dict) and "csp-report" in data:
        return [_violation(data["csp-report"])]
    if isinstance(data, list):
        reports = [r for r in data if isinstance(r, dict) and r.get("type") == "csp-violation"]
        if reports:
            return [_violation(report.get("body")) for report in reports]
    raise NotAReport("no CSP violation in the body")


def log_violations(violations: list[dict[str, str]]) -> None:
    for violation in violations:
        logger.warning(
            "Content Security Policy violation: %s refused %s on %s (source %s, line %s, %s)",
            violation["directive"] or violation["violated"],
            violation["blocked"] or "(nothing named)",
            violation["document"] or "(unknown page)",
            violation["source"] or "(none)",
            violation["line"] or "?",
            violation["disposition"] or "enforce",
            extra={"csp_violation": violation},
        )
