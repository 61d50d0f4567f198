"""The layers point one way: nothing below tuilink.ui imports Textual (or a layer above it)."""
import subprocess
import sys

import pytest

BELOW_UI = ["tuilink.plaid", "tuilink.link", "tuilink.sandbox", "tuilink.backends", "tuilink.backends.http",
            "tuilink.flow", "tuilink.launch", "tuilink.cli", "tuilink.server.app", "tuilink.server.run",
            "tuilink.server.browser", "tuilink.web"]
ORDER = ["tuilink.plaid", "tuilink.link", "tuilink.sandbox", "tuilink.backends", "tuilink.flow", "tuilink.ui"]


def _modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


@pytest.mark.parametrize("module", BELOW_UI)
def test_no_textual_below_ui(module):
    loaded = _modules_after_import(module)
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}, f"{module} imports Textual"


@pytest.mark.parametrize("index", range(len(ORDER) - 1))
def test_no_layer_imports_a_layer_above_it(index):
    layer = ORDER[index]
    above = ORDER[index + 1:]
    loaded = _modules_after_import(layer)
    assert not {m for m in loaded for a in above if m == a or m.startswith(a + ".")}


@pytest.mark.parametrize("module", ["tuilink.server.app", "tuilink.server.run", "tuilink.server.browser"])
def test_the_server_sits_on_the_sandbox_only(module):
    """`tuilink serve` answers from the sandbox: it never loads a backend, the flow or the UI."""
    loaded = _modules_after_import(module)
    above = ("tuilink.backends", "tuilink.flow", "tuilink.ui", "tuilink.scripts")
    assert not {m for m in loaded for a in above if m == a or m.startswith(a + ".")}


def test_the_http_backend_talks_to_the_server_only_over_http():
    assert not {m for m in _modules_after_import("tuilink.backends.http") if m.startswith("tuilink.server")}


@pytest.mark.parametrize("module", ["tuilink.server.app", "tuilink.server.run", "tuilink.sandbox.api",
                                    "tuilink.cli"])
def test_plaid_python_is_not_loaded_at_run_time(module):
    """The request contract is read from assets/plaid_contract.json: plaid-python (a test-only dependency, and a
    large import) is loaded by the contract's generator and the tests alone."""
    loaded = _modules_after_import(module)
    assert not {m for m in loaded if m == "plaid" or m.startswith("plaid.")}


def test_validating_a_request_loads_no_plaid_python():
    code = ("import sys; from tuilink.sandbox import validation; validation.link_token_create({'client_name': 'A', "
            "'language': 'en', 'country_codes': ['US'], 'user': {'client_user_id': 'u'}, 'products': ['auth']}); "
            "print('\\n'.join(sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(run.stdout.split())
    assert "tuilink.plaid.contract" in loaded and "plaid" not in loaded


@pytest.mark.parametrize("module", ["tuilink.flow.session", "tuilink.ui.app", "tuilink.ui.screens.base",
                                    "tuilink.ui.screens.institution", "tuilink.ui.screens.numbers",
                                    "tuilink.ui.screens.consent", "tuilink.ui.widgets.panels"])
def test_the_flow_and_the_ui_do_not_read_the_sandbox(module):
    """What the Sandbox knows (hints included) reaches the flow and the UI through the backend."""
    loaded = _modules_after_import(module)
    assert not {m for m in loaded if m == "tuilink.sandbox" or m.startswith("tuilink.sandbox.")}


def test_the_shared_package_stands_on_plaid_alone():
    loaded = _modules_after_import("tuilink.link.errors") | _modules_after_import("tuilink.link.formats") \
        | _modules_after_import("tuilink.link.matching") | _modules_after_import("tuilink.link.tokens")
    ours = {m for m in loaded if m.startswith("tuilink.")}
    assert ours <= {"tuilink", "tuilink.copy", "tuilink.plaid", "tuilink.plaid.errors", "tuilink.plaid.models",
                    "tuilink.plaid.enums", "tuilink.link", "tuilink.link.data", "tuilink.link.errors",
                    "tuilink.link.formats", "tuilink.link.matching", "tuilink.link.tokens"}, sorted(ours)



def test_start_up_loads_only_the_first_panes_view():
    """The first frame needs the app and the consent pane: the other panes' views, the exit dialog and the
    widgets only they use (radio buttons) load when first shown."""
    loaded = _modules_after_import("tuilink.cli, tuilink.ui.app, tuilink.ui.screens.consent")
    views = {m.rsplit(".", 1)[1] for m in loaded if m.startswith("tuilink.ui.screens.")}
    assert views == {"base", "consent"}
    assert not {m for m in loaded if m.startswith(("textual.widgets._radio", "textual.widgets._toggle"))}
