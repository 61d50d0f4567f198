"""Generate assets/plaid_contract.json: the request contract of every endpoint `tuilink serve` answers, read
from the pinned plaid-python's models (which Plaid generates from its OpenAPI spec).

    make contract        (= .venv/bin/python -m tuilink.scripts.plaid_contract)

plaid-python is a test-only dependency: only this generator and the tests import it. At run time the server
reads the generated file (tuilink.plaid.contract), so what Plaid documents is what tuilink accepts, without
plaid-python's import cost. A test fails when the committed file drifts from what this writes.

The file's schema language (read by tuilink.plaid.contract):
- a type is "str", "int", "float", "bool", "date", "datetime", "object" (any JSON object), "any", the name of
  an entry of "models" (an object schema) or of "simple" (a constrained string/number, usually an enum),
  ["list", T], ["map", T] (an object whose values are T), ["null", T] (T or JSON null) or ["one_of", T, …];
- a model is {"fields": {json name: type}, "required": [names], "checks": {name: {check: value}}}, the checks
  being Plaid's: enum, min_length, max_length, min_items, max_items, minimum, maximum, pattern;
- a simple type is {"type": T, "checks": {…}}.
"""
from __future__ import annotations

import datetime as dt
import inspect
import json
import re
import sys
from pathlib import Path
from typing import Any

from ..sandbox.api import ENDPOINTS

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "assets" / "plaid_contract.json"

# plaid-python's validation keys → the contract's
_CHECKS = {"min_length": "min_length", "max_length": "max_length", "min_items": "min_items",
           "max_items": "max_items", "inclusive_minimum": "minimum", "inclusive_maximum": "maximum",
           "exclusive_minimum": "exclusive_minimum", "exclusive_maximum": "exclusive_maximum"}
# The enums tuilink's own code reads, by the name it reads them under: (schema, field) or schema.
_ENUMS = {
    "products": ("Products", None),
    "country_codes": ("CountryCode", None),
    "processors": ("ProcessorTokenCreateRequest", "processor"),
    "webhook_types": ("SandboxItemFireWebhookRequest", "webhook_type"),
    "webhook_codes": ("SandboxItemFireWebhookRequest", "webhook_code"),
    "account_types": ("AccountType", None),
}


class _Generator:
    def __init__(self) -> None:
        import plaid.model_utils as mu

        self.mu = mu
        self.models: dict[str, Any] = {}
        self.simple: dict[str, Any] = {}

    def type_of(self, spec: tuple[Any, ...]) -> Any:
        """A contract type for one of plaid-python's openapi_types tuples."""
        mu = self.mu
        nullable = mu.none_type in spec
        kinds = [self.one(t) for t in spec if t is not mu.none_type]
        free = {"bool", "date", "datetime", "object", "float", "int", "list", "str"}
        if {k for k in kinds if isinstance(k, str)} >= free:  # any JSON value
            return "any"
        out = kinds[0] if len(kinds) == 1 else ["one_of", *kinds]
        return ["null", out] if nullable else out

    def one(self, t: Any) -> Any:
        mu = self.mu
        if isinstance(t, list):
            return ["list", self.type_of(tuple(t))]
        if isinstance(t, dict):
            (values,) = t.values()
            return ["map", self.type_of(values)]
        primitive = {str: "str", int: "int", float: "float", bool: "bool", dt.date: "date", dt.datetime: "datetime",
                     dict: "object", list: "list", mu.file_type: "str"}
        if t in primitive:
            return primitive[t]
        if isinstance(t, type) and issubclass(t, mu.ModelSimple):
            self.simple_model(t)
            return t.__name__
        if isinstance(t, type) and issubclass(t, mu.ModelComposed):
            return self.composed_model(t)
        if isinstance(t, type) and issubclass(t, mu.ModelNormal):
            self.model(t)
            return t.__name__
        raise TypeError(f"unknown plaid-python type {t!r}")

    def checks(self, cls: Any, attr: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        allowed = cls.allowed_values.get((attr,))
        if allowed:
            out["enum"] = list(allowed.values())
        for key, value in cls.validations.get((attr,), {}).items():
            if key == "regex":
                out["pattern"] = value["pattern"]
            else:
                out[_CHECKS[key]] = value
        return out

    def simple_model(self, cls: Any) -> None:
        if cls.__name__ in self.simple:
            return
        self.simple[cls.__name__] = {}
        entry: dict[str, Any] = {"type": self.type_of(cls.openapi_types["value"])}
        checks = self.checks(cls, "value")
        if checks:
            entry["checks"] = checks
        self.simple[cls.__name__] = entry

    def composed_model(self, cls: Any) -> Any:
        """allOf: the fields of every part in one model; oneOf/anyOf: one of the parts."""
        schemas = cls._composed_schemas
        if schemas.get("allOf"):
            return self.model(cls, extra=schemas["allOf"])
        parts = [self.one(p) for p in (schemas.get("oneOf") or []) + (schemas.get("anyOf") or [])]
        return parts[0] if len(parts) == 1 else ["one_of", *parts]

    def model(self, cls: Any, extra: list[Any] | None = None) -> str:
        name = cls.__name__
        if name in self.models:
            return name
        self.models[name] = {}
        fields: dict[str, Any] = {}
        checks: dict[str, Any] = {}
        required: list[str] = []
        for part in [cls, *(extra or [])]:
            types = part.openapi_types
            for attr, wire in part.attribute_map.items():
                fields[wire] = self.type_of(types[attr])
                found = self.checks(part, attr)
                if found:
                    checks[wire] = found
            signature = inspect.signature(part._from_openapi_data)
            required += [part.attribute_map[p] for p, param in signature.parameters.items()
                         if param.kind is param.POSITIONAL_OR_KEYWORD and p not in ("cls", "self")
                         and part.attribute_map[p] not in required]
        entry: dict[str, Any] = {"fields": fields}
        if required:
            entry["required"] = required
        if checks:
            entry["checks"] = checks
        self.models[name] = entry
        return name


def _languages(cls: Any) -> list[str]:
    """The languages Link supports, as the docstring of LinkTokenCreateRequest's `language` lists them (the
    schema leaves the field a plain string)."""
    doc = inspect.getdoc(cls._from_openapi_data) or ""
    line = next(line for line in doc.splitlines() if line.strip().startswith("language (str)"))
    return re.findall(r"\(`'([a-z]{2})'`\)", line)


def generate() -> dict[str, Any]:
    from importlib.metadata import version

    import plaid
    from plaid.api.plaid_api import PlaidApi
    from plaid.model.link_token_create_request import LinkTokenCreateRequest

    api = PlaidApi(plaid.ApiClient(plaid.Configuration()))
    by_path = {}
    for attr in dir(api):
        endpoint = getattr(api, attr)
        if attr.endswith("_endpoint") and hasattr(endpoint, "settings"):
            by_path[endpoint.settings["endpoint_path"]] = endpoint
    gen = _Generator()
    endpoints = {}
    served = [path for path in ENDPOINTS if not path.startswith("/tuilink/")]
    for path in served:
        endpoint = by_path[path]
        (param,) = [name for name, where in endpoint.location_map.items() if where == "body"]
        endpoints[path] = gen.model(endpoint.openapi_types[param][0])
    enums: dict[str, list[str]] = {}
    for name, (schema, field) in _ENUMS.items():
        cls = _model_class(schema)
        if field is not None and not cls.allowed_values.get((field,)):  # the field's type is an enum schema
            cls = cls.openapi_types[field][0]
            field = None
        if field is None:
            gen.simple_model(cls)
            enums[name] = gen.simple[cls.__name__]["checks"]["enum"]
        else:
            enums[name] = gen.checks(cls, field)["enum"]
    enums["languages"] = _languages(LinkTokenCreateRequest)
    return {
        "_comment": "Generated by `make contract` from plaid-python's models (Plaid generates them from its OpenAPI "
                    "spec): the request schema of every endpoint tuilink serves. Do not edit; regenerate.",
        "plaid_python": version("plaid-python"),
        "endpoints": endpoints,
        "enums": enums,
        "models": dict(sorted(gen.models.items())),
        "simple": dict(sorted(gen.simple.items())),
    }


def _model_class(name: str) -> Any:
    import importlib

    module = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    candidates = [module, re.sub(r"_(\d)", r"\1", module)]
    for candidate in candidates:
        try:
            return getattr(importlib.import_module(f"plaid.model.{candidate}"), name)
        except (ImportError, AttributeError):
            continue
    raise LookupError(name)


def render(contract: dict[str, Any]) -> str:
    """The file's text: one line per model, so a diff shows which schema changed."""
    lines = ["{"]
    top = list(contract.items())
    for n, (key, value) in enumerate(top):
        comma = "," if n < len(top) - 1 else ""
        if isinstance(value, dict) and key in ("models", "simple", "endpoints", "enums"):
            lines.append(f" {json.dumps(key)}: {{")
            items = list(value.items())
            for m, (name, entry) in enumerate(items):
                inner = "," if m < len(items) - 1 else ""
                lines.append(f"  {json.dumps(name)}: {json.dumps(entry, separators=(',', ':'))}{inner}")
            lines.append(f" }}{comma}")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    text = render(generate())
    TARGET.write_text(text)
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(text):,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
