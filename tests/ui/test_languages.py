"""Pilot tests: the real app in Spanish and French (the link token's `language`)."""
import threading

import pytest

from tests.helpers import TO_CREDENTIAL, make_app, until_pane, walk
from tuilink.copy import text
from tuilink.scripts.panes import PANES
from tuilink.scripts.runner import Driver
from tuilink.ui.widgets.key_hints import KeyHints

WORDS = {
    "es": {"consent": "Acme Ledger usa Plaid para conectar tu cuenta", "continue": "Continuar",
           "credential": "Inicia sesión en First Platypus Bank", "username": "ID de usuario",
           "password": "Contraseña", "submit": "Enviar", "no_username": "Introduce tu ID de usuario",
           "mfa": "¿Adónde enviamos tu código de verificación?", "step": "Paso 1 de 2",
           "numbers": "Introduce los datos de tu cuenta", "wrong_numbers": "Número de cuenta o de ruta incorrecto",
           "exit": "¿Seguro que quieres salir?", "exit_button": "Salir", "back_button": "Volver",
           "keys": ["Volver", "Cerrar", "Salir", "Pistas", "Eventos", "Paleta"]},
    "fr": {"consent": "Acme Ledger utilise Plaid pour connecter votre compte", "continue": "Continuer",
           "credential": "Connectez-vous à First Platypus Bank", "username": "Identifiant",
           "password": "Mot de passe", "submit": "Valider", "no_username": "Saisissez votre identifiant",
           "mfa": "Où devons-nous envoyer votre code de vérification\u00a0?", "step": "Étape 1 sur 2",
           "numbers": "Saisissez les coordonnées de votre compte",
           "wrong_numbers": "Numéro de compte ou d'acheminement incorrect",
           "exit": "Voulez-vous vraiment quitter\u00a0?", "exit_button": "Quitter", "back_button": "Retour",
           "keys": ["Retour", "Fermer", "Quitter", "Indices", "Événements", "Palette"]},
}


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def titles(app) -> list[str]:
    return [str(w.render()) for w in app.screen.query(".title")]


@pytest.mark.parametrize("language", ["es", "fr"])
async def test_consent_and_credential_panes(language):
    words = WORDS[language]
    app = make_app(language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [])
        assert titles(app) == [words["consent"]]
        assert str(app.screen.query_one("#continue").label) == words["continue"]
        await walk(app, pilot, TO_CREDENTIAL)
        assert titles(app) == [words["credential"]]
        assert [i.border_title for i in app.screen.query("Input")] == [words["username"], words["password"]]
        assert str(app.screen.query_one("#continue").label) == words["submit"]
        assert all(word in shown(app, "KeyHints") for word in words["keys"])
        app.screen.query_one("#continue").press()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(app, "#notice-username") == words["no_username"]


@pytest.mark.parametrize("language", ["es", "fr"])
async def test_mfa_pane(language):
    app = make_app(language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, PANES["mfa_device"][1])
        assert app.session.pane.id == "MFA"
        assert titles(app) == [WORDS[language]["mfa"]]
        assert WORDS[language]["step"] in [str(w.render()) for w in app.screen.query(".text")]
        assert str(app.screen.query_one("#continue").label) == WORDS[language]["submit"]


@pytest.mark.parametrize("language", ["es", "fr"])
async def test_numbers_pane_with_its_inline_error(language):
    app = make_app(language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, PANES["numbers_wrong"][1])
        assert titles(app) == [WORDS[language]["numbers"]]
        assert shown(app, "#notice") == WORDS[language]["wrong_numbers"]
        assert shown(app, ".hint") == text("numbers.routing_digits", language)
        assert app.screen.query_one("#account_number").placeholder == text("numbers.account_placeholder", language,
                                                                           low=4, high=17)


@pytest.mark.parametrize("language", ["es", "fr"])
async def test_exit_dialog(language):
    words = WORDS[language]
    app = make_app(language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        await pilot.press("escape")
        await until_pane(app, pilot, "EXIT")
        assert titles(app) == [words["exit"]]
        assert str(app.screen.query_one("#exit").label) == words["exit_button"]
        assert str(app.screen.query_one("#back").label) == words["back_button"]
        assert words["back_button"] in shown(app, "KeyHints")
        await pilot.press("escape")
        await until_pane(app, pilot, "CREDENTIAL")


async def test_the_result_screen_and_the_panels_in_spanish():
    app = make_app(language="es", show_result=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        await pilot.press("f1", "f2")
        await pilot.pause()
        assert app.screen.query_one("#hints-panel").border_title == "Pistas del Sandbox"
        assert app.screen.query_one("#events-panel").border_title == "Eventos"
        assert app.screen.query_one("#events-panel").border_subtitle == f"{len(app.session.events)} hasta ahora"
        await walk(app, pilot, [{"username": "user_good", "password": "pass_good"}, {"accounts": ["0000"]},
                                {"action": "continue"}])
        await pilot.pause()
        assert app.screen.pane_id == "RESULT"
        assert shown(app, "#result-title") == "onSuccess: First Platypus Bank, 1 cuenta"
        assert [str(b.label) for b in app.screen.query("Button")] == ["Copiar JSON", "Vincular otra", "Salir"]
        assert '"callback": "onSuccess"' in app.screen.text  # the JSON is the same in every language


async def test_the_palette_and_its_prompt_in_french():
    from tuilink.ui.screens.prompt import PromptScreen

    app = make_app(language="fr")
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [])
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert {"Panneau d'indices", "Redémarrer Link", "Redémarrer Link avec d'autres produits",
                "Changer de backend"} <= set(commands)
        commands["Redémarrer Link avec d'autres produits"].callback()
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert titles(app) == ["Redémarrer Link avec ces produits"]
        assert [str(b.label) for b in app.screen.query("Button")] == ["Annuler", "OK"]
        await pilot.press("escape")


async def test_progressive_start_paints_consent_in_the_bodys_language():
    from tuilink.flow import Options
    from tuilink.launch import embedded_session, link_token_body
    from tuilink.ui.app import LinkApp

    body = link_token_body({"language": "fr", "client_name": "A Very Long Client Name Over Thirty Chars"})
    opened = threading.Event()  # the session starts (off the event loop) only once the test has looked

    def start():
        opened.wait(30)
        return embedded_session(body, Options(returning_user=False))

    app = LinkApp(start=start, preview=body, test_mode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await Driver(app, pilot).wait_until(lambda: bool(app.screen.query(".title")), "the consent pane, painted first")
        assert app.session is None
        assert titles(app) == ["Cette application utilise Plaid pour connecter votre compte"]
        assert str(app.screen.query_one("#card-title").render()) == "Cette application ⟷ Plaid"
        opened.set()
        await until_pane(app, pilot, "CONSENT")
        assert titles(app) == ["Cette application utilise Plaid pour connecter votre compte"]


async def test_a_language_without_a_catalogue_shows_english():
    app = make_app(language="de")
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        assert titles(app) == ["Log in at First Platypus Bank"]
        assert "Exit" in str(app.screen.query_one(KeyHints).render())


SCRIPTS = {"es": ["mfa_device", "auth_type_select_manual", "instant_match_wrong_numbers", "three_wrong_otps",
                  "legacy_rux_auth", "exit_from_mfa_questions"],
           "fr": ["mfa_selections_rounds", "reroute_to_credentials", "rux_0013_oauth", "recaptcha_bad",
                  "single_account_select", "exit_then_back"]}


@pytest.mark.parametrize("language", ["es", "fr"])
def test_scenario_scripts_run_in_every_language(tmp_path, language):
    """A script drives the panes by their ids and the sandbox's data, never by their words: shipped scripts with
    another `[link_token] language` meet the same expectations (events, callback, error codes)."""
    import asyncio
    import tomllib

    from tests.conftest import ROOT
    from tuilink.scripts.runner import run_paths

    paths = []
    for name in SCRIPTS[language]:
        source = open(f"{ROOT}/assets/scenarios/{name}.toml", encoding="utf-8").read()
        assert tomllib.loads(source)["link_token"]["language"] == "en"
        path = tmp_path / f"{name}.toml"
        path.write_text(source.replace('language = "en"', f'language = "{language}"'), encoding="utf-8")
        assert tomllib.loads(path.read_text(encoding="utf-8"))["link_token"]["language"] == language
        paths.append(str(path))
    outcomes = asyncio.run(run_paths(paths))
    assert [(o.ok, o.reason) for o in outcomes] == [(True, "")] * len(paths)
    assert all(o.session.language == language for o in outcomes)
