"""scripts/ensure-test-tools installs each thing the tests need on its own: a machine with
Chromium but no CJK fonts gets the fonts (it used to get them only with Chromium)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from helpers import ROOT

SCRIPT = ROOT / "scripts" / "ensure-test-tools"


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def run_script(tmp_path: Path, fonts: str) -> list[str]:
    """Run the script as root with apt-get, id, fc-list and npm stubbed; the apt-get calls it made."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    log = tmp_path / "apt.log"
    _stub(stubs, "apt-get", f'echo "$*" >> {log}')
    _stub(stubs, "id", "echo 0")
    _stub(stubs, "fc-list", f"printf '{fonts}'")
    _stub(stubs, "npm", "exit 0")
    _stub(stubs, "chromium", "exit 0")
    environment = {**os.environ, "PATH": f"{stubs}:/usr/bin:/bin", "CHROMIUM": str(stubs / "chromium")}
    result = subprocess.run(["bash", str(SCRIPT)], env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_missing_cjk_fonts_are_installed_when_chromium_is_there(tmp_path):
    calls = run_script(tmp_path, fonts="")
    installs = [c for c in calls if c.startswith("install")]
    assert len(installs) == 1 and "fonts-noto-cjk" in installs[0].split()
    assert "chromium" not in installs[0].split() and "npm" not in installs[0].split()


def test_nothing_is_installed_when_everything_is_there(tmp_path):
    assert run_script(tmp_path, fonts="Noto Sans CJK SC\\n") == []
