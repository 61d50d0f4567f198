"""Plaid's request contract: checking a JSON body against the request schema of an endpoint, as generated from
plaid-python's models into assets/plaid_contract.json (tuilink.scripts.plaid_contract writes it and documents
its schema language).

`problems(contract, model, body)` walks the body along the schema and returns what is wrong with it: required
fields missing, fields the schema does not have, values of the wrong type or outside Plaid's checks. It does no
I/O and raises nothing: the sandbox turns problems into Plaid's error codes. The walk descends only into
declared objects and lists, so its depth is the schema's, whatever the body holds.
"""
from __future__ import annotations

import datetime as dt
import re
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
    _Walker(contract, out).check(model, body, "")
    return out


class _Walker:
    def __init__(self, contract: dict[str, Any], out: list[Problem]) -> None:
        self.models: dict[str, Any] = contract["models"]
        self.simple: dict[str, Any] = contract["simple"]
        self.out = out

    def check(self, kind: Any, value: Any, path: str, checks: dict[str, Any] | None = None) -> bool:
        """Whether `value` is of contract type `kind` (recording problems found inside it as it goes)."""
        test = _PRIMITIVE.get(kind) if isinstance(kind, str) else None
        if test is not None:  # the common case first: a plain string, number, boolean
            if not test(value):
                self.out.append(Problem("type", path, f"must be {_NAMES.get(kind, kind)}"))
                return False
            return self._checks(checks, value, path, None) if checks else True
        if isinstance(kind, list):
            return self._compound(kind, value, path)
        if kind in self.models:
            return self._model(kind, value, path)
        if kind in self.simple:
            entry = self.simple[kind]
            if not self.check(entry["type"], value, path):
                return False
            return self._checks(entry.get("checks"), value, path, kind)
        if not _is(kind, value):
            self.out.append(Problem("type", path, f"must be {_NAMES.get(kind, kind)}"))
            return False
        return self._checks(checks, value, path, None)

    def _compound(self, kind: list[Any], value: Any, path: str) -> bool:
        head = kind[0]
        if head == "null":
            return value is None or self.check(kind[1], value, path)
        if head == "list":
            if not isinstance(value, list):
                self.out.append(Problem("type", path, "must be an array"))
                return False
            ok = True
            for n, item in enumerate(value):
                ok = self.check(kind[1], item, f"{path}[{n}]") and ok
            return ok
        if head == "map":
            if not isinstance(value, dict):
                self.out.append(Problem("type", path, "must be an object"))
                return False
            ok = True
            for key, item in value.items():
                ok = self.check(kind[1], item, _join(path, str(key))) and ok
            return ok
        # one_of: the first alternative the value fits, with its problems; else a type problem
        for alternative in kind[1:]:
            trial: list[Problem] = []
            if _Walker({"models": self.models, "simple": self.simple}, trial).check(alternative, value, path):
                self.out.extend(trial)
                return True
        self.out.append(Problem("type", path, "does not match any of its documented shapes"))
        return False

    def _model(self, name: str, value: Any, path: str) -> bool:
        if not isinstance(value, dict):
            self.out.append(Problem("type", path, "must be an object"))
            return False
        schema = self.models[name]
        fields: dict[str, Any] = schema["fields"]
        checks: dict[str, Any] = schema.get("checks", {})
        ok = True
        for field in schema.get("required", ()):
            if field not in value or (value[field] is None and not _nullable(fields[field])):
                self.out.append(Problem("missing", _join(path, field)))
                ok = False
        for key, item in value.items():
            kind = fields.get(key)
            if kind is None:
                self.out.append(Problem("unknown", _join(path, str(key))))
                ok = False
            elif item is not None or _nullable(kind):  # null for an optional field: not given
                ok = self.check(kind, item, _join(path, key), checks.get(key)) and ok
        return ok

    def _checks(self, checks: dict[str, Any] | None, value: Any, path: str, schema: str | None) -> bool:
        if not checks:
            return True
        enum = checks.get("enum")
        if enum is not None and value not in enum:
            known = [str(v) for v in enum if v is not None]
            listed = ", ".join(known) if len(known) <= 25 else f"the {len(known)} documented values"
            self.out.append(Problem("check", path, f"{value!r} is not one of {listed}", schema))
            return False
        size = len(value) if isinstance(value, (str, list)) else None
        what = "items" if isinstance(value, list) else "characters"
        for check, limit in checks.items():
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
                self.out.append(Problem("check", path, f"must be {bound}" if check != "pattern" else f"must {bound}"))
                return False
        return True


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


def _is(kind: str, value: Any) -> bool:
    test = _PRIMITIVE.get(kind)
    return test is not None and bool(test(value))


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
