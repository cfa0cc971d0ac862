"""The commands speak the office's language (issue 28): every --help, argparse's own words and
argument errors, the disclosure report's status words, `check`'s notes and the import summary
are Chinese by default and English under an English locale — no English word left in between.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from generator import i18n
from helpers import ROOT

COMMANDS = [[], ["check"], ["docs"], ["review"], ["approve"], ["import"], ["import-report"], ["studio"]]
# argparse's English, which must not reach a Chinese reader
ARGPARSE_ENGLISH = ["usage:", "positional arguments", "options:", "show this help message", "error:",
                    "the following arguments are required", "invalid choice", "unrecognized arguments"]


def run(args: list[str], lang: str | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in i18n.LOCALE_VARIABLES}
    if lang:
        environment["LANG"] = lang
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def english_words(text: str) -> list[str]:
    """Words of English prose (not options, ids, paths or placeholders like PLAN)."""
    text = re.sub(r"`[^`]*`|--?[\w-]+|\S+/\S*|\S+\.\w+|\b[A-Z_]{2,}\b|python -m generator[\w -]*|\b[a-z]+(-[a-z0-9]+)+\b",
                  " ", text)
    return [w for w in re.findall(r"\b[a-z]{3,}\b", text) if w not in {"mkdocs", "yml", "xlsx", "csv", "docx", "pdf",
                                                                      "txt", "html", "yaml", "content", "root", "plan",
                                                                      "yangcheng", "file", "table", "dir", "zensical",
                                                                      "check", "docs", "review", "approve", "import", "studio"}]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "generator")
def test_every_help_is_chinese_by_default(command):
    shown = run([*command, "--help"])
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("用法：") and "显示本帮助并退出" in shown.stdout
    assert not [w for w in ARGPARSE_ENGLISH if w in shown.stdout]
    assert english_words(shown.stdout) == [], shown.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "generator")
def test_every_help_is_english_by_locale(command):
    shown = run([*command, "--help"], "en_US.UTF-8")
    assert shown.returncode == 0 and shown.stdout.startswith("usage:") and "show this help message" in shown.stdout
    assert not [w for w in ("用法", "位置参数", "选项", "显示本帮助", "默认") if w in shown.stdout]


@pytest.mark.parametrize("args, chinese, english", [
    (["approve", "yangcheng-2023"], "缺少以下参数：--by", "the following arguments are required: --by"),
    (["nope"], "无效的选择：'nope'", "invalid choice: 'nope'"),
    (["check", "--nope"], "无法识别的参数：--nope", "unrecognized arguments: --nope"),
    (["import-report", "t.xlsx", "--plan", "p", "--id", "i", "--title", "t", "--as-of", "2023-13-01"],
     "--as-of", "--as-of"),
])
def test_argument_errors_speak_the_locale(args, chinese, english):
    zh, en = run(args), run(args, "en_US.UTF-8")
    assert zh.returncode == en.returncode == 2
    assert chinese in zh.stderr and "错误：" in zh.stderr and not [w for w in ARGPARSE_ENGLISH if w in zh.stderr]
    assert english in en.stderr and "error:" in en.stderr


def test_the_disclosure_report_and_notes_of_check_are_chinese():
    shown = run(["check"])
    assert shown.returncode == 0, shown.stderr
    report = shown.stdout.split("\n", 1)[1]
    assert "主动公开 —" in report and "未标注 —" in report
    assert not re.search(r": (public|unmarked|on-request|withheld|unrecognised) —", report)
    assert "note:" not in shown.stderr
    english = run(["check"], "en_US.UTF-8")
    assert ": public —" in english.stdout and ": unmarked —" in english.stdout


def test_the_import_summary_counts_in_chinese(tmp_path):
    source = sorted((ROOT / "content" / "sources").glob("000_*.txt"))[0]
    shown = run(["import", str(source), "--content", str(ROOT / "content"), "--dry-run"])
    found = next(line for line in shown.stdout.splitlines() if line.startswith("读取到："))
    assert re.fullmatch(r"读取到：\d+ 个部分，\d+ 项任务，\d+ 个子项，\d+ 句，\d+ 个单位，\d+ 个目标", found), found
    english = run(["import", str(source), "--content", str(ROOT / "content"), "--dry-run"], "en_US.UTF-8")
    assert re.search(r"found: \d+ sections, \d+ tasks, \d+ sub-items", english.stdout)


def test_a_build_without_site_url_says_so_and_strict_builds_still_pass(tmp_path):
    """README: the warning in Chinese by default; under --strict it is INFO, so the build passes."""
    from helpers import MINI_CONTENT, make_project, run_mkdocs

    project = make_project(tmp_path, MINI_CONTENT)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^site_url:", config, re.M)
    chinese = {k: v for k, v in os.environ.items() if k not in i18n.LOCALE_VARIABLES}
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True,
                           timeout=600, env={**chinese, "NO_MKDOCS_2_WARNING": "1"})
    assert plain.returncode == 0
    assert re.search(r"WARNING\s+-\s+mkdocs.yml 没有设置 site_url", plain.stderr), plain.stderr[-2000:]
    strict = run_mkdocs(project, "--strict")
    assert re.search(r"INFO\s+-\s+mkdocs.yml sets no site_url", strict.stderr)
    (project / "mkdocs.yml").write_text("site_url: https://example.gov.cn/plans/\n" + config, encoding="utf-8")
    assert "sets no site_url" not in run_mkdocs(project, "--strict").stderr
