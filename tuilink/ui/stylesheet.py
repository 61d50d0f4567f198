"""A stylesheet whose parsed rules every app in the process shares.

Textual parses an app's CSS (its own and every widget's DEFAULT_CSS) into rule sets cached per stylesheet,
and parses all of it again when the theme is set. A scripted run opens one app per flow, so each flow paid
for parsing the same CSS at least twice: about a tenth of a flow's time. Here the parsed rules are kept per
process, keyed by the CSS, where it came from and the theme's variables, so only the first app parses.
Rule sets are only read once parsed (Textual's own cache already hands the same ones to every parse).
"""
from __future__ import annotations

from typing import Any, ClassVar

from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet


class SharedStylesheet(Stylesheet):
    _shared: ClassVar[LRUCache[tuple[Any, ...], list[RuleSet]]] = LRUCache(1024)

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._variables_key: tuple[tuple[str, str], ...] | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._variables_key = None

    def _parse_rules(self, css: str, read_from: Any, is_default_rules: bool = False, tie_breaker: int = 0,
                     scope: str = "") -> list[RuleSet]:
        if self._variables_key is None:
            self._variables_key = tuple(sorted(self._variables.items()))
        key = (css, read_from, is_default_rules, tie_breaker, scope, self._variables_key)
        rules = self._shared.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if not any(rule.errors for rule in rules):
                self._shared[key] = rules
        return rules

    def reparse(self) -> None:
        """Textual's `Stylesheet.reparse` (parse into a fresh stylesheet, keep the result only if it parsed),
        with a fresh stylesheet of this class, so it reads the shared rules too."""
        fresh = SharedStylesheet(variables=self._variables)
        for read_from, source in self.source.items():
            fresh.add_source(source.content, read_from=read_from, is_default_css=source.is_defaults,
                             tie_breaker=source.tie_breaker, scope=source.scope)
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
