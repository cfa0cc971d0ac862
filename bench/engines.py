"""`python -m bench.engines [--runs N]`: the public build's time with each engine (docs/engines.md).

Runs interleaved (MkDocs, ProperDocs, `generator docs` + Zensical, then Zensical again on its
cache), N rounds, in a copy of the project; prints the median and the lowest wall and CPU
seconds as a Markdown table. CPU seconds (user + system, of every process of the build) say
more than wall seconds on a busy machine; both are shown, with the load average of the run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def steps(project: Path) -> list[tuple[str, list[str], Path]]:
    out = project / "out"
    zensical = [sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"]
    return [
        ("MkDocs 1.6 + plugin: `mkdocs build --strict`", [sys.executable, "-m", "mkdocs", "build", "--strict"], project),
        ("ProperDocs + plugin: `properdocs build --strict -f mkdocs.yml`",
         [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"], project),
        ("`python -m generator docs OUT`", [sys.executable, "-m", "generator", "docs", str(out)], project),
        ("Zensical on OUT: `zensical build --strict` (new OUT, no cache)", zensical, out),
        ("Zensical again, on its cache in OUT/.cache", zensical, out),
    ]


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run (CPU of the command and every process it waited for)."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("PLANS_REVIEW", None)
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engines", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds of the five steps (default: 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as folder:
        project = Path(folder) / "project"
        project.mkdir()
        shutil.copy(ROOT / "mkdocs.yml", project)
        for name in ("theme", "content"):
            shutil.copytree(ROOT / name, project / name)
        results: dict[str, list[tuple[float, float]]] = {}
        loads = []
        for _ in range(args.runs):
            for name, command, cwd in steps(project):
                results.setdefault(name, []).append(timed(command, cwd))
            loads.append(os.getloadavg()[0])
    print(f"{args.runs} rounds on {os.cpu_count()} cores, load average {min(loads):.1f}–{max(loads):.1f}\n")
    print("| step | wall s, median | wall s, lowest | CPU s, median | CPU s, lowest |\n|---|---:|---:|---:|---:|")
    for name, runs in results.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(f"| {name} | {statistics.median(walls):.2f} | {min(walls):.2f} | "
              f"{statistics.median(cpus):.2f} | {min(cpus):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
