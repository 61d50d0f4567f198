"""The `tuilink` command line: help without Textual, one-line errors with exit status 2, the cheat sheet."""
import json
import subprocess
import sys

import pytest

TUILINK = [sys.executable, "-m", "tuilink"]


def tuilink(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*TUILINK, *args], capture_output=True, text=True, timeout=120, **kw)


def test_help_lists_the_public_flags_and_commands():
    out = tuilink("--help")
    assert out.returncode == 0
    for flag in ["--products", "--country-codes", "--phone", "--client-name", "--config", "--events", "--result",
                 "--state", "--no-returning-user", "run", "institutions"]:
        assert flag in out.stdout


def test_help_does_not_import_textual_or_dataclasses():
    """`--help` loads neither the UI nor dataclasses (12 ms of inspect and friends)."""
    code = ("import sys\nfrom tuilink.cli import main\nsys.argv=['tuilink','--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'dataclasses')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[]"), out.stdout


@pytest.mark.parametrize("args,fragment", [
    (["--bogus"], "--bogus"),
    (["--products", "auth,teleport"], "INVALID_PRODUCT"),
    (["--country-codes", "ZZ"], "INVALID_FIELD"),
    (["--phone", "12345"], "INVALID_FIELD"),
    (["--client-name", ""], "INVALID_FIELD"),
    (["--config", "/nonexistent.json"], "--config"),
    (["--account-select", "some"], "--account-select"),
    (["run"], "SCRIPTS"),
])
def test_bad_flags_get_one_clear_line_and_status_2(args, fragment):
    out = tuilink(*args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in out.stderr
    assert out.stdout == ""


def test_bad_config_files(tmp_path):
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json")
    out = tuilink("--config", str(bad_json))
    assert out.returncode == 2 and "not valid JSON" in out.stderr
    toml = tmp_path / "token.toml"
    toml.write_text('client_name = "X"\nproducts = ["auth"]\nnope = 1\n')
    out = tuilink("--config", str(toml))
    assert out.returncode == 2 and "UNKNOWN_FIELDS" in out.stderr and "nope" in out.stderr


def test_institutions_cheat_sheet():
    out = tuilink("institutions", "houndstooth")
    assert out.returncode == 0
    assert "ins_109512" in out.stdout and "instant_match" in out.stdout
    everything = tuilink("institutions").stdout
    assert "ins_127287" in everything and "DEGRADED" in everything
    assert tuilink("institutions", "zzzz-none").returncode == 1


def test_institutions_piped_is_tsv():
    lines = tuilink("institutions").stdout.splitlines()
    assert lines[0].split("\t") == ["ID", "NAME", "COUNTRY", "AUTH FLOWS", "OAUTH", "HEALTH", "NOTE"]
    assert len(lines) > 10 and all(len(line.split("\t")) == 7 for line in lines)


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_institutions_fit_the_terminal(width):
    from tuilink.cli import fit_table
    from tuilink.sandbox.catalogue import default_catalogue

    rows = [("ID", "NAME", "COUNTRY", "AUTH FLOWS", "OAUTH", "HEALTH", "NOTE")]
    rows += [(i.institution_id, i.name, ",".join(i.country_codes), ",".join(i.auth_methods) or "-",
              "yes" if i.oauth else "no", i.health, i.note) for i in default_catalogue().institutions]
    lines = fit_table(rows, width)
    assert max(len(line) for line in lines) <= width
    shown = " ".join(lines)
    assert all(i.institution_id in shown for i in default_catalogue().institutions)  # nothing left out
    assert " ".join(rows[1][6].split()) in " ".join(shown.split())  # a note wraps, whole and in order


def test_institutions_in_a_terminal_fit_its_width(tmp_path):
    """Through a real pty of 80 columns: no line is wider."""
    import os
    import pty

    pid, fd = pty.fork()
    if pid == 0:
        os.environ["COLUMNS"] = "80"
        os.execv(sys.executable, [*TUILINK, "institutions"])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    lines = out.decode().replace("\r", "").splitlines()
    assert len(lines) > 10 and max(len(line) for line in lines) <= 80 and "\t" not in out.decode()


def test_run_reports_pass_and_fail(tmp_path):
    good = "assets/scenarios/instant_auth.toml"
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(open(good).read().replace('callback = "onSuccess"', 'callback = "onExit"'))
    broken = tmp_path / "broken.toml"
    broken.write_text("this is [not toml")
    events, result = tmp_path / "events.jsonl", tmp_path / "result.json"
    out = tuilink("run", good, str(wrong), str(broken), "--events", str(events), "--result", str(result))
    assert out.returncode == 1
    lines = out.stdout.strip().splitlines()
    assert lines[0] == f"PASS {good}"
    assert lines[1].startswith(f"FAIL {wrong}: expected onExit, Link called onSuccess")
    assert lines[2].startswith(f"FAIL {broken}: not valid TOML")
    assert json.loads(result.read_text())["callback"] == "onSuccess"
    assert len(events.read_text().splitlines()) == 20
    assert tuilink("run", good).returncode == 0


def test_exchange_and_items_for_a_micro_deposit_item(tmp_path):
    state, result = str(tmp_path / "sandbox.db"), tmp_path / "result.json"
    linked = tuilink("run", "--state", state, "--result", str(result),
                     "assets/scenarios/same_day_microdeposits_1_link.toml")
    assert linked.stdout.startswith("PASS"), linked.stdout
    listed = json.loads(tuilink("items", "--state", state, "--json").stdout)
    assert listed["institution_id"] is None and listed["auth_method"] == "SAME_DAY_MICRODEPOSITS"
    assert listed["accounts"][0]["verification_status"] == "pending_manual_verification"
    exchanged = json.loads(tuilink("exchange", json.loads(result.read_text())["public_token"], "--state", state).stdout)
    assert exchanged["access_token"] == listed["access_token"] and exchanged["item_id"] == listed["item_id"]
    again = tuilink("exchange", json.loads(result.read_text())["public_token"], "--state", state)
    assert again.returncode == 1 and "INVALID_PUBLIC_TOKEN" in again.stderr
    assert tuilink("items", "--state", str(tmp_path / "missing.db")).returncode == 2


def test_update_mode_after_reset_login_keeps_the_access_token(tmp_path):
    state, result = str(tmp_path / "sandbox.db"), tmp_path / "result.json"
    assert tuilink("run", "--state", state, "assets/scenarios/update_mode_1_link.toml").returncode == 0
    item = json.loads(tuilink("items", "--state", state, "--json").stdout)
    reset = tuilink("reset-login", item["access_token"], "--state", state)
    assert json.loads(reset.stdout)["reset_login"] is True
    assert json.loads(tuilink("items", "--state", state, "--json").stdout)["error"] == "ITEM_LOGIN_REQUIRED"
    relogin = tuilink("run", "--state", state, "--result", str(result), "assets/scenarios/update_mode_2_relogin.toml")
    assert relogin.stdout.startswith("PASS"), relogin.stdout
    assert json.loads(tuilink("items", "--state", state, "--json").stdout)["error"] is None
    exchanged = json.loads(tuilink("exchange", json.loads(result.read_text())["public_token"], "--state", state).stdout)
    assert exchanged["access_token"] == item["access_token"]
    assert tuilink("reset-login", "access-sandbox-nope", "--state", state).returncode == 1
