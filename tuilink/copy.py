"""Link's words in the languages it speaks: the message catalogues in `assets/locales/<language>.json`.

A catalogue is flat keys to text with `{name}` placeholders (`"credential.title": "Log in at {institution}"`).
`text(key, language, **params)` is the lookup: the session's `language` (the link token's) picks the catalogue,
a language without one reads English, and so does a key a catalogue lacks (the tests make sure none does).
The error pane's copy for a Plaid error code is `error.<CODE>.title` / `error.<CODE>.body`: the English is
Plaid's error data in `assets/errors.json`, the translations are in the catalogues.

This module imports nothing of tuilink, so every layer reads the same catalogues: the sandbox phrases its rule
messages and MFA prompts, the flow its inline notices, the screens everything else. Each catalogue is read
once, on first use.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

ENGLISH = "en"
LANGUAGES = ("en", "es", "fr")  # the `language` values with a catalogue

_PACKAGE = Path(__file__).resolve().parent


def _assets() -> Path:
    """`tuilink/_assets` in an installed wheel, the repository's `assets/` in a checkout."""
    for candidate in (_PACKAGE / "_assets", _PACKAGE.parent / "assets"):
        if (candidate / "locales" / f"{ENGLISH}.json").is_file():
            return candidate
    raise FileNotFoundError("tuilink's message catalogues (assets/locales) are missing from this installation")


def language_of(language: object) -> str:
    """The catalogue a link token's `language` reads: its own when it has one ("es", "ES", "es-MX"), else English."""
    if not isinstance(language, str):
        return ENGLISH
    base = language.strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else ENGLISH


def _read(path: Path) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@cache
def _catalogue(language: str) -> dict[str, str]:
    messages: dict[str, str] = _read(_assets() / "locales" / f"{language}.json")
    if language == ENGLISH:
        for code, error in _read(_assets() / "errors.json")["errors"].items():
            messages[f"error.{code}.title"] = error["title"]
            messages[f"error.{code}.body"] = error["body"]
    return messages


def catalogue(language: object) -> dict[str, str]:
    """Every key of `language`'s catalogue (English: with the error copy of `errors.json`). Do not modify."""
    return _catalogue(language_of(language))


class _Params(dict[str, Any]):
    """Placeholders a caller did not fill stay as they are (`{phone}` in an error body), never a KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(key: str, language: object, /, **params: Any) -> str:
    """The text for `key` in `language` with its placeholders filled. A key no catalogue has is a bug (KeyError)."""
    message = catalogue(language).get(key)
    if message is None:
        message = _catalogue(ENGLISH)[key]
    return message.format_map(_Params(params)) if "{" in message else message


def plural(key: str, language: object, count: int, /, **params: Any) -> str:
    """`key.one` or `key.other` by the language's plural rule (French counts 0 as one), with `{count}` filled."""
    one = count in (0, 1) if language_of(language) == "fr" else count == 1
    return text(f"{key}.{'one' if one else 'other'}", language, count=count, **params)


def has(key: str) -> bool:
    """Whether the catalogues have `key` (for data that is translated only where a translation exists, such
    as an institution's own credential field labels)."""
    return key in _catalogue(ENGLISH)


def credential_label(label: str, language: object) -> str:
    """An institution's label for a login field ("User ID"), in `language` where the catalogues know it."""
    key = f"credential.label.{slug(label)}"
    return text(key, language) if has(key) else label


def slug(words: str) -> str:
    """A key part for data text: "User ID" → "user_id"."""
    return "_".join("".join(c if c.isalnum() else " " for c in words.lower()).split())
