"""Task tables (任务清单) in Word and Excel, imported as an office receives them.

Each notice in fixtures/notices/tables/ (fictional, written in the layouts counties use; see
make_tables.py there) has the structure it must give beside it, written by hand: its parts
and headings, each task's label and text as written, its units with their roles, its 完成时限
verbatim and its targets (measure, ≥ / ≤ / =, value and unit). The test imports the file as a
user does, compares, and loads the result as `check` does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator import schema
from generator.importer import main
from generator.importer.errors import ImportProblem
from generator.importer.verify import verify
from generator.importer.writer import dump
from generator.loading import load
from helpers import FIXTURES, ROOT

TABLES = FIXTURES / "notices" / "tables"
NOTICES = sorted(p for p in TABLES.iterdir() if p.suffix in (".docx", ".xlsx", ".pdf"))
SIGNS = {"at-least": "≥", "at-most": "≤", "exactly": "="}
RENUMBERED = "本计划的任务清单未为部分或全部任务编号；页面上这些任务的序号是导入时按表中行序编排的。"


def _task(task: dict) -> dict:
    out: dict = {"label": task["label"], "text": task["text"],
                 "units": [f"{u['name']} {u['role']}" for u in task["units"]], "deadline": task["deadline"]}
    if task.get("title"):
        out["title"] = task["title"]
    if task["targets"]:
        out["targets"] = [f"{t['measure']} {SIGNS[t['comparison']]}{t['value']:g}{t['unit']}" for t in task["targets"]]
    return out


def _section(section: dict) -> dict:
    out: dict = {"label": section["label"], "title": section["title"]}
    if section["paragraphs"]:
        out["paragraphs"] = section["paragraphs"]
    if section["sections"]:
        out["sections"] = [_section(s) for s in section["sections"]]
    if section["tasks"]:
        out["tasks"] = [_task(t) for t in section["tasks"]]
    return out


def structure(plan: dict) -> dict:
    """What the expected files state of a plan: its title, whether the import numbered rows,
    its sections and tasks (empty lists and absent targets left out)."""
    return {"title": plan["title"], "renumbered": RENUMBERED in plan["notes"],
            "sections": [_section(s) for s in plan["sections"]]}


def _expected(path: Path) -> dict:
    data = yaml.safe_load(path.with_name(path.stem + ".expected.yaml").read_text(encoding="utf-8"))
    for section in _walk(data["sections"]):
        section.setdefault("label", None)
        for task in section.get("tasks", []):
            task.setdefault("units", [])
    return data


def _walk(sections: list[dict]):
    for section in sections:
        yield section
        yield from _walk(section.get("sections", []))


def _import(source: Path, content: Path, capsys) -> tuple[dict, str]:
    status = main([str(source), "--content", str(content), "--id", "table-2025", "--jurisdiction", "tablecounty"])
    out = capsys.readouterr()
    assert status == 0, out.err
    return yaml.safe_load((content / "plans" / "table-2025.yaml").read_text(encoding="utf-8")), out.out


@pytest.mark.parametrize("source", NOTICES, ids=[p.stem for p in NOTICES])
def test_task_table_gives_its_structure_and_passes_check(source, tmp_path, capsys):
    content = tmp_path / "content"
    plan, out = _import(source, content, capsys)
    assert structure(plan) == _expected(source)
    assert "task table" in out
    for name in ("kinds.yaml", "themes.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    loaded = load(content)  # check's own loading: raises ContentErrors for anything it refuses
    assert [p.id for p in loaded.plans] == ["table-2025"]


def test_word_task_list_keeps_its_measures_and_labels(capsys, tmp_path):
    """The layout that lost its task texts: 工作目标 | 工作内容 | 工作措施, the 工作内容 merged down.
    Every measure is a task with its own number, none labelled after its merged heading."""
    plan, _ = _import(TABLES / "t01-goals-contents-measures.docx", tmp_path / "content", capsys)
    tasks = [t for s in _walk(plan["sections"]) for t in s.get("tasks", [])]
    assert [t["label"] for t in tasks] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert all("（" not in t["label"] for t in tasks)
    assert tasks[0]["deadline"] == "2025年11月底前，并长期坚持"


def test_a_plan_check_refuses_is_not_written(tmp_path):
    """A label twice at one level (what a misread table gave): refused, with the line it would have."""
    plan = yaml.safe_load((ROOT / "content" / "plans" / "jinyun-2023.yaml").read_text(encoding="utf-8"))
    tasks = plan["sections"][0]["sections"][0]["tasks"]
    tasks[1]["label"] = tasks[0]["label"]
    agencies = (ROOT / "content" / "agencies" / "jinyun.yaml").read_text(encoding="utf-8")
    target = tmp_path / "plans" / "jinyun-2023.yaml"
    with pytest.raises(ImportProblem) as refused:
        verify(target, dump(plan), tmp_path / "agencies" / "jinyun.yaml", agencies)
    assert f"{target}:" in refused.value.message and "nothing was written" in refused.value.message
    assert not target.exists()
    good = yaml.safe_load((ROOT / "content" / "plans" / "jinyun-2023.yaml").read_text(encoding="utf-8"))
    entry = verify(target, dump(good), tmp_path / "agencies" / "jinyun.yaml", agencies)
    assert isinstance(entry, schema.PlanFile) and entry.id == "jinyun-2023"
