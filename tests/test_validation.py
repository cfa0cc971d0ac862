"""Bad content gets a clear error naming file and line, and nothing is published half-way.

Each case of tests/fixtures/broken/cases.yaml breaks a copy of the mini content one way. An
editor running `python -m generator check` or `mkdocs build` must be told where and what to
do, never shown a traceback, and a site built before must stay exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import loading
from generator.loading import MAX_DEPTH, ContentErrors, link, read_content, read_yaml
from helpers import FIXTURES, MINI_CONTENT, ROOT, make_project, run_mkdocs

CASES = yaml.safe_load((FIXTURES / "broken" / "cases.yaml").read_text(encoding="utf-8"))
ALPHA = "plans/alpha-2023.yaml"


def _bytes_cases() -> list[dict]:
    """Cases whose bytes a YAML fixture cannot hold."""
    plan = (MINI_CONTENT / ALPHA).read_text(encoding="utf-8")
    huge = plan.replace("preamble: [做好年度食品安全工作。]", "preamble: [" + "做好年度食品安全工作。" * 350_000 + "]")
    assert len(huge.encode("utf-8")) > 10 * 1024 * 1024
    return [
        {"name": "gb18030", "bytes": {"file": ALPHA, "data": plan.encode("gb18030")},
         "where": f"content/{ALPHA}:3", "says": "is not UTF-8 text: save it as UTF-8"},
        {"name": "utf-16", "bytes": {"file": ALPHA, "data": plan.encode("utf-16")},
         "where": f"content/{ALPHA}:1", "says": "is not UTF-8 text"},
        {"name": "ten-megabytes", "bytes": {"file": ALPHA, "data": huge.encode("utf-8")},
         "where": f"content/{ALPHA}", "says": "content files are limited to 8 MB"},
    ]


ALL_CASES = CASES + _bytes_cases()
IDS = [case["name"] for case in ALL_CASES]


def break_content(content: Path, case: dict) -> None:
    """Apply one case's edit to a copy of the content folder."""
    if "replace" in case:
        spec = case["replace"]
        path = content / spec["file"]
        text = path.read_text(encoding="utf-8")
        assert spec["old"] in text, f"{case['name']}: {spec['old']!r} is no longer in the mini fixture"
        path.write_text(text.replace(spec["old"], spec["new"], 1), encoding="utf-8")
    elif "write" in case:
        (content / case["write"]["file"]).write_text(case["write"]["text"], encoding="utf-8")
    elif "copy" in case:
        shutil.copy(content / case["copy"]["from"], content / case["copy"]["to"])
    elif "delete" in case:
        (content / case["delete"]["file"]).unlink()
    elif "bytes" in case:
        (content / case["bytes"]["file"]).write_bytes(case["bytes"]["data"])
    else:
        raise AssertionError(f"case {case['name']} has no edit")


def names_the_problem(output: str, case: dict) -> bool:
    """One line of the output says where (file or file:line) and what (with what to do)."""
    return any(line.strip().startswith(f"{case['where']}: ") and case["says"] in line for line in output.splitlines())


def site_hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_mini(tmp_path_factory) -> Path:
    """The mini project built once; each case breaks a copy of it, site/ included."""
    project = make_project(tmp_path_factory.mktemp("built-mini"), MINI_CONTENT)
    run_mkdocs(project)
    return project


def test_the_mini_fixture_is_valid():
    link(read_content(MINI_CONTENT))


@pytest.mark.parametrize("case", ALL_CASES, ids=IDS)
def test_loader_names_the_file_the_line_and_what_to_do(tmp_path, case):
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    break_content(content, case)
    with pytest.raises(ContentErrors) as caught:
        link(read_content(content))
    assert names_the_problem(str(caught.value), case), str(caught.value)


@pytest.mark.parametrize("case", ALL_CASES, ids=IDS)
def test_check_command_exits_1_with_the_message_and_no_traceback(tmp_path, case):
    project = make_project(tmp_path, MINI_CONTENT)
    break_content(project / "content", case)
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--root", str(project)],
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert names_the_problem(output, case), output


@pytest.mark.parametrize("case", ALL_CASES, ids=IDS)
def test_mkdocs_build_fails_cleanly_and_leaves_the_previous_site(tmp_path, built_mini, case):
    project = tmp_path / "project"
    shutil.copytree(built_mini, project, symlinks=True)
    before = site_hashes(project / "site")
    break_content(project / "content", case)
    result = run_mkdocs(project, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    assert names_the_problem(output, case), output
    assert site_hashes(project / "site") == before
    assert sorted(p.name for p in project.iterdir()) == ["content", "mkdocs.yml", "site", "theme"]


def test_docs_command_fails_cleanly_and_writes_nothing(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)
    break_content(project / "content", CASES[IDS.index("unknown-unit")])
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "generator", "docs", str(out), "--root", str(project)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "unknown unit `县公安厅`" in result.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


@pytest.mark.parametrize("text, problem", [
    ("site_name: [unclosed\n", "line 1"),
    ("- site_name\n", "holds no settings"),
    ("site_name: !relative $nowhere/x\n", "Unknown prefix"),
], ids=["not YAML", "not a mapping", "bad !relative"])
def test_docs_command_names_an_unreadable_mkdocs_yml_and_writes_nothing(tmp_path, text, problem):
    project = make_project(tmp_path, MINI_CONTENT)
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "generator", "docs", str(out), "--root", str(project)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert str(project / "mkdocs.yml") in result.stderr and problem in result.stderr, result.stderr
    assert not out.exists()


def test_every_problem_is_reported_at_once(tmp_path):
    """An editor fixes a file in one pass: two problems in two files come out together."""
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    for name in ("unknown-unit", "unknown-kind"):
        break_content(content, CASES[IDS.index(name)])
    with pytest.raises(ContentErrors) as caught:
        link(read_content(content))
    text = str(caught.value)
    assert "content/plans/alpha-2023.yaml:39: unknown unit" in text
    assert "content/agencies/alpha.yaml:6: unknown kind" in text


def test_a_rebuild_after_a_good_change_replaces_the_site(tmp_path, built_mini):
    """The swap is real: a good build does change site/ (so the comparisons above can fail)."""
    project = tmp_path / "project"
    shutil.copytree(built_mini, project, symlinks=True)
    before = site_hashes(project / "site")
    plan = project / "content" / ALPHA
    plan.write_text(plan.read_text(encoding="utf-8").replace("做好年度食品安全工作。", "做好全年食品安全工作。"),
                    encoding="utf-8")
    run_mkdocs(project)
    after = site_hashes(project / "site")
    assert after != before
    assert "做好全年食品安全工作。" in (project / "site" / "plans" / "alpha-2023" / "index.html").read_text(
        encoding="utf-8")
    assert sorted(p.name for p in project.iterdir()) == ["content", "mkdocs.yml", "site", "theme"]


def test_a_strict_build_aborted_for_warnings_leaves_the_previous_site(tmp_path, built_mini):
    """MkDocs aborts a --strict build only after its last step: the old site must survive that too."""
    project = tmp_path / "project"
    shutil.copytree(built_mini, project, symlinks=True)
    before = site_hashes(project / "site")
    (project / "content" / "pages" / "broken-link.md").write_text("# 断链\n\n[断链](no-such-page.md)\n",
                                                                 encoding="utf-8")
    result = run_mkdocs(project, "--strict", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "strict mode" in output
    assert "Traceback" not in output
    assert site_hashes(project / "site") == before
    assert sorted(p.name for p in project.iterdir()) == ["content", "mkdocs.yml", "site", "theme"]


def test_check_passes_on_good_content_with_exit_0(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--root", str(project)],
                            capture_output=True, text=True, timeout=120, env={**os.environ})
    assert result.returncode == 0, result.stderr
    assert "ok: 2 plans" in result.stdout


def _nested_block(depth: int) -> str:
    """A mapping `depth` levels deep, written in block style, two spaces a level."""
    return "".join(f"{'  ' * level}k{level}:\n" for level in range(depth)) + f"{'  ' * depth}leaf\n"


@pytest.mark.parametrize("text, line", [
    (_nested_block(MAX_DEPTH), MAX_DEPTH),         # modest indentation: libyaml may compose it, then it is measured
    ("a: " + "[" * 20_000 + "]" * 20_000 + "\n", 1),  # flow nesting that would exhaust a C stack
    ("- " * 60 + "x\n", 1),                       # nesting on one line
])
def test_absurd_nesting_is_refused_with_its_line(tmp_path, text, line):
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        read_yaml(path, "content/deep.yaml")
    assert f"content/deep.yaml:{line}: nests values more than {MAX_DEPTH} levels deep" in str(caught.value)


def test_a_file_near_the_nesting_limit_still_loads(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text(_nested_block(MAX_DEPTH - 1), encoding="utf-8")
    data, lines = read_yaml(path, "content/deep.yaml")
    assert lines[tuple(f"k{level}" for level in range(MAX_DEPTH - 1))] == MAX_DEPTH - 1
    assert data["k0"]["k1"]["k2"] is not None


@pytest.mark.parametrize("name", sorted(p.relative_to(ROOT / "content").as_posix()
                                        for p in (ROOT / "content").rglob("*.yaml")))
def test_libyaml_and_python_composing_give_the_same_values_and_lines(monkeypatch, name):
    """The fast path (libyaml composes) must read every real file exactly as the checked path does."""
    path = ROOT / "content" / name
    assert loading.safe_yaml._composable_in_c(path.read_text(encoding="utf-8"))  # else this compares a path with itself
    fast = read_yaml(path, name)
    monkeypatch.setattr(loading.safe_yaml, "_ComposingLoader", None)
    assert read_yaml(path, name) == fast
