"""`python -m bench.engines [--plans real,100,1000] [--runs N]`: each build engine's time and peak memory.

For each size (`real` is the project's own content; a number is that many plans of the bench's
synthetic corpus, bench/corpus.py, the one `make bench` builds), in a scratch copy of the project:

- MkDocs 1.6 + Material + our plugin (`mkdocs build --strict`: what `make site` runs);
- ProperDocs + Material + our plugin (`properdocs build --strict -f mkdocs.yml`);
- `python -m generator docs OUT`, then Zensical on OUT (`zensical build --strict`), with the
  search index switched off as `generator docs` writes it, and once more with Zensical's own
  search switched on (what it does by default), to show what that index costs;
- the continuations that cannot share our environment (mkdocs-ng, mkdocs-materialx), when their
  environments exist (`make engines`, scripts/engine-venv).

Steps run interleaved, N rounds; each is measured as `make bench` measures a build (wall seconds
and the peak summed RSS of the process tree, bench/measure.py) plus CPU seconds (user + system
of every process it waited for), which say more than wall seconds on a busy machine. A step
that fails is recorded with the last line of its output, not stopped on: Zensical's search
index refuses a page past its size limit, and that is a result. The table is printed as
Markdown and the whole run written to bench/results/engines-<time>.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import corpus, measure

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ENGINE_VENVS = ROOT / ".venv-engines"  # made by scripts/engine-venv (make engines)


@dataclass
class Step:
    name: str
    command: list[str]
    cwd: Path


def _with_search(out: Path) -> Path:
    """A copy of OUT/mkdocs.yml with Zensical's own search index on (its default)."""
    text = (out / "mkdocs.yml").read_text(encoding="utf-8")
    searched = out / "mkdocs-search.yml"
    searched.write_text(text.replace("enabled: false", "enabled: true", 1), encoding="utf-8")
    return searched


def steps(project: Path) -> list[Step]:
    out = project / "out"
    python = sys.executable
    zensical = [python, "-m", "zensical", "build", "--strict", "--clean", "-f"]
    found = [
        Step("MkDocs 1.6 + Material + plugin", [python, "-m", "mkdocs", "build", "--strict"], project),
        Step("ProperDocs 1.6 + Material + plugin", [python, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"],
             project),
        Step("`generator docs OUT`", [python, "-m", "generator", "docs", str(out)], project),
        Step("Zensical on OUT, its search off (as written)", [*zensical, "mkdocs.yml"], out),
        Step("Zensical on OUT, its search on", [*zensical, "mkdocs-search.yml"], out),
    ]
    for engine, label in (("mkdocs-ng", "mkdocs-ng 1.8 + mkdocs-ng-material + plugin"),
                          ("materialx", "MkDocs 1.6 + mkdocs-materialx + plugin")):
        venv_python = ENGINE_VENVS / engine / "bin" / "python"
        if venv_python.exists():
            config = "mkdocs-materialx.yml" if engine == "materialx" else "mkdocs.yml"
            found.append(Step(label, [str(venv_python), "-m", "mkdocs", "build", "--strict", "-f", config], project))
    return found


def materialx_config(project: Path) -> None:
    """mkdocs-materialx installs the theme as `materialx`: the one line a site owner changes."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs-materialx.yml").write_text(text.replace("  name: material\n", "  name: materialx\n", 1),
                                                  encoding="utf-8")


def measured(step: Step) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = measure.run_sampled(step.command, step.cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu_seconds"] = round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 3)
    if result["returncode"]:
        lines = [line for line in result["output_tail"].splitlines() if line.strip()]
        result["failure"] = lines[-1] if lines else f"exit {result['returncode']}"
    result.pop("output_tail", None)
    return result


def make_project(size: str, folder: Path) -> dict:
    """A scratch project (mkdocs.yml, theme/, content/) of the real content or a synthetic corpus."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", folder / "theme")
    if size == "real":
        shutil.copytree(ROOT / "content", folder / "content")
        made = {"plans": len(list((ROOT / "content" / "plans").glob("*.yaml")))}
    else:
        made = corpus.write_corpus(corpus.read_seed(ROOT / "content"), int(size), folder / "content")
    materialx_config(folder)
    return made


def run_size(size: str, rounds: int, scratch: Path, only: list[str]) -> dict:
    project = scratch / f"project-{size}"
    made = make_project(size, project)
    runs: dict[str, list[dict]] = {}
    chosen = [s for s in steps(project) if not only or any(word in s.name for word in only)]
    if any("Zensical" in s.name for s in chosen) and not any("generator docs" in s.name for s in chosen):
        chosen.insert(0, next(s for s in steps(project) if "generator docs" in s.name))  # Zensical builds its tree
    for _ in range(rounds):
        for step in chosen:
            if step.name.endswith("search on"):
                _with_search(project / "out")
            runs.setdefault(step.name, []).append(measured(step))
            print(f"  {size}: {step.name}: {runs[step.name][-1]}", file=sys.stderr, flush=True)
    pages = sum(1 for _ in (project / "site").rglob("*.html")) if (project / "site").is_dir() else None
    return {"size": size, "corpus": made, "html_pages": pages, "runs": runs, "load_average": os.getloadavg()}


def table(results: list[dict]) -> str:
    rows = ["| plans | step | wall s (median) | CPU s (median) | peak RSS GB (max) | result |",
            "|---|---|---:|---:|---:|---|"]
    for result in results:
        for name, runs in result["runs"].items():
            failures = [r["failure"] for r in runs if r.get("failure")]
            rows.append(
                f"| {result['size']} | {name} | {statistics.median(r['seconds'] for r in runs):.1f} | "
                f"{statistics.median(r['cpu_seconds'] for r in runs):.1f} | "
                f"{max(r['peak_rss_bytes'] for r in runs) / 1e9:.2f} | "
                f"{'fails: ' + failures[0][:160] if failures else 'ok'} |")
    return "\n".join(rows)


def sizes(text: str) -> list[str]:
    found = [s.strip() for s in text.split(",") if s.strip()]
    for size in found:
        if size != "real" and not (size.isdigit() and 1 <= int(size) <= 2000):
            raise argparse.ArgumentTypeError(f"{size!r}: give `real` or plan counts from 1 to 2000, e.g. real,100,1000")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engines", description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=sizes, default=["real"], help="sizes, comma-separated (default: real)")
    parser.add_argument("--runs", type=int, default=1, help="rounds of the steps at each size (default: 1)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the results JSON")
    parser.add_argument("--only", type=lambda t: [w for w in t.split(",") if w], default=[],
                        help="run only the steps whose name holds one of these words, comma-separated "
                             "(e.g. MkDocs,ProperDocs); a long run at 1,000 plans may need it")
    args = parser.parse_args(argv)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as scratch:
        for size in args.plans:
            results.append(run_size(size, args.runs, Path(scratch), args.only))
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"engines-{stamp}.json"
    path.write_text(json.dumps({"cores": os.cpu_count(), "results": results}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
    print(f"{args.runs} round(s) on {os.cpu_count()} cores\n\n{table(results)}\n\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
