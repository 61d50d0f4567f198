"""No English in the UI's code: what the screens and widgets show comes from the message catalogues.

An AST check over tuilink/ui: every text handed to a widget (a Static's content, a Button's or RadioButton's
label, an Input's placeholder, a border title, a notification, a palette command, the `title`/`text`/
`primary`/… helpers), every text a rendering method returns (`heading`, `message`, …) and every piece of a
Rich label must be a catalogue lookup or data — never a string literal with letters in it. Ids, CSS classes,
variants and styles are not text. A binding shown in the key-hints bar has its description in the catalogues.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tuilink.copy import catalogue

UI = Path(__file__).resolve().parents[2] / "tuilink" / "ui"
FILES = sorted(p for p in UI.rglob("*.py"))

# Callables that put text on screen → the positional arguments that are text.
SHOWN = {
    "Static": (0,), "Label": (0,), "Button": (0,), "RadioButton": (0,), "Option": (0,), "Text": (0,),
    "title": (0,), "text": (0,), "primary": (0,), "secondary": (0,), "labelled_input": (0,),
    "DataTypesToggle": (0,), "CardHeader": (0,), "SystemCommand": (0, 1), "PromptScreen": (0, 1),
    "notify": (0,), "update": (0,), "append": (0,), "HintsPanel": (), "EventsPanel": (), "Input": (),
}
TEXT_KEYWORDS = {"placeholder", "label", "title", "prompt", "help", "tooltip", "message", "renderable", "content"}
SHOWN_ATTRIBUTES = {"border_title", "border_subtitle", "tooltip"}
RENDERING_METHODS = {"heading", "message", "intro", "footnote", "choices", "header_title", "summary"}
LOOKUP_METHODS = {"t", "_t"}  # PaneScreen.t, LinkApp.t, LinkSession._t: catalogue lookups


def _has_letters(value: str) -> bool:
    return any("a" <= c.lower() <= "z" for c in value)


class Checker(ast.NodeVisitor):
    """Finds English literals flowing into widgets in one module."""

    def __init__(self, source: str) -> None:
        self.tree = ast.parse(source)
        self.lookups = set()  # local names bound to catalogue lookups
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "copy":
                self.lookups |= {alias.asname or alias.name for alias in node.names
                                 if alias.name in ("text", "plural")}
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute) \
                    and node.value.attr in LOOKUP_METHODS:
                self.lookups |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        self.found: list[tuple[int, str]] = []

    def run(self) -> list[tuple[int, str]]:
        self.visit(self.tree)
        return self.found

    def _is_lookup(self, call: ast.Call) -> bool:
        func = call.func
        return (isinstance(func, ast.Name) and func.id in self.lookups) or (
            isinstance(func, ast.Attribute) and func.attr in LOOKUP_METHODS)

    def check(self, node: ast.AST | None) -> None:
        """Report every English literal in an expression whose value ends up on screen."""
        if node is None:
            return
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str) and _has_letters(node.value):
                self.found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            for part in node.values:
                self.check(part)
        elif isinstance(node, ast.FormattedValue):
            self.check(node.value)
        elif isinstance(node, ast.Call):
            if self._is_lookup(node):
                return
            for arg in node.args:
                self.check(arg)
            for keyword in node.keywords:
                if keyword.arg in TEXT_KEYWORDS or keyword.arg is None:
                    self.check(keyword.value)
            if isinstance(node.func, ast.Attribute):  # "\n".join(...), "sep".format(...)
                self.check(node.func.value)
        elif isinstance(node, ast.IfExp):
            self.check(node.body)
            self.check(node.orelse)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                self.check(value)
        elif isinstance(node, ast.BinOp):
            self.check(node.left)
            self.check(node.right)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            for element in node.elts:
                self.check(element)
        elif isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            self.check(node.elt)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in SHOWN and not self._is_lookup(node):
            for position in SHOWN[name]:
                if position < len(node.args):
                    self.check(node.args[position])
            for keyword in node.keywords:
                if keyword.arg in TEXT_KEYWORDS:
                    self.check(keyword.value)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if any(isinstance(t, ast.Attribute) and t.attr in SHOWN_ATTRIBUTES for t in node.targets):
            self.check(node.value)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node.name in RENDERING_METHODS:
            for child in ast.walk(node):
                if isinstance(child, ast.Return):
                    self.check(self._labels(child.value) if node.name == "choices" else child.value)
        self.generic_visit(node)

    @staticmethod
    def _labels(choices: ast.AST | None) -> ast.AST | None:
        """`choices()` returns (value, label) pairs: the values are ids, the labels are text."""
        if isinstance(choices, ast.List):
            return ast.List(elts=[e.elts[1] if isinstance(e, ast.Tuple) else e for e in choices.elts])
        if isinstance(choices, ast.ListComp) and isinstance(choices.elt, ast.Tuple):
            return choices.elt.elts[1]
        return choices

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]


def english_in(source: str) -> list[tuple[int, str]]:
    return Checker(source).run()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(UI)))
def test_the_ui_shows_no_english_literal(path):
    assert english_in(path.read_text()) == [], f"{path.name}: literal text on screen, not from the catalogues"


def test_the_check_covers_every_screen():
    names = {p.name for p in FILES}
    assert {"consent.py", "credential.py", "mfa.py", "numbers.py", "exit.py", "result.py", "prompt.py",
            "status.py", "base.py", "panels.py", "key_hints.py", "app.py"} <= names


@pytest.mark.parametrize("source", [
    'Static("Are you sure?")',
    'yield primary(f"Approve access for {client}", "approve")',
    'title("Welcome back" if a else self.t("common.welcome_back"))',
    'Input(placeholder="Search institutions", id="search")',
    'panel.border_title = "Events"',
    'label.append(" unsupported", style="dim")',
    'self.notify("Copied", severity="information")',
    'self.notify(self.t("result.copied"), title="Copied")',
    'class S:\n    def heading(self):\n        return "Deposit sent"',
    'class S:\n    def choices(self):\n        return [("checking", "Checking")]',
    'SystemCommand(t("palette.hints"), "Show or hide the hints", action)',
    'text(", ".join(["Account info"]))',
])
def test_the_check_finds_english(source):
    assert english_in(source), source


@pytest.mark.parametrize("source", [
    'Static(self.t("exit.title"), classes="title", markup=False)',
    'yield text(CHECK_MARK, "check")',
    'yield secondary(self.t("phone.guest"), "guest")',
    'Button(self.t("common.exit"), variant="error", id="exit")',
    'Input(placeholder=f"(•••) •••-{last4}" if last4 else self.t("phone.placeholder"), id="phone")',
    'from ...copy import text as text_for\nlabel.append(f" {text_for(\'institution.badge.saved\', lang)}", style="dim")',
    'class S:\n    def choices(self):\n        return [(kind, self.t(f"account_type.{kind}")) for kind in ("checking", "savings")]',
    't = self.t\nSystemCommand(t("palette.hints"), t("palette.hints_help"), action)',
    'LoadingIndicator(id="spinner")',
])
def test_the_check_lets_lookups_ids_and_classes_through(source):
    assert english_in(source) == [], source


def _shown_bindings() -> list[tuple[str, str]]:
    """(file, action) of every binding declared in the UI that the key-hints bar shows."""
    shown = []
    for path in FILES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Binding" and len(node.args) >= 2:
                show = next((k.value for k in node.keywords if k.arg == "show"), None)
                hidden = isinstance(show, ast.Constant) and show.value is False
                action = node.args[1]
                if not hidden and isinstance(action, ast.Constant):
                    shown.append((path.name, action.value))
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "BINDINGS" for t in node.targets) \
                    and isinstance(node.value, ast.List):
                for element in node.value.elts:
                    if isinstance(element, ast.Tuple) and len(element.elts) >= 2:
                        shown.append((path.name, element.elts[1].value))  # type: ignore[attr-defined]
    return shown


def test_every_shown_binding_has_its_description_in_the_catalogues():
    bindings = _shown_bindings()
    assert ("app.py", "exit_link") in bindings and ("consent.py", "toggle") in bindings
    english = catalogue("en")
    missing = [(name, action) for name, action in bindings if f"keys.{action.split('(')[0]}" not in english]
    assert missing == []
