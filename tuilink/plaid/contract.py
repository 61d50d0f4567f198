"""Plaid's request contract: checking a JSON body against the request schema of an endpoint, as generated from
plaid-python's models into assets/plaid_contract.json (tuilink.scripts.plaid_contract writes it and documents
its schema language).

`problems(contract, model, body)` walks the body along the schema and returns what is wrong with it: required
fields missing, fields the schema does not have, values of the wrong type or outside Plaid's checks. It does no
I/O and raises nothing: the sandbox turns problems into Plaid's error codes. The walk descends only into
declared objects and lists, so its depth is the schema's, whatever the body holds. Each type's validator is
built once per contract (closures, no per-value dispatch on the schema): the server checks every request.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

Kind = Literal["missing", "unknown", "type", "check"]

_NAMES = {"str": "a string", "int": "an integer", "float": "a number", "bool": "a boolean",
          "date": "a date (YYYY-MM-DD)", "datetime": "an RFC 3339 date-time", "object": "an object",
          "list": "an array", "map": "an object"}


@dataclass(frozen=True)
class Problem:
    kind: Kind
    path: str  # dotted, with [n] for list items: user.client_user_id, products[1]
    detail: str = ""
    schema: str | None = None  # the enum schema a value is outside of (e.g. "Products")


def problems(contract: dict[str, Any], model: str, body: Any) -> list[Problem]:
    """Everything wrong with `body` as an instance of `model` (empty when it conforms)."""
    out: list[Problem] = []
    _compiler(contract).get(model)(body, "", out)
    return out


# A validator checks a value at a path, appends what is wrong to `out` and says whether the value fits. Paths
# are built lazily: a child's path is the tuple (parent path, key), rendered to text only for a problem, so a
# conforming body costs no string building.
PathRef = Any  # "" (the root) or (PathRef, str | int)
Validator = Callable[[Any, PathRef, list[Problem]], bool]


def _render(path: PathRef) -> str:
    parts: list[str | int] = []
    while path != "":
        path, key = path
        parts.append(key)
    text = ""
    for key in reversed(parts):
        text = f"{text}[{key}]" if isinstance(key, int) else _join(text, key)
    return text


class _Compiler:
    """Validators for one contract's types, each built once (a model's fields on its first use, so recursive
    models compile)."""

    def __init__(self, contract: dict[str, Any]) -> None:
        self.contract = contract
        self.models: dict[str, Any] = contract["models"]
        self.simple: dict[str, Any] = contract["simple"]
        self.built: dict[str, Validator] = {}

    def get(self, kind: Any, checks: dict[str, Any] | None = None) -> Validator:
        if isinstance(kind, list):
            return self._compound(kind)
        if checks and kind in _PRIMITIVE:  # a model's field with its own checks (a string's length, say)
            return _primitive(kind, _checker(checks, None))
        found = self.built.get(kind)
        if found is None:
            found = self.built[kind] = self._named(kind)
        return found

    def _named(self, kind: str) -> Validator:
        if kind in _PRIMITIVE:
            return _primitive(kind, None)
        if kind in self.models:
            return self._model(kind)
        if kind in self.simple:
            entry = self.simple[kind]
            inner, checker = self.get(entry["type"]), _checker(entry.get("checks"), kind)
            if checker is None:
                return inner
            return lambda value, path, out: inner(value, path, out) and checker(value, path, out)
        detail = f"must be {_NAMES.get(kind, kind)}"

        def unknown(value: Any, path: PathRef, out: list[Problem]) -> bool:
            out.append(Problem("type", _render(path), detail))
            return False
        return unknown

    def _compound(self, kind: list[Any]) -> Validator:
        head = kind[0]
        if head == "null":
            inner = self.get(kind[1])
            return lambda value, path, out: value is None or inner(value, path, out)
        if head == "list":
            each_item = self.get(kind[1])

            def items(value: Any, path: PathRef, out: list[Problem]) -> bool:
                if not isinstance(value, list):
                    out.append(Problem("type", _render(path), "must be an array"))
                    return False
                ok = True
                for n, item in enumerate(value):
                    ok = each_item(item, (path, n), out) and ok
                return ok
            return items
        if head == "map":
            each_value = self.get(kind[1])

            def entries(value: Any, path: PathRef, out: list[Problem]) -> bool:
                if not isinstance(value, dict):
                    out.append(Problem("type", _render(path), "must be an object"))
                    return False
                ok = True
                for key, item in value.items():
                    ok = each_value(item, (path, str(key)), out) and ok
                return ok
            return entries
        alternatives = [self.get(alternative) for alternative in kind[1:]]

        def one_of(value: Any, path: PathRef, out: list[Problem]) -> bool:
            """The first alternative the value fits, with its problems; else a type problem."""
            for alternative in alternatives:
                trial: list[Problem] = []
                if alternative(value, path, trial):
                    out.extend(trial)
                    return True
            out.append(Problem("type", _render(path), "does not match any of its documented shapes"))
            return False
        return one_of

    def _model(self, name: str) -> Validator:
        schema = self.models[name]
        fields: dict[str, Any] = schema["fields"]
        required = [(field, _nullable(fields[field])) for field in schema.get("required", ())]
        table: dict[str, tuple[Validator, bool]] = {}  # field -> (validator, nullable), filled on first use

        def model(value: Any, path: PathRef, out: list[Problem]) -> bool:
            if not isinstance(value, dict):
                out.append(Problem("type", _render(path), "must be an object"))
                return False
            if not table and fields:
                checks: dict[str, Any] = schema.get("checks", {})
                table.update({field: (self.get(kind, checks.get(field)), _nullable(kind))
                              for field, kind in fields.items()})
            ok = True
            for field, nullable in required:
                if field not in value or (value[field] is None and not nullable):
                    out.append(Problem("missing", _join(_render(path), field)))
                    ok = False
            for key, item in value.items():
                entry = table.get(key)
                if entry is None:
                    out.append(Problem("unknown", _join(_render(path), str(key))))
                    ok = False
                elif item is not None or entry[1]:  # null for an optional field: not given
                    ok = entry[0](item, (path, key), out) and ok
            return ok
        return model


_COMPILERS: list[_Compiler] = []  # the contracts seen lately (in practice one: the committed contract)


def _compiler(contract: dict[str, Any]) -> _Compiler:
    for compiler in _COMPILERS:
        if compiler.contract is contract:
            return compiler
    compiler = _Compiler(contract)
    _COMPILERS[:] = [compiler, *_COMPILERS[:3]]
    return compiler


def _primitive(kind: str, checker: Validator | None) -> Validator:
    test = _PRIMITIVE[kind]
    detail = f"must be {_NAMES.get(kind, kind)}"

    def primitive(value: Any, path: PathRef, out: list[Problem]) -> bool:
        if not test(value):
            out.append(Problem("type", _render(path), detail))
            return False
        return checker is None or checker(value, path, out)
    return primitive


def _checker(checks: dict[str, Any] | None, schema: str | None) -> Validator | None:
    """The validator of Plaid's checks on a value (its enum, lengths, bounds, pattern), None when there are none."""
    if not checks:
        return None
    enum = checks.get("enum")
    members = frozenset(v for v in enum if v is None or isinstance(v, (str, int, float))) if enum is not None else None
    if enum is not None:
        known = [str(v) for v in enum if v is not None]
        listed = ", ".join(known) if len(known) <= 25 else f"the {len(known)} documented values"
    bounds = [(check, limit) for check, limit in checks.items() if check != "enum"]

    def checker(value: Any, path: PathRef, out: list[Problem]) -> bool:
        if enum is not None:
            try:
                member = value in members  # type: ignore[operator]
            except TypeError:  # an unhashable value: no member of an enum
                member = False
            if not member:
                out.append(Problem("check", _render(path), f"{value!r} is not one of {listed}", schema))
                return False
        if not bounds:
            return True
        size = len(value) if isinstance(value, (str, list)) else None
        what = "items" if isinstance(value, list) else "characters"
        for check, limit in bounds:
            failed = ((check in ("min_length", "min_items") and size is not None and size < limit)
                      or (check in ("max_length", "max_items") and size is not None and size > limit)
                      or (check == "minimum" and _number(value) and value < limit)
                      or (check == "maximum" and _number(value) and value > limit)
                      or (check == "exclusive_minimum" and _number(value) and value <= limit)
                      or (check == "exclusive_maximum" and _number(value) and value >= limit)
                      or (check == "pattern" and isinstance(value, str) and not _pattern(limit).search(value)))
            if failed:
                bound = {"min_length": f"at least {limit} {what}", "min_items": f"at least {limit} {what}",
                         "max_length": f"at most {limit} {what}", "max_items": f"at most {limit} {what}",
                         "minimum": f"at least {limit}", "maximum": f"at most {limit}",
                         "exclusive_minimum": f"more than {limit}", "exclusive_maximum": f"less than {limit}",
                         "pattern": f"match {limit}"}[check]
                detail = f"must be {bound}" if check != "pattern" else f"must {bound}"
                out.append(Problem("check", _render(path), detail))
                return False
        return True
    return checker


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _nullable(kind: Any) -> bool:
    return isinstance(kind, list) and kind[0] == "null"


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@cache
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


_PRIMITIVE: dict[str, Any] = {
    "str": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": _number,
    "bool": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "list": lambda v: isinstance(v, list),
    "date": lambda v: isinstance(v, str) and _date(v),
    "datetime": lambda v: isinstance(v, str) and _datetime(v),
    "any": lambda v: True,
}


def _date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _datetime(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return "T" in text.upper() or " " in text
