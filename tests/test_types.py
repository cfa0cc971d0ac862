"""The generator's types hold: mypy, as configured in pyproject.toml ([tool.mypy]), finds
nothing in generator/. A key annotated `int` that holds a Task, a `site` that is not a Site,
a value that may be None used as if it could not: each is an error here, not at a user's build."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT


def test_mypy_finds_no_error_in_the_generator():
    # mypy's own incremental cache (.mypy_cache/, ignored by git): a run after a small change
    # checks what changed and what depends on it
    result = subprocess.run([sys.executable, "-m", "mypy"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"mypy (pyproject.toml [tool.mypy]):\n{result.stdout}{result.stderr}"
