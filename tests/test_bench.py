"""The benchmark works end to end (at N = 5), its corpus is valid content, and the speed-up it
led to (our pages skip Markdown's HTML parser) changes no page. No timing is asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import yaml

from bench import baseline, corpus
from generator import build
from helpers import MINI_CONTENT, ROOT, make_project


def run_bench(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory) -> tuple[dict, Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("bench-results")
    result = run_bench("--sizes", "5", "--out", str(out), "--queries", "校园")
    assert result.returncode == 0, result.stderr
    files = list(out.glob("*.json"))
    assert len(files) == 1, "one results file per run"
    return json.loads(files[0].read_text(encoding="utf-8")), files[0], result


def test_a_run_at_five_plans_records_build_site_and_baseline(bench_run):
    report, _, _ = bench_run
    machine = report["machine"]
    assert machine["cores"] >= 1 and machine["memory_bytes"] > 0
    assert machine["python"] and machine["mkdocs"] and machine["mkdocs-material"]
    (run,) = report["runs"]
    assert run["plans"] == 5 and run["corpus"]["plans"] == 5
    ours, theirs = run["ours"], run["baseline"]
    for side in (ours, theirs):
        assert side["build"]["returncode"] == 0
        assert side["build"]["seconds"] > 0 and side["build"]["peak_rss_bytes"] > 0
        if sys.platform.startswith("linux"):  # proportional set size: shared pages split, not counted twice
            assert 0 < side["build"]["peak_pss_bytes"] <= side["build"]["peak_rss_bytes"]
        assert side["site"]["pages"] > 0 and side["site"]["bytes"] > 0 and side["site"]["bytes_per_page"] > 0
    # The baseline has as many pages as our docs tree, of about the same Markdown size.
    assert theirs["markdown"]["pages"] == ours["docs_tree"]["markdown"]["pages"]
    assert theirs["site"]["pages"] == ours["site"]["pages"]
    md_ours, md_theirs = ours["docs_tree"]["markdown"]["bytes_per_page"], theirs["markdown"]["bytes_per_page"]
    assert abs(md_theirs - md_ours) < 0.1 * md_ours
    assert set(run["ratios"]) == {"build_seconds", "peak_rss", "bytes_per_page"}
    assert all(value > 0 for value in run["ratios"].values())
    assert "bytes" in ours["site"]["search_index"]


def test_a_run_measures_each_query_in_the_browser(bench_run):
    report, _, _ = bench_run
    search = report["runs"][0]["search"]
    assert "error" not in search, search.get("error")
    assert [q["query"] for q in search["queries"]] == ["校园"]
    for query in search["queries"]:
        assert "error" not in query, query["error"]
        assert query["characters"] == 2
        assert query["first_result_ms"] > 0 and query["results_shown"] >= 1
        assert query["bytes_before_first_result"] > 0
        assert query["search_bytes_total"] >= query["bytes_before_first_result"]


def test_the_summary_is_reproduced_from_the_json(bench_run):
    report, path, result = bench_run
    again = run_bench("--summary", str(path))
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() in result.stdout
    assert f"| 5 | {report['runs'][0]['ours']['site']['pages']} |" in again.stdout
    assert "build time / baseline" in again.stdout


@pytest.fixture(scope="module")
def seed():
    return corpus.read_seed(ROOT / "content")


def test_the_corpus_is_valid_public_content_and_the_same_for_the_same_seed(seed, tmp_path):
    first = corpus.write_corpus(seed, 12, tmp_path / "a" / "content", rng_seed=7)
    corpus.write_corpus(seed, 12, tmp_path / "b" / "content", rng_seed=7)
    assert first == {"plans": 12, "jurisdictions": 3, "tasks": first["tasks"], "reports": 6} and first["tasks"] > 12
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)
    check = subprocess.run([sys.executable, "-m", "generator", "check", "--root", str(tmp_path / "a")],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok: 12 plans")
    assert check.stdout.count("— published") == 12 + 6  # every plan and every synthetic progress report


def test_another_seed_gives_another_corpus(seed, tmp_path):
    corpus.write_corpus(seed, 3, tmp_path / "a", rng_seed=1)
    corpus.write_corpus(seed, 3, tmp_path / "b", rng_seed=2)
    plan = sorted((tmp_path / "a" / "plans").iterdir())[0].name
    assert (tmp_path / "a" / "plans" / plan).read_bytes() != (tmp_path / "b" / "plans" / plan).read_bytes()


def test_the_baseline_has_the_pages_asked_for_and_a_top_level_nav(seed, tmp_path):
    made = baseline.write_baseline(seed, 20, 5000, tmp_path)
    pages = list((tmp_path / "docs").rglob("*.md"))
    assert len(pages) == made["pages"] == 20
    assert 5000 <= made["bytes_per_page"] < 5000 * 1.2
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == [] and config["theme"]["name"] == "material"
    assert len(config["nav"]) == len(baseline.TOP) < len(pages)


def _markdown(root: Path) -> markdown.Markdown:
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    return markdown.Markdown(extensions=["toc", *config.get("markdown_extensions", [])])


@pytest.mark.parametrize("content", [ROOT / "content", MINI_CONTENT], ids=["real", "mini"])
def test_every_generated_page_is_html_that_markdown_leaves_as_it_is(content, tmp_path):
    """The plugin hands Markdown nothing to parse on our pages; a plain MkDocs build of the
    docs tree parses them; both must show the same page."""
    project = make_project(tmp_path, content)
    tree = build.generate(build.load_site(project, build.BuildOptions()))
    md = _markdown(project)
    pages = {path: text for path, text in tree.items() if path.endswith(".md")}
    assert pages
    for path, text in pages.items():
        body = text.split("\n---\n", 1)[1]
        assert build.is_html_block(body), path
        assert md.reset().convert(body) == body.strip(), path
        assert not md.toc_tokens, path


def test_bad_arguments_give_a_message_not_a_traceback(tmp_path):
    wrong = run_bench("--sizes", "many")
    assert wrong.returncode == 2 and "plan counts" in wrong.stderr and "Traceback" not in wrong.stderr
    missing = run_bench("--summary", str(tmp_path / "none.json"))
    assert missing.returncode == 1 and "error:" in missing.stderr and "Traceback" not in missing.stderr
