"""Walks every URL pattern the project registers and builds a path for each."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or "namespace:<route text>" for an unnamed pattern
    template: str  # the path with {param} placeholders
    params: tuple[str, ...]

    def path(self, values: dict[str, str]) -> str:
        return "/" + self.template.format(**values)


def _template(pattern) -> str:
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        return _ROUTE_PARAM.sub(lambda m: "{" + m.group("name") + "}", text)
    if isinstance(pattern, RegexPattern):
        text = _REGEX_PARAM.sub(lambda m: "{" + m.group("name") + "}", text)
        return text.lstrip("^").rstrip("$").replace("\\", "")
    raise TypeError(pattern)


def walk(resolver: URLResolver | None = None, namespace: str = "", prefix: str = "") -> list[Route]:
    resolver = resolver or get_resolver()
    routes: list[Route] = []
    for entry in resolver.url_patterns:
        template = prefix + _template(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = ":".join(p for p in (namespace, entry.namespace) if p)
            routes += walk(entry, ns, template)
        elif isinstance(entry, URLPattern):
            label = entry.name or f"<{template}>"
            key = f"{namespace}:{label}" if namespace else label
            params = tuple(re.findall(r"{(\w+)}", template))
            routes.append(Route(key=key, template=template, params=params))
    return routes
