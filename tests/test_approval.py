"""Review and approval. Approval covers everything a reader sees: an edit after approval to any
part of the plan (notice fields, title, preamble, closing, the received file …) holds it again,
and `approve --expect FP` approves only the plan the person reviewed (the fingerprint `review`
showed). `review` lists the themes the site shows, not a copy of the rules of its own."""

from __future__ import annotations

import datetime
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, make_project

from generator import approval, build, gate
from generator.review import review_holds, review_list
from generator.importer import main as import_main
from generator.loading import read_content

NOTICE = FIXTURES / "import" / "public_notice.txt"
PLAN = "shili-2024"


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("approval"))
    assert import_main([str(NOTICE), "--content", str(project / "content")]) == 0
    return project


@pytest.fixture
def approved(imported, tmp_path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(imported, project)
    approval.approve(project, PLAN, "张三", datetime.date(2024, 5, 1))
    assert PLAN not in review_holds(read_content(project / "content"))
    return project


def generator(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, capture_output=True,
                          text=True, timeout=300)


def _new_source(project: Path) -> None:
    """The received file replaced by another text, its new sha256 recorded (so `check` passes)."""
    source = project / "content" / "sources" / "public_notice.txt"
    text = source.read_text(encoding="utf-8").replace("关键之年", "攻坚之年")
    source.write_text(text, encoding="utf-8")
    plan = project / "content" / "plans" / f"{PLAN}.yaml"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    plan.write_text(re.sub(r"sha256: [0-9a-f]{64}", f"sha256: {digest}", plan.read_text(encoding="utf-8")),
                    encoding="utf-8")


def _in_plan(old: str, new: str):
    def edit(project: Path) -> None:
        plan = project / "content" / "plans" / f"{PLAN}.yaml"
        text = plan.read_text(encoding="utf-8")
        assert old in text, old
        plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def _jurisdiction_renamed(project: Path) -> None:
    path = project / "content" / "agencies" / "shili.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(jurisdiction:\n(?:  .*\n)*?  name: )(.*)", r"\1另一县", text, count=1), encoding="utf-8")


EDITS = {
    "title": _in_plan("title: 示例县2024年食品安全重点工作安排", "title: 示例县2024年食品安全重点工作要点"),
    "preamble": _in_plan("  - 2024年是全面落实食品安全责任的关键之年。", "  - 2024年是全面落实食品安全责任的攻坚之年。"),
    "notice.doc_number": _in_plan("doc_number: 示政办发〔2024〕7号", "doc_number: 示政办发〔2024〕8号"),
    "notice.date_signed": _in_plan("date_signed: 2024-04-02", "date_signed: 2024-04-03"),
    "notice.index_number (portal)": _in_plan("  copied_to: null", "  copied_to: null\n  index_number: 000-2024-001"),
    "notice.copied_to": _in_plan("copied_to: null", "copied_to: 县委办公室"),
    "closing": _in_plan("closing: []", "closing:\n  - 各单位要抓好落实。"),
    "notes": _in_plan("notes: []", "notes:\n  - 另有附件一份。"),
    "source.url": _in_plan("  sha256:", "  url: https://example.org/notice.html\n  sha256:"),
    "a task's target": _in_plan("value: 95", "value: 96"),
    "the source file": _new_source,
    "the jurisdiction's name": _jurisdiction_renamed,
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edit_after_approval_to_anything_a_reader_sees_holds_the_plan_again(approved, edit):
    edit(approved)
    raw = read_content(approved / "content")
    hold = review_holds(raw).get(PLAN)
    assert hold and "changed since 张三 approved it on 2024-05-01" in hold
    row = next(r for r in gate.select(raw, review=False).disclosure_report if r.plan_id == PLAN)
    assert not row.published


def test_recording_a_disclosure_decision_does_not_undo_the_approval(approved):
    """The disclosure basis is a decision with its own who, when and reference (docs/office.md)."""
    _in_plan("disclosure: null", "disclosure:\n  status: public\n  decided_by: 县政府办公室\n"
             "  date: 2024-05-02\n  reference: 示政办〔2024〕9号")(approved)
    assert PLAN not in review_holds(read_content(approved / "content"))


def test_review_shows_the_fingerprint_approve_records_and_expect_refuses_a_changed_plan(imported, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(imported, project)
    review = generator(project, "review", PLAN)
    assert review.returncode == 0, review.stderr
    shown = re.search(r"\b([0-9a-f]{16})\b", review.stdout)
    assert shown, review.stdout
    fp = shown.group(1)
    assert fp == approval.fingerprint_of(project, PLAN)
    assert f"--expect {fp}" in review.stdout

    plan = project / "content" / "plans" / f"{PLAN}.yaml"
    _in_plan("doc_number: 示政办发〔2024〕7号", "doc_number: 示政办发〔2024〕8号")(project)
    before = plan.read_text(encoding="utf-8")
    refused = generator(project, "approve", PLAN, "--by", "张三", "--expect", fp)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert fp in refused.stderr and "review" in refused.stderr, refused.stderr
    assert plan.read_text(encoding="utf-8") == before  # nothing written
    assert "review: pending" in before

    now = approval.fingerprint_of(project, PLAN)
    assert now != fp
    done = generator(project, "approve", PLAN, "--by", "张三", "--expect", now, "--date", "2024-05-01")
    assert done.returncode == 0, done.stderr
    assert f"fingerprint: {now}" in plan.read_text(encoding="utf-8")
    assert PLAN not in review_holds(read_content(project / "content"))


def test_approve_in_process_with_the_expected_fingerprint(imported, tmp_path):
    """The functions a studio calls: fingerprint_of, then approve(…, expect=) with it."""
    project = tmp_path / "project"
    shutil.copytree(imported, project)
    fp = approval.fingerprint_of(project, PLAN)
    with pytest.raises(approval.ApprovalProblem, match="changed since it was reviewed"):
        approval.approve(project, PLAN, "张三", datetime.date(2024, 5, 1), expect="0" * 16)
    done = approval.approve(project, PLAN, "张三", datetime.date(2024, 5, 1), expect=fp)
    assert any(fp in line for line in done)


KEYWORD_LINE = re.compile(r"^(?P<where>\S+:\d+): task (?P<label>.+) is in (?P<themes>\S+) by keyword only")


@pytest.mark.parametrize("plan_id", sorted(p.stem for p in (ROOT / "content" / "plans").glob("*.yaml")))
def test_review_lists_each_task_in_the_themes_the_site_gives_it(plan_id):
    """`review` names the themes a task shows under on the site (headings above it included),
    every task with a theme and no other: the review build's model is what every page shows."""
    raw = read_content(ROOT / "content")
    found = [KEYWORD_LINE.match(line) for line in review_list(raw, plan_id)]
    listed = sorted((m["label"], m["themes"]) for m in found if m)
    site = build.load_site(ROOT, build.BuildOptions(review=True))
    plan = next(p for p in site.content.plans if p.id == plan_id)
    shown = sorted((t.label, "、".join(theme.name for theme in t.themes)) for t in plan.walk_tasks() if t.themes)
    assert listed == shown
