"""A mistyped name in a scenario script (a pane, a step key, an action, an option, an expectation, a top-level
key) is refused when the script is read, naming it and the closest valid one."""
import pytest

from tuilink.scripts.script import ScriptError, parse

BASE = 'title = "t"\n[link_token]\nproducts = ["auth"]\n'


@pytest.mark.parametrize(("text", "message"), [
    ('[[steps]]\nview = "CONSNT"\naction = "continue"\n', "steps[0]: unknown view 'CONSNT' (did you mean CONSENT?)"),
    ('[answers.SELECT_ACCOUNTS]\naccounts = ["0000"]\n',
     "answers.SELECT_ACCOUNTS: unknown view 'SELECT_ACCOUNTS' (did you mean SELECT_ACCOUNT?)"),
    ('[[steps]]\nview = "consent"\n', "steps[0]: unknown view 'consent' (did you mean CONSENT?)"),
    ('[[steps]]\nview = "CREDENTIAL"\nusername = "user_good"\npasword = "pass_good"\n',
     "steps[0]: unknown step key 'pasword' (did you mean password?)"),
    ('[[steps]]\naction = "contnue"\n', "steps[0]: unknown action 'contnue' (did you mean continue?)"),
    ('[answers.MFA]\nvode = "1234"\n', "answers.MFA: unknown step key 'vode' (did you mean code?)"),
    ('[answers.SELECT_ACCOUNT]\n[[steps]]\naction = "continue"\n[options]\nreturning_usr = false\n',
     "[options]: unknown option 'returning_usr' (did you mean returning_user?)"),
    ('[[steps]]\naction = "continue"\n[expect]\ncallbak = "onSuccess"\n',
     "[expect]: unknown key 'callbak' (did you mean callback?)"),
    ('[[step]]\naction = "continue"\n', "the script: unknown top-level key 'step' (did you mean steps?)"),
    ('[[steps]]\naction = "xyzzy"\n', "steps[0]: unknown action 'xyzzy' (one of approve, back, connect_new, "
                                        "continue, deny, exit, instant, link_with_account_numbers, manual, resend, "
                                        "retry, skip, solve)"),
])
def test_a_mistyped_name_is_refused_with_a_suggestion(text, message):
    with pytest.raises(ScriptError) as raised:
        parse(BASE + text)
    assert str(raised.value) == message


def test_every_pane_and_our_sub_panes_are_accepted():
    script = parse(BASE + '[[steps]]\nview = "CONSENT"\n[answers.OAUTH_BANK]\nusername = "u"\n'
                   '[answers.LEGAL_NAME]\nlegal_name = "A B"\n')
    assert script.steps[0]["view"] == "CONSENT" and set(script.answers) == {"OAUTH_BANK", "LEGAL_NAME"}
