"""Ctrl-C at any moment, from the first milliseconds on: one line, exit 130, no traceback
from cskb, nothing half-written. Real processes, real SIGINT, at several delays.

No timing is asserted: each delay lands wherever it lands (Python's start-up, cskb's
imports, the command's work), and every outcome must be a clean one. Before cskb's first
line runs (Python's own start-up and the console script's `import re`) an interrupt is
Python's to handle; the test accepts that only when no frame of cskb is in what it printed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CSKB = Path(sys.executable).with_name("cskb")
DELAYS = (0.0, 0.01, 0.03, 0.06, 0.1, 0.2, 0.4, 0.8, 1.5)
LINE = "cskb: error: interrupted\n"


def interrupted(args: list[str], delay: float, cwd: Path) -> tuple[int, str, str]:
    env = {**os.environ, "CSKB_SEARCH_SERVER": "0"}
    proc = subprocess.Popen(
        [str(CSKB), *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out.decode(), err.decode()


def assert_clean(rc: int, err: str, finished_ok: bool = True) -> bool:
    """True when cskb itself handled the interrupt (one line, 130)."""
    if "Traceback" in err or "Exception ignored" in err:
        assert rc in (1, -signal.SIGINT), err
        assert f"{os.sep}cskb{os.sep}" not in err.replace(str(CSKB), ""), (
            f"a traceback from cskb's own code:\n{err}"
        )
        return False
    if rc == -signal.SIGINT:  # before Python installed its handler: nothing printed
        assert err == "", err
        return False
    if rc == 0 and finished_ok and not err:
        return False  # the command was done before the signal came (a fast machine)
    assert rc == 130, (rc, err)
    assert err.endswith(LINE) and err.count("\n") == 1, err
    return True


@pytest.mark.skipif(not CSKB.exists(), reason="the cskb console script is not installed here")
def test_ctrl_c_at_any_moment_is_one_line_and_130(tmp_path: Path):
    handled = 0
    for i, delay in enumerate(DELAYS):
        rc, _, err = interrupted(["demo", str(tmp_path / f"demo{i}")], delay, tmp_path)
        handled += assert_clean(rc, err)
    assert handled, "no run was interrupted inside cskb: the test proved nothing"


@pytest.mark.skipif(not CSKB.exists(), reason="the cskb console script is not installed here")
def test_ctrl_c_during_site_leaves_no_half_written_site(tmp_path: Path):
    kb = tmp_path / "kb"
    subprocess.run([str(CSKB), "demo", str(kb)], check=True, capture_output=True)
    for i, delay in enumerate((0.05, 0.3, 0.8, 1.5, 2.5)):
        out = tmp_path / f"site{i}"
        rc, _, err = interrupted(["site", str(out)], delay, kb)
        assert_clean(rc, err)
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
        assert leftovers == [], leftovers  # no temporary build folder
        if out.exists():  # swapped in: then complete
            assert rc == 0 or (out / "index.html").is_file()
            assert (out / "index.html").is_file() and (out / "assets" / "site.css").is_file()
