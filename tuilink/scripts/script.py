"""The scenario-script format (TOML): a /link/token/create body, session options, steps, answers, expectations."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STEP_KEYS = {"view", "action", "phone", "otp", "search", "select", "username", "password", "pin", "code", "device",
             "answers", "selections", "accounts", "routing_number", "account_number", "legal_name", "account_type",
             "answer"}
ACTIONS = {"continue", "skip", "exit", "back", "retry", "connect_new", "manual", "instant", "resend", "solve",
           "approve", "deny", "link_with_account_numbers"}
OPTION_KEYS = {"returning_user", "account_select", "latency_ms", "use_last_item"}
EXPECT_KEYS = {"callback", "events", "error_code", "status", "verification_status"}
TOP_KEYS = {"title", "link_token", "options", "steps", "answers", "expect", "description"}


class ScriptError(Exception):
    """A script that cannot be run as written."""


@dataclass
class Script:
    path: str
    title: str
    link_token: dict[str, Any]
    options: dict[str, Any]
    steps: list[dict[str, Any]]
    answers: dict[str, dict[str, Any] | list[dict[str, Any]]]
    expect: dict[str, Any]
    _answered: dict[str, int] = field(default_factory=dict)
    persona: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # see as_persona

    def next_step(self, pane: str) -> dict[str, Any] | None:
        """The persona's next step for `pane`, else the pending step, else the answer for `pane` (a table every
        visit, an array entry once each)."""
        if self.persona.get(pane):
            return self.persona[pane].pop(0)
        if self.steps:
            return self.steps.pop(0)
        answer = self.answers.get(pane)
        if isinstance(answer, list):
            used = self._answered.get(pane, 0)
            if used >= len(answer):
                return None
            self._answered[pane] = used + 1
            return answer[used]
        return answer


    def as_persona(self) -> Script:
        """This script played by a persona, on a link token it did not make (a web app's, on autopilot): each step
        that names its view answers that pane's next visit, in order, wherever Link goes; the steps that name
        none stay in order for the panes that have no such answer; [answers] as written."""
        persona: dict[str, list[dict[str, Any]]] = {}
        unnamed = []
        for step in self.steps:
            if "view" in step:
                persona.setdefault(step["view"], []).append(step)
            else:
                unnamed.append(step)
        return Script(path=self.path, title=self.title, link_token=self.link_token, options=self.options,
                      steps=unnamed, answers=self.answers, expect=self.expect, persona=persona)


def _check_step(where: str, step: Any) -> dict[str, Any]:
    if not isinstance(step, dict):
        raise ScriptError(f"{where}: expected a table of step keys")
    _check_names(where, "step key", step, STEP_KEYS)
    if "action" in step and step["action"] not in ACTIONS:
        raise ScriptError(f"{where}: {_unknown('action', step['action'], ACTIONS)}")
    if "view" in step:
        _check_view(where, step["view"])
    return step


def _check_view(where: str, view: Any) -> None:
    """A pane name must be one of Link's panes; a typo says which one was probably meant."""
    from ..flow.state import PaneId

    if view not in PaneId.__members__:
        raise ScriptError(f"{where}: {_unknown('view', view, list(PaneId.__members__), fold=str.upper)}")


def _check_names(where: str, what: str, table: dict[str, Any], known: set[str]) -> None:
    """Every key of `table` is one of `known`; the first that is not is named with the closest known one."""
    if not isinstance(table, dict):
        raise ScriptError(f"{where}: expected a table")
    for name in table:
        if name not in known:
            raise ScriptError(f"{where}: {_unknown(what, name, known)}")


def _unknown(what: str, value: Any, known: Any, fold: Any = str.lower) -> str:
    """"unknown action 'contnue' (did you mean continue?)", or the list of known ones when none is close."""
    import difflib

    names = sorted(known) if isinstance(known, set) else list(known)
    close = difflib.get_close_matches(fold(str(value)), names, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else f"one of {', '.join(names)}"
    return f"unknown {what} {value!r} ({hint})"


def parse(text: str, path: str = "<script>") -> Script:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScriptError(f"not valid TOML: {exc}") from None
    _check_names("the script", "top-level key", raw, TOP_KEYS)
    options = raw.get("options", {})
    _check_names("[options]", "option", options, OPTION_KEYS)
    expect = raw.get("expect", {})
    _check_names("[expect]", "key", expect, EXPECT_KEYS)
    steps = [_check_step(f"steps[{i}]", s) for i, s in enumerate(raw.get("steps", []))]
    answers: dict[str, Any] = {}
    for pane, answer in raw.get("answers", {}).items():
        _check_view(f"answers.{pane}", pane)
        if isinstance(answer, list):
            answers[pane] = [_check_step(f"answers.{pane}[{i}]", a) for i, a in enumerate(answer)]
        else:
            answers[pane] = _check_step(f"answers.{pane}", answer)
    if not steps and not answers:
        raise ScriptError("the script has neither [[steps]] nor [answers]")
    return Script(path=path, title=raw.get("title", Path(path).stem), link_token=raw.get("link_token", {}),
                  options=options, steps=steps, answers=answers, expect=expect)


def load(path: str) -> Script:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptError(f"cannot read: {exc}") from None
    return parse(text, path)
