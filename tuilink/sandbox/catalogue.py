"""The institution catalogue (`assets/institutions.json`) and institution search."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ..link.data import load
from ..plaid.enums import Health
from .search import SearchIndex


@dataclass(frozen=True, slots=True)
class Institution:
    institution_id: str
    name: str
    country_codes: tuple[str, ...]
    products: tuple[str, ...]
    oauth: bool
    health: Health
    supported: bool
    auth_methods: tuple[str, ...]
    routing_numbers: tuple[str, ...]
    credentials: tuple[dict[str, str], ...]
    mfa: tuple[str, ...]
    url: str
    primary_color: str
    sandbox: bool
    note: str
    popular: bool

    @classmethod
    def from_json(cls, raw: dict[str, Any], shared: dict[Any, Any] | None = None) -> Institution:
        """`shared`: equal tuples (products, countries, credentials…) become one object across institutions, which
        keeps a 12,000-institution catalogue small."""
        fields: dict[str, Any] = {}
        for key, value in raw.items():
            if key in ("health", "note") and shared is not None:
                value = shared.setdefault(value, value)  # few distinct values: one object each
            if isinstance(value, list):
                value = tuple(tuple(sorted(v.items())) if isinstance(v, dict) else v for v in value)
                if shared is not None:
                    value = shared.setdefault(value, value)
                value = tuple(dict(v) if isinstance(v, tuple) else v for v in value) if key == "credentials" \
                    else value
            fields[key] = value
        return cls(**fields)

    def supports(self, products: list[str], country_codes: list[str]) -> bool:
        """Whether the institution offers these products in these countries (else "Connectivity not supported").
        An institution Plaid no longer supports is still listed: picking it is an error."""
        return (
            set(products) <= set(self.products)
            and bool(set(country_codes) & set(self.country_codes))
        )

    @property
    def needs_pin(self) -> bool:
        return any(c["name"] == "pin" for c in self.credentials)


class Catalogue:
    def __init__(self, institutions: list[Institution]) -> None:
        self.institutions = institutions
        self._by_id = {i.institution_id: i for i in institutions}
        self._index: SearchIndex | None = None  # built on the first search

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.institutions)
        return self._index

    def get(self, institution_id: str) -> Institution | None:
        return self._by_id.get(institution_id)

    def popular(self) -> list[Institution]:
        return [i for i in self.institutions if i.popular]

    def search(self, query: str, limit: int = 50) -> list[Institution]:
        """Ranked matches (tuilink.sandbox.search); the popular institutions for an empty query."""
        if not query.strip():
            return self.popular()[:limit]
        return [self.institutions[n] for n in self.index.search(query, limit)]

    def with_routing_number(self, routing: str) -> list[Institution]:
        return [self.institutions[n] for n in self.index.routing.get(routing)]


class CatalogueError(ValueError):
    """A catalogue file that cannot be used (the message is one line for the user)."""


_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "institution_id": str, "name": str, "country_codes": list, "products": list, "oauth": bool, "health": str,
    "supported": bool, "auth_methods": list, "routing_numbers": list, "credentials": list, "mfa": list,
    "url": str, "primary_color": str, "sandbox": bool, "note": str, "popular": bool,
}


def institutions_from(raw: Any, where: str) -> list[Institution]:
    """Institutions from a parsed catalogue ({"institutions": [...]}), checked field by field."""
    entries = raw.get("institutions") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise CatalogueError(f"{where}: expected a JSON object with an \"institutions\" list")
    reader = _Reader(where)
    return [reader.institution(n, entry) for n, entry in enumerate(entries)]


class _Reader:
    """Checks entries one at a time, sharing equal tuples between them and refusing a repeated id."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.shared: dict[Any, Any] = {}
        self.seen: set[str] = set()

    def institution(self, n: int, entry: Any) -> Institution:
        where = self.where
        if not isinstance(entry, dict):
            raise CatalogueError(f"{where}: institutions[{n}] is not an object")
        missing = [k for k in _FIELD_TYPES if k not in entry]
        unknown = [k for k in entry if k not in _FIELD_TYPES]
        wrong = [k for k, t in _FIELD_TYPES.items() if k in entry and not isinstance(entry[k], t)]
        if missing or unknown or wrong:
            problem = (f"missing {', '.join(missing)}" if missing else f"unknown field {', '.join(unknown)}"
                       if unknown else f"{wrong[0]} should be {_FIELD_TYPES[wrong[0]].__name__}")  # type: ignore[union-attr]
            raise CatalogueError(f"{where}: institutions[{n}] ({entry.get('institution_id', '?')}): {problem}")
        if entry["institution_id"] in self.seen:
            raise CatalogueError(f"{where}: institution_id {entry['institution_id']} appears twice")
        self.seen.add(entry["institution_id"])
        return Institution.from_json(entry, self.shared)


def _read_lines(path: str) -> list[Institution] | None:
    """The catalogue read one institution per line (the layout `generate-catalogue` writes), so the parsed
    JSON of the whole file never sits in memory at once; None when the file is laid out otherwise."""
    import json

    reader = _Reader(path)
    result: list[Institution] = []
    with open(path, encoding="utf-8") as f:
        if f.readline().strip() != '{"institutions":[':
            return None
        for line in f:
            line = line.strip()
            if line in ("]}", ""):
                continue
            try:
                entry = json.loads(line.removesuffix(","))
            except ValueError:
                return None
            result.append(reader.institution(len(result), entry))
    return result


def load_catalogue(path: str) -> Catalogue:
    """A catalogue file (the shape of assets/institutions.json, e.g. from `tuilink sandbox
    generate-catalogue`). The Sandbox's own test institutions are added where the file lacks them."""
    import json

    try:
        institutions = _read_lines(path)
        if institutions is None:
            with open(path, encoding="utf-8") as f:
                institutions = institutions_from(json.load(f), path)
    except OSError as exc:
        raise CatalogueError(f"{path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        if isinstance(exc, CatalogueError):
            raise
        raise CatalogueError(f"{path}: not JSON ({exc})") from None
    present = {i.institution_id for i in institutions}
    missing = [i for i in default_catalogue().institutions if i.sandbox and i.institution_id not in present]
    return Catalogue(missing + institutions)


@cache
def default_catalogue() -> Catalogue:
    return Catalogue(institutions_from(load("institutions.json"), "assets/institutions.json"))
