"""The API reference page: the OpenAPI schema (drf-spectacular) turned into a GOV.UK page.

Swagger UI and ReDoc do not meet WCAG 2.2 AA, so the browsable documentation is this
server-rendered page, built from the same schema that ``/api/schema/`` serves; tools that
want the machine-readable schema download that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    responses: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    operations: list[Operation]


def _resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return components.get(ref.rsplit("/", 1)[1], {})
    return schema


def _type(schema: dict, components: dict) -> str:
    if "$ref" in schema:
        target = _resolve(schema, components)
        if "enum" in target:
            return "one of: " + ", ".join(str(v) for v in target["enum"] if v not in ("", None))
        return schema["$ref"].rsplit("/", 1)[1]
    if "allOf" in schema:
        return " and ".join(_type(s, components) for s in schema["allOf"])
    if "oneOf" in schema:
        return " or ".join(_type(s, components) for s in schema["oneOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}), components)}"
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"] if v not in ("", None))
    fmt = schema.get("format")
    return f"{kind} ({fmt})" if fmt else kind


def _body_fields(operation: dict, components: dict) -> list[Field]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = next(iter(content.values()), {}).get("schema", {}) if content else {}
    schema = _resolve(schema, components)
    required = set(schema.get("required", ()))
    return [
        Field(name, _type(prop, components), name in required, prop.get("description", ""))
        for name, prop in schema.get("properties", {}).items()
        if not prop.get("readOnly")
    ]


@cache
def sections() -> list[Section]:
    """The API's operations grouped by tag, in the schema's order (built once a process)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    by_tag: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            parameters = [
                Field(
                    f"{p['name']} ({p.get('in', '')})",
                    _type(p.get("schema", {}), components),
                    bool(p.get("required")),
                    p.get("description", ""),
                )
                for p in operation.get("parameters", [])
            ]
            responses = [
                (code, body.get("description", "")) for code, body in operation["responses"].items()
            ]
            tag = (operation.get("tags") or ["api"])[0]
            by_tag.setdefault(tag, []).append(
                Operation(
                    anchor=operation["operationId"].replace("_", "-"),
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=parameters,
                    body=_body_fields(operation, components),
                    responses=responses,
                )
            )
    return [
        Section(tag.replace("-", " ").replace("_", " ").capitalize(), f"tag-{tag}", operations)
        for tag, operations in by_tag.items()
    ]


def title_and_description() -> tuple[str, str]:
    from django.conf import settings

    spectacular = settings.SPECTACULAR_SETTINGS
    return spectacular["TITLE"], spectacular["DESCRIPTION"]
