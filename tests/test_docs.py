"""The docs name only what exists, and every command of the CLI is documented.

A newcomer follows the README and docs/: each module and file they name must be there, each
`python -m generator COMMAND --option` must be one the program accepts, each `make TARGET`
one the Makefile has; and each command the program offers must be in the README.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from helpers import ROOT


DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMAND = re.compile(r"python3? -m generator ([a-z][\w-]*)([^`\n|]*)")
OPTION = re.compile(r"(?<![\w-])(--[a-z][\w-]*)")
PATH = re.compile(r"`((?:generator|theme|tests|bench|content|docs|scripts)/[^`*\s<>{}]*)`")
MAKE = re.compile(r"`make ([a-z][\w-]*)")
MODULE_ROW = re.compile(r"^\| ((?:`[\w/.]+(?:\.py|/)`(?:, )?)+) \|", re.MULTILINE)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _help(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "generator", *args, "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env={"LANG": "en_US.UTF-8",
                                                                              "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return result.stdout


@cache
def commands() -> list[str]:
    choices = re.search(r"\{([\w,-]+)\}", _help())
    assert choices, "python -m generator --help lists no commands"
    return choices.group(1).split(",")


@cache
def options(command: str) -> set[str]:
    return set(OPTION.findall(_help(command))) | {"--help"}


def mentions(pattern: re.Pattern) -> list[tuple[str, re.Match]]:
    return [(path.relative_to(ROOT).as_posix(), match) for path in DOCS for match in pattern.finditer(_text(path))]


def test_every_command_the_docs_name_exists_with_its_options():
    wrong = []
    for where, match in mentions(COMMAND):
        command, rest = match.group(1), match.group(2)
        if command not in commands():
            wrong.append(f"{where}: python -m generator {command}: no such command")
            continue
        wrong += [f"{where}: python -m generator {command} {option}: no such option"
                  for option in OPTION.findall(rest) if option not in options(command)]
    assert wrong == []


def test_every_command_is_documented_in_the_readme():
    readme = _text(ROOT / "README.md")
    assert [c for c in commands() if f"python -m generator {c}" not in readme] == []


def test_every_path_the_docs_name_exists():
    missing = [f"{where}: {match.group(1)}" for where, match in mentions(PATH)
               if not (ROOT / match.group(1).rstrip("/")).exists()]
    assert missing == []


def module_rows() -> list[str]:
    """The names in the first cell of the README's module table (`schema.py`, `loading/` …)."""
    return [name for cell in MODULE_ROW.findall(_text(ROOT / "README.md")) for name in re.findall(r"`([^`]+)`", cell)]


def test_every_module_the_readme_table_names_exists():
    rows = module_rows()
    assert rows, "the README has no module table"
    missing = [name for name in rows if not ((ROOT / name).exists() or (ROOT / "generator" / name).exists())]
    assert missing == []


def test_every_generator_module_is_in_the_readme_table():
    """The other direction: a package or top-level module of generator/ the table leaves out."""
    rows = {name.rstrip("/").removeprefix("generator/") for name in module_rows()}
    parts = {p.name for p in (ROOT / "generator").iterdir()
             if (p.suffix == ".py" and p.name != "__init__.py") or (p.is_dir() and (p / "__init__.py").exists())}
    assert sorted(parts - rows - {"__main__.py"}) == []


@pytest.mark.parametrize("target", sorted({m.group(1) for _, m in mentions(MAKE)}))
def test_every_make_target_the_docs_name_exists(target):
    assert re.search(rf"^{re.escape(target)}:", _text(ROOT / "Makefile"), re.MULTILINE), f"make {target}"


# --- docs/urls.md: its table against the files a build makes ----------------------------------

URL_ROW = re.compile(r"^\| [^|]+ \| ([^|]+) \|", re.MULTILINE)


def documented_urls() -> list[str]:
    """The URL templates of docs/urls.md's table (`/plans/<plan-id>/` …), without ?query or #anchor."""
    cells = URL_ROW.findall(_text(ROOT / "docs" / "urls.md"))
    return sorted({re.split(r"[?#]", url)[0] for cell in cells for url in re.findall(r"`(/[^`]*)`", cell)})


def template_pattern(template: str) -> re.Pattern:
    """`/plans/<plan-id>/` → a pattern where each <name> stands for one path segment (or part of one)."""
    return re.compile("".join("[^/]+" if part.startswith("<") else re.escape(part)
                              for part in re.split(r"(<[^>]+>)", template)) + "$")


def site_url(path: str) -> str:
    """The URL a file of the generated tree is served at: plans/x/index.md → /plans/x/."""
    return "/" + (path.removesuffix("index.md") if path == "index.md" or path.endswith("/index.md") else path)


@pytest.fixture(scope="module")
def generated_urls(tmp_path_factory) -> set[str]:
    """Every URL the generator makes for the real content with the fixture progress reports (review
    build: every plan), for the fixture of one jurisdiction's two years, and content/pages/."""
    from generator import build
    from helpers import FIXTURES

    found: set[str] = set()
    for name, content, reports in (("real", ROOT / "content", FIXTURES / "reports" / "yangcheng"),
                                   ("versions", FIXTURES / "versions" / "content", None)):
        project = tmp_path_factory.mktemp(name)
        shutil.copytree(content, project / "content")
        shutil.copytree(ROOT / "theme", project / "theme")
        if reports:
            shutil.copytree(reports, project / "content" / "reports")
        found |= {site_url(path) for path in build.generate(build.load_site(project, build.BuildOptions(review=True)))}
    pages = ROOT / "content" / "pages"
    found |= {site_url(p.relative_to(pages).as_posix()) for p in pages.rglob("*.md")}
    return found


def test_every_url_the_generator_makes_is_in_the_url_table(generated_urls):
    patterns = [template_pattern(t) for t in documented_urls()]
    assert len(patterns) > 20
    undocumented = sorted(url for url in generated_urls if not any(p.match(url) for p in patterns))
    assert undocumented == [], "not in docs/urls.md's table"


def test_every_url_the_table_names_is_made(generated_urls):
    made_by_nothing = [t for t in documented_urls() if not any(template_pattern(t).match(url) for url in generated_urls)]
    assert made_by_nothing == [], "docs/urls.md names URLs no build makes"
