"""Without a terminal (stdin from /dev/null, a CI job that runs Link by mistake), tuilink says so in one line
and exits 2 instead of drawing escape codes into a pipe and waiting forever for keys."""
import subprocess
import sys

import pytest

NO_TERMINAL = "tuilink needs a terminal; for scripts use `tuilink run`"


@pytest.mark.parametrize(("args", "message"), [
    ([], NO_TERMINAL),
    (["--no-returning-user", "--products", "auth,identity"], NO_TERMINAL),
    (["demo"], "tuilink demo needs a terminal; for scripts use `tuilink run`"),
])
def test_no_terminal_is_one_line_and_exit_2(args, message):
    done = subprocess.run([sys.executable, "-m", "tuilink", *args], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == f"tuilink: {message}\n" and done.stdout == ""


def test_a_bad_flag_is_still_reported_first():
    done = subprocess.run([sys.executable, "-m", "tuilink", "--products", "nope"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.startswith("tuilink: INVALID_PRODUCT")
