"""The importer under careless and hostile use: re-imports over a person's corrections, bad
ids, huge output, full disks, read-only folders, long names, label 1000.

Every refusal is one message with status 2, and content/ is left exactly as it was.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
import yaml

from generator.importer import main
from generator.loading import link, read_content

FIXTURES = Path(__file__).parent / "fixtures" / "import"
STYLES = FIXTURES / "styles.txt"
ARGS = ["--id", "mou-2024", "--jurisdiction", "mouxian"]


def run(args, capsys) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out = capsys.readouterr()
    return status, out.out, out.err


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def imported(tmp_path: Path, capsys) -> tuple[Path, Path]:
    """styles.txt imported once into tmp_path/content; returns (content, plan file)."""
    content = tmp_path / "content"
    status, _, err = run([STYLES, "--content", content, *ARGS], capsys)
    assert status == 0, err
    return content, content / "plans" / "mou-2024.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- re-import over a person's corrections -------------------------------------------------

def test_identical_reimport_is_a_no_op_that_says_so(tmp_path, capsys):
    content, plan = imported(tmp_path, capsys)
    before = snapshot(content)
    status, out, err = run([STYLES, "--content", content, *ARGS], capsys)
    assert status == 0, err
    assert "nothing to do" in out and "wrote" not in out
    assert snapshot(content) == before


def test_reimport_refuses_to_overwrite_hand_corrections_and_shows_them(tmp_path, capsys):
    content, plan = imported(tmp_path, capsys)
    edit(plan, "规范农药使用，加强对农药经营企业的监督检查。", "规范农药使用，加强对农药经营企业的监督抽查。")
    edit(plan, "responsibility_rule: null", "responsibility_rule: 排名第一的为牵头单位")
    edit(plan, "issuer_mark: 某县人民政府办公室文件", "issuer_mark: 某县人民政府文件")
    before = snapshot(content)
    status, out, err = run([STYLES, "--content", content, *ARGS], capsys)
    assert status == 2
    assert "--replace" in err and "Traceback" not in err
    lines = plan.read_text(encoding="utf-8").splitlines()
    task_line = next(i for i, line in enumerate(lines, 1) if "监督抽查" in line)
    assert f"mou-2024.yaml:{task_line}: sections[0].sections[0].tasks[1].text" in err
    assert "监督抽查" in err and "监督检查" in err  # what the file has, what the import would write
    assert "responsibility_rule" in err and "notice.issuer_mark" in err
    assert snapshot(content) == before


def test_replace_overwrites_but_keeps_disclosure_notes_and_approval(tmp_path, capsys):
    content, plan = imported(tmp_path, capsys)
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    decided = {
        "disclosure": {"status": "public", "decided_by": "县政府办公室", "date": "2024-04-01",
                       "reference": "县政府办〔2024〕1号审批单"},
        "notes": ["编者注：原文第 3 页缺失。"],
        "approval": {"approved_by": "张三", "date": "2024-04-02"},
    }
    data.update(decided)
    data["responsibility_rule"] = "排名第一的为牵头单位"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    status, out, err = run([STYLES, "--content", content, *ARGS, "--replace"], capsys)
    assert status == 0, err
    again = yaml.safe_load(plan.read_text(encoding="utf-8"))
    assert again["responsibility_rule"] is None  # the import's reading replaced the hand edit
    assert again["notes"] == decided["notes"] and again["approval"] == decided["approval"]
    assert {k: str(v) for k, v in again["disclosure"].items()} == decided["disclosure"]
    assert "responsibility_rule" in out  # the report says what was replaced


def test_dry_run_shows_the_differences_and_writes_nothing(tmp_path, capsys):
    content, plan = imported(tmp_path, capsys)
    edit(plan, "issuer_mark: 某县人民政府办公室文件", "issuer_mark: 某县人民政府文件")
    before = snapshot(content)
    status, out, _ = run([STYLES, "--content", content, *ARGS, "--dry-run"], capsys)
    assert status == 0 and "notice.issuer_mark" in out and "--replace" in out
    assert snapshot(content) == before
