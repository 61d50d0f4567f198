"""The message catalogues (assets/locales) and the lookup every layer uses (tuilink.copy)."""
import json
import string
import subprocess
import sys
from pathlib import Path

import pytest

from tuilink import copy as link_copy
from tuilink.copy import LANGUAGES, catalogue, has, language_of, plural, slug, text

ROOT = Path(__file__).resolve().parents[2]
ERRORS = json.loads((ROOT / "assets" / "errors.json").read_text())["errors"]
TRANSLATIONS = ["es", "fr"]

# The only texts a translation may leave as the English has them: a brand and a glyph, punctuation around
# placeholders, a code format, and words French or Spanish spell the same way.
SAME_AS_ENGLISH = {
    "es": {"header.title", "phone.locked_out", "result.exit", "deposit.code_placeholder", "credential.label.pin"},
    "fr": {"header.title", "phone.locked_out", "deposit.code_placeholder", "common.code", "keys.palette",
           "prompt.ok", "scope.transactions"},
}


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def raw(language: str) -> dict[str, str]:
    return json.loads((ROOT / "assets" / "locales" / f"{language}.json").read_text(encoding="utf-8"))


def test_every_key_is_in_every_catalogue():
    english = set(catalogue("en"))
    for language in TRANSLATIONS:
        file = set(raw(language))
        assert english - file == set(), f"{language}.json lacks these keys"
        assert file - english == set(), f"{language}.json has keys English does not"


def test_the_english_catalogue_is_en_json_and_the_error_copy_of_errors_json():
    english = catalogue("en")
    assert set(english) == set(raw("en")) | {f"error.{code}.{part}" for code in ERRORS for part in ("title", "body")}
    assert not any(key.startswith("error.") and key.count(".") == 2 and key.split(".")[1] in ERRORS
                   for key in raw("en")), "the English error copy lives in errors.json only"
    for code, error in ERRORS.items():
        assert english[f"error.{code}.title"] == error["title"]
        assert english[f"error.{code}.body"] == error["body"]


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_placeholders_are_the_same_in_every_language(language):
    english, translated = catalogue("en"), catalogue(language)
    differing = {key: (placeholders(english[key]), placeholders(translated[key]))
                 for key in english if placeholders(english[key]) != placeholders(translated[key])}
    assert differing == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_empty_or_padded(language):
    bad = [key for key, message in catalogue(language).items() if not message.strip() or message != message.strip()]
    assert bad == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_translations_are_translations_not_copies_of_the_english(language):
    english, translated = catalogue("en"), catalogue(language)
    same = {key for key in english if translated[key] == english[key]}
    assert same <= SAME_AS_ENGLISH[language], f"{sorted(same - SAME_AS_ENGLISH[language])} are still English"


def test_a_few_translations_read_as_plaid_link_does():
    assert text("common.continue", "es") == "Continuar" and text("common.continue", "fr") == "Continuer"
    assert text("exit.title", "es") == "¿Seguro que quieres salir?"
    assert text("exit.title", "fr") == "Voulez-vous vraiment quitter\u00a0?"
    assert text("credential.title", "es", institution="Tartan Bank") == "Inicia sesión en Tartan Bank"
    assert text("credential.title", "fr", institution="Tartan Bank") == "Connectez-vous à Tartan Bank"


def test_every_credential_field_label_of_the_catalogue_has_its_translations():
    institutions = json.loads((ROOT / "assets" / "institutions.json").read_text())["institutions"]
    labels = {field["label"] for inst in institutions for field in inst.get("credentials") or []}
    assert labels, "the institution catalogue has credential fields"
    for label in labels:
        key = f"credential.label.{slug(label)}"
        assert has(key), f"no {key} for {label!r}"
        assert text(key, "en") == label


def test_lookup_fills_placeholders_and_keeps_the_ones_not_given():
    assert text("credential.title", "en", institution="First Platypus Bank") == "Log in at First Platypus Bank"
    assert "{phone}" in text("error.INVALID_PHONE_NUMBER.body", "en")  # as the English always showed it
    assert text("credential.title", "en", institution="{curly} name") == "Log in at {curly} name"


@pytest.mark.parametrize("language", ["de", "ja", "", "xx-YY", None, 5, ["es"]])
def test_a_language_without_a_catalogue_reads_english(language):
    assert language_of(language) == "en"
    assert text("common.continue", language) == "Continue"


@pytest.mark.parametrize("language,expected", [("es", "es"), ("ES", "es"), ("es-MX", "es"), ("fr_CA", "fr"),
                                               (" fr ", "fr"), ("en", "en")])
def test_a_regional_or_differently_cased_language_reads_its_catalogue(language, expected):
    assert language_of(language) == expected


def test_a_key_missing_from_a_translation_reads_english(monkeypatch):
    spanish = dict(catalogue("es"))
    del spanish["exit.title"]
    real = link_copy._catalogue
    monkeypatch.setattr(link_copy, "_catalogue", lambda language: spanish if language == "es" else real(language))
    assert text("exit.title", "es") == "Are you sure you want to exit?"
    assert text("exit.text", "es") == "Perderás tu progreso."


def test_an_unknown_key_is_a_bug():
    with pytest.raises(KeyError):
        text("no.such.key", "es")


def test_catalogues_are_read_once():
    assert catalogue("es") is catalogue("es-MX") is catalogue("ES")
    assert catalogue("de") is catalogue("en")


@pytest.mark.parametrize("language,count,expected", [
    ("en", 1, "x 1 attempt remaining."), ("en", 2, "x 2 attempts remaining."), ("en", 0, "x 0 attempts remaining."),
    ("es", 1, "x Te queda 1 intento."), ("es", 0, "x Te quedan 0 intentos."),
    ("fr", 0, "x 0 tentative restante."), ("fr", 1, "x 1 tentative restante."),
    ("fr", 2, "x 2 tentatives restantes.")])
def test_plural_rules(language, count, expected):
    assert plural("deposit.attempts_left", language, count, body="x") == expected


def test_the_lookup_sits_under_every_layer():
    """Any layer may read the catalogues: the module loads no other tuilink module and no Textual."""
    code = "import sys, tuilink.copy; print('\\n'.join(sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(run.stdout.split())
    assert {m for m in loaded if m.startswith("tuilink.")} == {"tuilink.copy"}
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_the_sandbox_rule_messages_speak_the_language(language):
    from tuilink.link.formats import account_problem, code_problem, otp_problem, routing_problem
    from tuilink.link.rules import data_scopes, display_client_name

    assert routing_problem("123", language) == text("numbers.routing_digits", language)
    assert routing_problem("123456789", language) == text("numbers.routing_invalid", language)
    assert account_problem("12", language) == text("numbers.account_digits", language, low=4, high=17)
    assert code_problem("A1", language) == text("deposit.code_format", language)
    assert otp_problem("12", language) == text("phone.otp_format", language)
    assert data_scopes(["auth"], language) == [text(f"scope.{s}", language)
                                               for s in ("account_balance", "contact", "routing")]
    assert display_client_name("x" * 31, language) == text("consent.this_application", language)
    english = [routing_problem("123"), account_problem("12"), code_problem("A1"), otp_problem("12"),
               *data_scopes(["auth"]), display_client_name("x" * 31)]
    assert not set(english) & {routing_problem("123", language), account_problem("12", language),
                               code_problem("A1", language), otp_problem("12", language),
                               *data_scopes(["auth"], language), display_client_name("x" * 31, language)}
