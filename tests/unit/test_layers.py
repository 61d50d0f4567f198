"""The layers point one way: nothing below tuilink.ui imports Textual (or a layer above it)."""
import subprocess
import sys

import pytest

BELOW_UI = ["tuilink.plaid", "tuilink.sandbox", "tuilink.backends", "tuilink.backends.http", "tuilink.flow",
            "tuilink.launch", "tuilink.cli", "tuilink.server.app", "tuilink.server.run", "tuilink.web"]
ORDER = ["tuilink.plaid", "tuilink.sandbox", "tuilink.backends", "tuilink.flow", "tuilink.ui"]


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


@pytest.mark.parametrize("module", ["tuilink.server.app", "tuilink.server.run"])
def test_the_server_sits_on_the_sandbox_only(module):
    """`tuilink serve` answers from the sandbox: it never loads a backend, the flow or the UI."""
    loaded = _modules_after_import(module)
    above = ("tuilink.backends", "tuilink.flow", "tuilink.ui", "tuilink.scripts")
    assert not {m for m in loaded for a in above if m == a or m.startswith(a + ".")}


def test_the_http_backend_talks_to_the_server_only_over_http():
    assert not {m for m in _modules_after_import("tuilink.backends.http") if m.startswith("tuilink.server")}
