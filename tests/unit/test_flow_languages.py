"""The session speaks the link token's language: every notice and warning the flow puts on a pane, the error
pane's copy and the sandbox's MFA prompts. What Link hands back (events, callbacks) never changes with it."""
import pytest

from tuilink.copy import text
from tuilink.flow import LinkSession, Options
from tuilink.flow.events import result_json
from tuilink.launch import embedded_session, link_token_body
from tuilink.link import tokens

NOON = 1_767_268_800.0
SDMD = {"auth": {"same_day_microdeposits_enabled": True}}


async def opened(language: str, returning_user: bool = False, **body) -> LinkSession:
    session = embedded_session(link_token_body({"language": language, **body}), Options(returning_user=returning_user))
    await session.open()
    return session


async def at_credentials(language: str, institution: str = "ins_109508", query: str = "platypus") -> LinkSession:
    s = await opened(language)
    await s.continue_()
    await s.search(query)
    await s.select_institution(institution)
    return s


@pytest.mark.parametrize("language,username,password,message", [
    ("es", "", "pass_good", "Introduce tu ID de usuario"),  # the field's own label, "User ID"
    ("fr", "", "pass_good", "Saisissez votre identifiant"),
    ("es", "user_good", " ", "Introduce tu contraseña"),
    ("fr", "user_good", " ", "Saisissez votre mot de passe"),
    ("es", "user_good", "x" * 300, "El campo «contraseña» es demasiado largo (máximo 256 caracteres)"),
    ("fr", "user_good", "x" * 300, "Le champ «\u00a0mot de passe\u00a0» est trop long (256 caractères au maximum)"),
    ("es", "user\x1b[2J", "pass_good",
     "El campo «ID de usuario» contiene caracteres no válidos; vuelve a escribirlo"),
])
async def test_credential_field_messages(language, username, password, message):
    s = await at_credentials(language)
    await s.submit_credentials(username, password)
    assert s.pane.id == "CREDENTIAL" and s.pane.notice == message


@pytest.mark.parametrize("language", ["es", "fr"])
async def test_routing_and_account_number_problems(language):
    s = await at_credentials(language, "ins_109512", "Houndstooth")
    await s.submit_credentials("user_good", "pass_good")
    await s.select_accounts([s.pane.accounts[1].account_id])
    assert s.pane.id == "NUMBERS"
    await s.submit_numbers("0210", "1111222233331111")
    assert s.pane.notice == text("numbers.routing_digits", language)
    await s.submit_numbers("123456789", "1111222233331111")
    assert s.pane.notice == text("numbers.routing_invalid", language)
    await s.submit_numbers("021000021", "12")
    assert s.pane.notice == text("numbers.account_digits", language, low=4, high=17)
    await s.submit_numbers("021000021", "1111222233330000")  # not this account's: Plaid's error, translated
    assert s.pane.id == "NUMBERS" and s.pane.notice == text("error.INVALID_ACCOUNT_NUMBER.title", language)
    assert s.pane.notice == {"es": "Número de cuenta o de ruta incorrecto",
                             "fr": "Numéro de compte ou d'acheminement incorrect"}[language]


async def test_phone_and_one_time_code_messages_in_spanish():
    s = await opened("es", returning_user=True)
    await s.continue_()
    await s.submit_phone("   ")
    assert s.pane.notice == "Introduce un número de teléfono válido"
    await s.submit_phone("4151231234")
    assert s.pane.notice == "Número de teléfono no válido"
    await s.submit_phone("4155550011")
    s.resend_otp()
    assert s.pane.notice == "Te enviamos un código nuevo"
    await s.submit_otp("12a456")
    assert s.pane.notice == "Introduce el código de 6 dígitos"
    for wrong in ("000000", "000001"):
        await s.submit_otp(wrong)
        assert s.pane.notice == "Código de seguridad incorrecto"
    await s.submit_otp("000002")
    assert s.pane.id == "SELECT_INSTITUTION"
    assert s.pane.notice == ("Demasiados intentos. No pudimos verificar tu número de teléfono. Continúa sin él "
                             "seleccionando tu institución.")


async def test_institution_notices_and_warning_in_french():
    s = await opened("fr", products=["investments"])
    await s.continue_()
    await s.search("First Platypus Balance")
    await s.select_institution("ins_130016")
    assert s.pane.notice == ("Connectivité non prise en charge\u00a0: First Platypus Balance Bank ne prend pas en "
                             "charge la connexion dont Acme Ledger a besoin. Essayez un autre établissement.")
    s = await opened("fr")
    await s.continue_()
    await s.search("Unhealthy Platypus Bank - Down")
    await s.select_institution("ins_132361")
    assert s.pane.notice == ("Unhealthy Platypus Bank - Down est actuellement indisponible. Veuillez essayer un "
                             "autre établissement.")
    await s.search("Degraded")
    await s.select_institution("ins_132363")
    assert s.pane.id == "CREDENTIAL" and s.pane.warning == text("institution.degraded", "fr",
                                                                  institution="Unhealthy Platypus Bank - Degraded")
    assert s.pane.warning.startswith("Unhealthy Platypus Bank - Degraded rencontre des difficultés.")


@pytest.mark.parametrize("language", ["es", "fr"])
async def test_mfa_prompts_and_messages(language):
    s = await at_credentials(language)
    await s.submit_credentials("user_good", "mfa_device")
    assert s.pane.mfa.prompt == text("mfa.prompt.device", language)
    assert s.pane.mfa.devices == ["Phone (***) ***-1234", "Email a****@example.com"]  # the institution's own
    await s.submit_mfa([])
    assert s.pane.notice == text("mfa.enter_response", language)
    await s.submit_mfa([s.pane.mfa.devices[0]])
    assert s.pane.mfa.prompt == text("mfa.prompt.code", language)
    await s.submit_mfa(["0000"])
    assert s.pane.id == "ERROR" and s.pane.title == text("error.INVALID_MFA.title", language)
    assert s.pane.body == text("error.INVALID_MFA.body", language)
    s = await at_credentials(language)
    await s.submit_credentials("user_good", "mfa_questions_1_2")
    assert s.pane.mfa.prompt == text("mfa.prompt.questions", language)
    await s.submit_mfa(["a", ""])
    assert s.pane.notice == text("mfa.answer_every", language)
    await s.submit_mfa(["a", "b" * 300])
    assert s.pane.notice == text("field.too_long", language, name=text("field.answer", language, number=2), max=256)


@pytest.mark.parametrize("language,title,body", [
    ("es", "Demasiados intentos", "No podemos completar tu solicitud."),
    ("fr", "Trop de tentatives", "Nous ne pouvons pas traiter votre demande."),
])
async def test_the_error_pane_in_the_session_language(language, title, body):
    s = await at_credentials(language)
    await s.submit_credentials("user_good", "error_ITEM_LOCKED")
    assert s.pane.id == "ERROR" and s.pane.title == title and s.pane.body.startswith(body)
    assert s.pane.error.error_code == "ITEM_LOCKED"
    assert s.pane.error.error_message == ("the account is locked. prompt the user to visit the institution's site "
                                          "and unlock their account")  # Plaid's error data, as it is


async def test_the_error_pane_names_the_institution_in_every_language():
    for language, title in (("en", "Couldn't connect to First Platypus Bank"),
                            ("es", "No se pudo conectar con First Platypus Bank"),
                            ("fr", "Impossible de se connecter à First Platypus Bank")):
        s = await at_credentials(language)
        await s.submit_credentials("user_good", "error_INSUFFICIENT_CREDENTIALS")
        assert s.pane.title == title


async def test_recaptcha_accounts_and_legal_name_messages_in_spanish():
    s = await at_credentials("es")
    await s.submit_credentials("user_good", '{"recaptcha":"good"}')
    await s.submit_recaptcha(" ")
    assert s.pane.notice == "Escribe la palabra para continuar"
    await s.submit_recaptcha("wrong")
    assert s.pane.notice == "No coincide. Prueba con esta"
    s = await at_credentials("es")
    await s.submit_credentials("user_good", "pass_good")
    await s.select_accounts([])
    assert s.pane.notice == "Selecciona una cuenta para continuar"
    s = await opened("es", **SDMD)
    await s.continue_()
    s.link_with_account_numbers()
    await s.submit_numbers("110000000", "1111222233331234")
    await s.submit_legal_name("   ")
    assert s.pane.notice == "Introduce tu nombre completo"
    await s.submit_legal_name("Alberta Charleson")
    await s.submit_account_type("money market")
    assert s.pane.notice == "Elige corriente o de ahorros"


@pytest.mark.parametrize("language,first,second", [
    ("es", "El código que introdujiste es incorrecto.", "Te queda 1 intento."),
    ("fr", "Le code saisi est incorrect.", "1 tentative restante."),
])
async def test_deposit_code_messages(tmp_path, language, first, second):
    from tuilink.sandbox.service import Sandbox
    from tuilink.sandbox.store import Store

    state = str(tmp_path / "s.db")
    s = embedded_session(link_token_body(SDMD), Options(returning_user=False), state=state)
    await s.open()
    await s.continue_()
    s.link_with_account_numbers()
    await s.submit_numbers("110000000", "1111222233331234")
    await s.submit_legal_name("A B")
    await s.submit_account_type("checking")
    await s.authorize_deposit()
    await s.continue_()
    await s.continue_()
    access, _ = Sandbox(Store(state)).exchange_public_token(s.result.public_token)
    second_session = embedded_session(link_token_body({"access_token": access, "products": None,
                                                       "language": language}), Options(returning_user=False),
                                      state=state)
    await second_session.open()
    await second_session.submit_deposit_code("A1")
    assert second_session.pane.notice == text("deposit.code_format", language)
    await second_session.submit_deposit_code("XYZ")
    assert second_session.pane.notice.startswith(first)
    await second_session.submit_deposit_code("XYY")
    assert second_session.pane.notice.endswith(second)  # what is wrong first, the attempts left last


async def test_a_language_without_a_catalogue_speaks_english():
    s = await at_credentials("de")
    assert s.language == "de"
    await s.submit_credentials("", "pass_good")
    assert s.pane.notice == "Enter your user ID"  # First Platypus labels the field "User ID"
    await s.submit_credentials("user_good", "mfa_device")
    assert s.pane.mfa.prompt == "Where should we send your verification code?"


async def _linked(language: str, password: str, finish) -> tuple[list[dict], str]:
    with tokens.seeded(11):
        s = embedded_session(link_token_body({"language": language}), Options(returning_user=False),
                             clock=lambda: NOON)
        await s.open()
        await s.continue_()
        await s.search("platypus")
        await s.select_institution("ins_109508")
        await s.submit_credentials("user_good", password)
        await finish(s)
    return [e.model_dump(mode="json") for e in s.events], result_json(s.result)


async def _success(s: LinkSession) -> None:
    await s.select_accounts([s.pane.accounts[0].account_id])
    await s.continue_()


async def _exit(s: LinkSession) -> None:
    s.exit()
    s.confirm_exit()


@pytest.mark.parametrize("password,finish", [("pass_good", _success), ("error_ITEM_LOCKED", _exit)],
                         ids=["onSuccess", "onExit"])
async def test_events_and_callbacks_are_the_same_in_every_language(password, finish):
    english = await _linked("en", password, finish)
    for language in ("es", "fr"):
        assert await _linked(language, password, finish) == english
