"""Where the sandbox's data files live, and loading them (once per process)."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    """`tuilink/_assets` in an installed wheel, the repository's `assets/` in a checkout."""
    for candidate in (_PACKAGE / "_assets", _PACKAGE.parent / "assets"):
        if (candidate / "institutions.json").is_file():
            return candidate
    raise FileNotFoundError("tuilink's assets folder (institutions.json) is missing from this installation")


def scenario_names() -> list[str]:
    """The shipped scenario scripts (assets/scenarios/NAME.toml)."""
    return sorted(p.stem for p in (assets_dir() / "scenarios").glob("*.toml"))


def scenario_path(name: str) -> Path:
    return assets_dir() / "scenarios" / f"{name}.toml"


def scenario_file(name: str) -> Path | None:
    """The shipped scenario called `name`, if there is one."""
    return scenario_path(name) if name in scenario_names() else None


@cache
def load(name: str) -> Any:
    with open(assets_dir() / name, encoding="utf-8") as f:
        return json.load(f)
