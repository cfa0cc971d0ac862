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
from helpers import FIXTURES

IMPORT_FIXTURES = FIXTURES / "import"
STYLES = IMPORT_FIXTURES / "styles.txt"
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
        "approval": {"by": "张三", "date": "2024-04-02", "fingerprint": "0123456789abcdef"},
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


# --- the file system says no ---------------------------------------------------------------

def test_full_disk_leaves_nothing_behind_and_says_so(tmp_path, capsys, monkeypatch):
    content = tmp_path / "content"
    written = []
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        written.append(handle.name)
        if len(written) == 2:  # the second file hits a full disk
            def write(data):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            handle.write = write
        return handle

    monkeypatch.setattr(os, "fdopen", fdopen)
    status, out, err = run([STYLES, "--content", content, *ARGS], capsys)
    assert status == 2 and len(written) >= 2
    assert "No space left on device" in err and "nothing was changed" in err and "Traceback" not in err
    assert [p for p in content.rglob("*") if p.is_file()] == []  # no .tmp, no half import


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_content_is_a_message(tmp_path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    content.chmod(0o555)
    try:
        status, _, err = run([STYLES, "--content", content, *ARGS], capsys)
    finally:
        content.chmod(0o755)
    assert status == 2 and "Permission denied" in err and "Traceback" not in err


def test_unwritable_content_is_a_message(tmp_path, capsys):
    """content/plans is a file, not a folder: the same path as a read-only folder, even as root."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "plans").write_text("not a folder", encoding="utf-8")
    before = snapshot(content)
    status, _, err = run([STYLES, "--content", content, *ARGS], capsys)
    assert status == 2 and "cannot write" in err and "Traceback" not in err
    assert snapshot(content) == before


def test_a_path_too_long_for_the_file_system_is_a_message(tmp_path, capsys):
    status, _, err = run([tmp_path / ("甲" * 300 + ".txt"), "--content", tmp_path / "c", *ARGS], capsys)
    assert status == 2 and "Traceback" not in err and "too long" in err


def test_a_source_name_check_would_refuse_is_refused_at_import(tmp_path, capsys):
    source = tmp_path / ("a" * 210 + ".txt")
    source.write_bytes(STYLES.read_bytes())
    status, _, err = run([source, "--content", tmp_path / "c", *ARGS], capsys)
    assert status == 2 and "200" in err and "rename" in err
    assert not (tmp_path / "c").exists()


def test_a_plan_check_would_refuse_as_too_large_is_refused_before_writing(tmp_path, capsys, monkeypatch):
    from generator.loading import safe_yaml
    monkeypatch.setattr(safe_yaml, "MAX_FILE_BYTES", 2000)  # styles.txt makes a plan of about 4 kB
    status, _, err = run([STYLES, "--content", tmp_path / "c", *ARGS], capsys)
    assert status == 2 and "0 MB" not in err and "2000 bytes" in err and "Traceback" not in err
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize("jid", ["kinds", "Kinds", "a" * 81, "-x"])
def test_jurisdiction_ids_check_refuses_are_refused_at_import(tmp_path, capsys, jid):
    status, _, err = run([STYLES, "--content", tmp_path / "c", "--id", "mou-2024", "--jurisdiction", jid], capsys)
    assert status == 2 and "--jurisdiction" in err
    assert not (tmp_path / "c").exists()


def test_imported_content_passes_check(tmp_path, capsys):
    """What the importer writes, loading reads: same ids, same limits (with the project's kinds)."""
    content = tmp_path / "content"
    root = Path(__file__).resolve().parent.parent / "content"
    content.mkdir()
    for name in ("kinds.yaml", "themes.yaml"):
        (content / name).write_bytes((root / name).read_bytes())
    status, _, err = run([STYLES, "--content", content, *ARGS], capsys)
    assert status == 0, err
    assert [p.id for p in link(read_content(content)).plans] == ["mou-2024"]


# --- numbering --------------------------------------------------------------------------

def test_label_1000_is_a_task_of_its_own(tmp_path, capsys):
    head, _, _ = STYLES.read_text(encoding="utf-8").partition("# 一、")
    tasks = "\n\n".join(f"{n}．开展第{n}项检查。（县市场监管局负责）" for n in range(997, 1002))
    source = tmp_path / "long.txt"
    source.write_text(f"{head}一、强化监管\n\n{tasks}\n", encoding="utf-8")
    status, out, err = run([source, "--content", tmp_path / "c", *ARGS], capsys)
    assert status == 0, err
    data = yaml.safe_load((tmp_path / "c" / "plans" / "mou-2024.yaml").read_text(encoding="utf-8"))
    tasks = data["sections"][0]["tasks"]
    assert [t["label"] for t in tasks] == ["997．", "998．", "999．", "1000．", "1001．"]
    assert tasks[2]["text"] == "开展第999项检查。" and tasks[3]["text"] == "开展第1000项检查。"
