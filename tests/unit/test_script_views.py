"""A scenario script names Link's panes; a mistyped one is refused when the script is read, with a suggestion."""
import pytest

from tuilink.scripts.script import ScriptError, parse

BASE = 'title = "t"\n[link_token]\nproducts = ["auth"]\n'


@pytest.mark.parametrize(("text", "message"), [
    ('[[steps]]\nview = "CONSNT"\naction = "continue"\n', "steps[0]: unknown view 'CONSNT' (did you mean CONSENT?)"),
    ('[answers.SELECT_ACCOUNTS]\naccounts = ["0000"]\n',
     "answers.SELECT_ACCOUNTS: unknown view 'SELECT_ACCOUNTS' (did you mean SELECT_ACCOUNT?)"),
])
def test_a_mistyped_view_is_refused_with_a_suggestion(text, message):
    with pytest.raises(ScriptError) as raised:
        parse(BASE + text)
    assert str(raised.value) == message


def test_every_pane_and_our_sub_panes_are_accepted():
    script = parse(BASE + '[[steps]]\nview = "CONSENT"\n[answers.OAUTH_BANK]\nusername = "u"\n'
                   '[answers.LEGAL_NAME]\nlegal_name = "A B"\n')
    assert script.steps[0]["view"] == "CONSENT" and set(script.answers) == {"OAUTH_BANK", "LEGAL_NAME"}
