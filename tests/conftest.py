import os

import pytest


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, tmp_path):
    """No user config, colour or theme settings leak into a test."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    yield


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
