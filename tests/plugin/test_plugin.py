"""The pytest plugin as a user meets it: `sample/` is a user's small test suite (inline scenarios, a file
scenario, onExit flows, an async test, every pane snapshot-tested with its committed SVGs; `test_link.py` is the
docs/SCENARIOS.md's example), run by a fresh in-process pytest in a copy of it. Whatever it proves, it proves for a
session that found the plugin through tuilink's `pytest11` entry point alone."""
from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]  # here, not in conftest.py: pytest refuses pytest_plugins in a nested conftest

SAMPLE = Path(__file__).parent / "sample"
CATALOGUE = Path(__file__).parent.parent / "snapshots" / "__snapshots__" / "test_panes"
PANES = "__snapshots__/test_link/test_every_pane_looks_as_before[{}].svg"
SNAPSHOT_TEST = "test_link.py::test_every_pane_looks_as_before"
# The sample flow's panes and the same pictures in the pane catalogue's snapshots (tests/snapshots).
SAME_AS = {"01_CONSENT": "consent", "02_SELECT_INSTITUTION": "select_institution", "03_CREDENTIAL": "credential",
           "04_SELECT_ACCOUNT": "select_account", "05_CONNECTED": "connected"}


@pytest.fixture
def inner(pytester):
    """pytester, for a pytest session of its own in this process."""
    # Run by an xdist worker, the inner session must not believe it is one (syrupy would not check for unused
    # snapshots; pytest-textual-snapshot would file its report in the outer session's directory). It gets a
    # report directory of its own, and the outer session's environment is put back afterwards.
    xdist = [name for name in os.environ if name.startswith("PYTEST_XDIST_")]
    saved = {name: os.environ.get(name) for name in ["TEXTUAL_SNAPSHOT_TEMPDIR", *xdist]}
    for name in xdist:
        del os.environ[name]
    gc.collect()  # the outer session's garbage (another test's sockets) must not be found inside the inner one
    try:
        yield pytester
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def project(inner):
    """A copy of the sample project, and a pytest session of its own for it."""
    shutil.copytree(SAMPLE, inner.path, dirs_exist_ok=True)
    return inner


def run(project, *args: str):
    return project.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:hypothesispytest", *args)


def test_the_sample_suite_passes(project):
    with warnings.catch_warnings(record=True) as caught:  # what the session warns of outside its tests
        warnings.simplefilter("always")
        result = run(project, "-W", "error")  # inside them
    assert [str(w.message) for w in caught] == []
    result.assert_outcomes(passed=7)
    result.stdout.fnmatch_lines(["5 snapshots passed."])


def test_the_fixtures_come_from_the_tuilink_entry_point(project):
    import tuilink.scripts.pytest_plugin as plugin

    assert project.parseconfigure().pluginmanager.get_plugin("tuilink") is plugin
    result = run(project, "-p", "no:tuilink", "test_link.py::test_instant_auth", SNAPSHOT_TEST)
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*fixture 'tuilink_flow' not found*", "*fixture 'tuilink_snapshots' not found*"])


def test_an_unmet_expectation_fails_with_its_reason(project):
    scenario = project.path / "scenarios" / "instant_auth.toml"
    scenario.write_text(scenario.read_text().replace('callback = "onSuccess"', 'callback = "onExit"'))
    result = run(project, "test_more.py::test_instant_auth_from_a_file")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*AssertionError: expected onExit, Link called onSuccess*"])


def test_a_flow_that_goes_wrong_fails_the_snapshot_test_and_compares_no_pane(project):
    test = project.path / "test_link.py"
    test.write_text(test.read_text().replace('select = "ins_109508"', 'select = "ins_999999"'))
    result = run(project, SNAPSHOT_TEST)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the flow did not go as scripted, so no pane was compared: "
                                 "ins_999999 is not listed on SELECT_INSTITUTION*"])
    assert "snapshots passed" not in result.stdout.str() and "snapshot failed" not in result.stdout.str()


def test_a_changed_pane_fails_with_the_snapshot_report(project):
    picture = project.path / PANES.format("03_CREDENTIAL")
    svg = picture.read_text()
    assert "First&#160;Platypus&#160;Bank" in svg  # the card's header
    picture.write_text(svg.replace("First&#160;Platypus&#160;Bank", "First&#160;Plotypus&#160;Bank", 1))
    result = run(project, SNAPSHOT_TEST)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*1 of 5 panes differ from their snapshots: 03_CREDENTIAL. "
                                 "Run pytest with --snapshot-update to accept them.",
                                 "*1 snapshot failed. 4 snapshots passed.*",
                                 "*Textual Snapshot Report*", "*mismatched snapshots*"])
    report = (project.path / "snapshot_report.html").read_text()
    assert "test_every_pane_looks_as_before[03_CREDENTIAL]" in report
    assert "test_every_pane_looks_as_before[01_CONSENT]" not in report


def test_a_missing_pane_snapshot_fails_and_snapshot_update_writes_it_again(project):
    picture = project.path / PANES.format("05_CONNECTED")
    committed = picture.read_text()
    picture.unlink()
    result = run(project, SNAPSHOT_TEST)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*1 of 5 panes differ from their snapshots: 05_CONNECTED (no snapshot yet).*"])
    updated = run(project, SNAPSHOT_TEST, "--snapshot-update")
    updated.assert_outcomes(passed=1)
    updated.stdout.fnmatch_lines(["*4 snapshots passed. 1 snapshot generated.*"])
    assert picture.read_text() == committed  # the same picture: panes are deterministic


def test_a_leftover_pane_snapshot_fails_the_session(project):
    """A flow that visits fewer panes than it did leaves a snapshot no test uses: syrupy fails the session (it
    finds leftovers when whole files run, as here, not when single tests are picked by node id or -k)."""
    shutil.copy(project.path / PANES.format("05_CONNECTED"), project.path / PANES.format("06_CONNECTED"))
    result = run(project, "test_link.py")
    result.assert_outcomes(passed=3)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*5 snapshots passed. 1 snapshot unused.*"])


def test_tuilink_snapshots_says_what_it_needs(project):
    result = run(project, "-p", "no:textual-snapshot", SNAPSHOT_TEST)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*tuilink_snapshots needs the pytest-textual-snapshot and syrupy plugins*"])


WRONG_CODE_THEN_EXIT = """
[link_token]
client_name = "Acme Ledger"
products = ["auth"]
country_codes = ["US"]
language = "en"
user = { client_user_id = "user-1" }
[[steps]]
action = "continue"
[[steps]]
phone = "4155550011"
[[steps]]
otp = "000000"
[[steps]]
otp = "123456"
[[steps]]
action = "exit"
[[steps]]
action = "exit"
"""
# Its panes that the pane catalogue pictures too (VERIFY_PHONE twice: the second visit shows the wrong code).
WRONG_CODE_SAME_AS = {"01_CONSENT": "consent", "03_VERIFY_PHONE": "verify_phone",
                      "04_VERIFY_PHONE": "verify_phone_wrong",
                      "05_SELECT_SAVED_INSTITUTION": "select_saved_institution"}


def test_snapshot_update_writes_a_picture_per_pane_visit_at_the_flows_size(project, monkeypatch):
    """A pane visited twice is pictured twice, each time settled (the second VERIFY_PHONE with its inline error,
    not with the Continue just pressed); at 120x40 the pictures are the pane catalogue's 120x40 ones, NO_COLOR
    in the environment or not; a second flow in the same test goes on with the numbering."""
    monkeypatch.setenv("NO_COLOR", "1")
    (project.path / "test_wide.py").write_text(
        f"FLOW = {WRONG_CODE_THEN_EXIT!r}\n\n\n"
        "def test_wide(tuilink_snapshots):\n"
        "    assert tuilink_snapshots(FLOW, size=(120, 40)).callback['callback'] == 'onExit'\n"
        "    at_once = FLOW.split('[[steps]]')[0] + '[[steps]]\\naction = \"exit\"\\n' * 2\n"
        "    assert tuilink_snapshots(at_once, size=(120, 40)).panes == ['CONSENT', 'EXIT']\n")
    result = run(project, "test_wide.py", "--snapshot-update")
    result.assert_outcomes(passed=1)
    assert os.environ["NO_COLOR"] == "1"  # left as the test found it
    folder = project.path / "__snapshots__" / "test_wide"
    panes = ["01_CONSENT", "02_SUBMIT_PHONE", "03_VERIFY_PHONE", "04_VERIFY_PHONE", "05_SELECT_SAVED_INSTITUTION",
             "06_EXIT", "07_CONSENT", "08_EXIT"]
    assert sorted(p.name for p in folder.iterdir()) == [f"test_wide[{pane}].svg" for pane in panes]
    for pane, name in WRONG_CODE_SAME_AS.items():
        wide = (folder / f"test_wide[{pane}].svg").read_text()
        assert wide == (CATALOGUE / f"test_pane_120x40[{name}].svg").read_text(), pane
    assert (folder / "test_wide[07_CONSENT].svg").read_text() == (folder / "test_wide[01_CONSENT].svg").read_text()


@pytest.mark.parametrize("pane", SAME_AS)
def test_the_sample_pictures_are_the_pane_catalogues(pane):
    """tuilink_snapshots pictures a pane exactly as the project's own snapshot tests (snap_compare) do.
    After a pane changes on purpose, update both: `pytest tests/snapshots --snapshot-update` and
    `cd tests/plugin/sample && python -m pytest --snapshot-update`."""
    ours = (SAMPLE / PANES.format(pane)).read_text()
    assert ours == (CATALOGUE / f"test_pane_80x24[{SAME_AS[pane]}].svg").read_text()


def test_the_projects_own_runs_do_not_collect_the_sample(inner):
    """The sample runs in its own session above; collected by the project's runs as well, it would run twice and
    its snapshots would be checked by a session that cannot tell a leftover (xdist)."""
    root = Path(__file__).parents[2]
    result = inner.runpytest_inprocess("--collect-only", "-q", "-p", "no:hypothesispytest", "--rootdir", str(root),
                                       "-c", str(root / "pyproject.toml"), str(Path(__file__).parent))
    assert result.ret == pytest.ExitCode.OK
    collected = [line for line in result.outlines if "::" in line]
    assert collected and not [line for line in collected if line.startswith("tests/plugin/sample/")]


def test_the_docs_example_is_the_sample_suites_test_file():
    """docs/SCENARIOS.md's copy-paste example is the file this suite runs."""
    page = (Path(__file__).parents[2] / "docs" / "SCENARIOS.md").read_text()
    section = page.split("## Testing your integration with pytest\n", 1)[1].split("\n## ", 1)[0]
    example = section.split("```python\n", 1)[1].split("```\n", 1)[0]
    assert example == (SAMPLE / "test_link.py").read_text()


def test_loading_the_plugin_imports_neither_textual_nor_the_sandbox():
    """pytest imports the plugin at every start-up where tuilink is installed."""
    code = "import sys, tuilink.scripts.pytest_plugin; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(out.split())
    heavy = ("textual", "pydantic", "rich", "tuilink.ui", "tuilink.sandbox", "tuilink.flow", "tuilink.scripts.runner")
    assert not {m for m in loaded for h in heavy if m == h or m.startswith(h + ".")}
