"""The institution catalogue (`assets/institutions.json`) and institution search."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from .data import load


@dataclass(frozen=True)
class Institution:
    institution_id: str
    name: str
    country_codes: tuple[str, ...]
    products: tuple[str, ...]
    oauth: bool
    health: str
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
    def from_json(cls, raw: dict[str, Any]) -> Institution:
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})

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


def fold(text: str) -> str:
    """Casefolded, accent-free text for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Catalogue:
    def __init__(self, institutions: list[Institution]) -> None:
        self.institutions = institutions
        self._by_id = {i.institution_id: i for i in institutions}
        self._folded = [(fold(i.name), fold(i.name).replace("-", " ").split(), i) for i in institutions]

    def get(self, institution_id: str) -> Institution | None:
        return self._by_id.get(institution_id)

    def popular(self) -> list[Institution]:
        return [i for i in self.institutions if i.popular]

    def search(self, query: str, limit: int = 50) -> list[Institution]:
        """Ranked matches: exact name, name prefix, every query word a word prefix, substring."""
        q = fold(query).strip()
        if not q:
            return self.popular()[:limit]
        if q.isdigit() and len(q) == 9:
            return [i for i in self.institutions if q in i.routing_numbers][:limit]
        words = q.replace("-", " ").split()
        ranked: list[tuple[int, int, Institution]] = []
        for pos, (name, name_words, inst) in enumerate(self._folded):
            if name == q:
                rank = 0
            elif name.startswith(q):
                rank = 1
            elif all(any(w.startswith(qw) for w in name_words) for qw in words):
                rank = 2
            elif q in name:
                rank = 3
            else:
                continue
            ranked.append((rank, pos, inst))
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [inst for _, _, inst in ranked[:limit]]


@cache
def default_catalogue() -> Catalogue:
    return Catalogue([Institution.from_json(raw) for raw in load("institutions.json")["institutions"]])
