"""The API's request parsers."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .text import NUL_MESSAGE, contains_nul


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing a NUL character anywhere in the body with a 400 and a reason
    (PostgreSQL cannot store it, so it would otherwise fail as a 500 on saving)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if contains_nul(data):
            raise ParseError(NUL_MESSAGE)
        return data
