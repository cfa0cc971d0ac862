"""The notices counties publish, in the layouts they use (#25): each fixture in
tests/fixtures/notices/ comes with the structure it must give (`NAME.expected.json`, written
by hand from the notice: head fields, sections, task labels, each task's note and units with
their roles, the period, the jurisdiction; or the refusal's words for a document that is no
plan). Text fixtures are imported as they are; some are laid out as GB/T 9704 PDFs with an
embedded font (make_pdf.py) and imported again; saved portal pages (make_portal_pages.py)
have their own expectations.

Run alone, this module prints the corpus figures (tasks, units and roles, head fields right
out of those present) that docs/import.md shows: `.venv/bin/python tests/test_import_corpus.py`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generator.importer import main  # noqa: E402
from helpers import FIXTURES  # noqa: E402

NOTICES = FIXTURES / "notices"
sys.path.insert(0, str(NOTICES))
from make_pdf import notice_pdf  # noqa: E402

FIXTURE_FILES = sorted(p for p in NOTICES.iterdir() if p.suffix in {".txt", ".html"})
AS_PDF = ["l1-portal-copy-yunxi.txt", "l2-registration-beishan.txt", "l3-spaced-title-qinghe.txt",
          "l4-flat-list-donglan.txt", "l4-paragraph-tasks-jinhe.txt", "l5-lead-before-fengling.txt",
          "l5-part-line-taoxi.txt", "l6-collective-yuhu.txt", "l8-period-range-beishan.txt",
          "l10-progress-report-yunxi.txt", "l11-date-annotation-shiqiao.txt", "l13-issuer-not-body-yunxi.txt"]


def expected(name: str) -> dict:
    return json.loads((NOTICES / (Path(name).stem + ".expected.json")).read_text(encoding="utf-8"))


def structure(plan: dict) -> dict:
    """What a fixture's expectation states, read from the imported plan."""
    def tasks(section: dict) -> list[dict]:
        found = []
        for task in section.get("tasks", []):
            bodies = task["statements"] if task.get("statements") is not None else [task]
            found.append({"label": task["label"],
                          "text": [(b.get("text") or "")[:12] for b in bodies],
                          "note": [b.get("note") for b in bodies],
                          "units": [[u["name"], u["role"]] for b in bodies for u in b.get("units", [])]})
        return found

    def sections(items: list[dict]) -> list[dict]:
        return [{"label": s["label"], "title": s["title"], "paragraphs": s["paragraphs"],
                 "sections": sections(s.get("sections", [])), "tasks": tasks(s)} for s in items]
    notice = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in plan["notice"].items() if v is not None}
    return {"jurisdiction": plan["jurisdiction"], "title": plan["title"], "period": plan["period"],
            "header_missing": plan["header_missing"], "notice": notice, "sections": sections(plan["sections"]),
            "notes": plan["notes"]}


def import_one(path: Path, content: Path, capsys, *args: str) -> tuple[int, str, dict | None]:
    status = main([str(path), "--content", str(content), "--id", "corpus", *args])
    err = capsys.readouterr().err
    plan_file = content / "plans" / "corpus.yaml"
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8")) if status == 0 else None
    return status, err, plan


def check_against(path: Path, want: dict, tmp_path: Path, capsys) -> None:
    status, err, plan = import_one(path, tmp_path / "content", capsys, *want.get("args", []))
    if "refused" in want:
        assert status == 2, f"{path.name} should be refused"
        for words in want["refused"]:
            assert words in err, (words, err)
        assert not (tmp_path / "content" / "plans").exists(), "a refused notice writes nothing"
        return
    assert status == 0, err
    assert structure(plan) == want["plan"]


@pytest.mark.parametrize("name", [p.name for p in FIXTURE_FILES])
def test_fixture_gives_its_structure(name, tmp_path, capsys):
    check_against(NOTICES / name, expected(name), tmp_path, capsys)


@pytest.mark.parametrize("name", AS_PDF)
def test_fixture_as_pdf_gives_the_same_structure(name, tmp_path, capsys):
    """The same notice printed as a GB/T 9704 PDF (font embedded) gives the text's structure."""
    pdf = notice_pdf((NOTICES / name).read_text(encoding="utf-8"), tmp_path / (Path(name).stem + ".pdf"), tmp_path)
    check_against(pdf, expected(name), tmp_path, capsys)


def _plain(text: str) -> str:
    """Text without spaces and with ( ) , : ; full width, as the import repairs them."""
    return "".join(text.split()).translate(str.maketrans("(),:;[]", "（），：；[]"))


def _strings(plan: dict) -> list[str]:
    """Every text of a plan, a task's label, note and text joined in both orders."""
    found = [str(v) for v in plan["notice"].values() if v is not None] + [plan["title"] or ""] + plan["preamble"]

    def task(t: dict) -> None:
        for body in (t["statements"] if t.get("statements") is not None else [t]):
            note, text = body.get("note") or "", body.get("text") or ""
            found.extend([t["label"] + (t.get("title") or "") + text + note, t["label"] + note + text, text + note])
        for item in t.get("items", []):
            task(item)

    def walk(sections: list[dict]) -> None:
        for section in sections:
            found.append((section["label"] or "") + (section["title"] or ""))
            found.extend(section["paragraphs"])
            walk(section["sections"])
            for t in section["tasks"]:
                task(t)
    walk(plan["sections"])
    return [_plain(f) for f in found]


@pytest.mark.parametrize("name", [p.name for p in FIXTURE_FILES if p.suffix == ".txt"
                                  and "refused" not in expected(p.name)])
def test_every_line_of_the_notice_is_kept(name, tmp_path, capsys):
    """Fidelity: each line of the notice is in the plan, word for word (a title's lines in the
    joined title, a task's line in its label, note and text); a date line as the date read."""
    status, err, plan = import_one(NOTICES / name, tmp_path / "c", capsys, *expected(name).get("args", []))
    assert status == 0, err
    strings = _strings(plan)
    dates = {str(plan["notice"].get(k)) for k in ("date_signed", "date_printed")}
    for line in (NOTICES / name).read_text(encoding="utf-8").splitlines():
        date = re.match(r"^(\d{4})年(\d{1,2})月(\d{1,2})日", line.strip())
        if date:
            assert "-".join(f"{int(g):02d}" for g in date.groups()) in dates, line
            continue
        if line.strip() and not line.startswith("抄送"):
            kept = _plain(re.sub(r"^(登记号|索引号|公开方式)：", "", line))  # the field's name is no content
            kept = kept[:-1] if kept.endswith("：") and kept == _plain(plan["notice"].get("addressees") or "") + "：" \
                else kept  # the 主送机关 is kept without its colon (docs/content-format.md)
            assert any(kept in s for s in strings), line


def test_a_long_covering_text_without_date_loses_no_line(tmp_path, capsys):
    """Lines read as the start of a covering notice that never reaches a 署名 or 成文日期 go back
    to the plan: none is lost."""
    text = "各单位要做好以下工作：\n\n一、加强监管\n\n" + "".join(
        f"（{n}）开展第{n}项检查。（县市场监管局）\n\n" for n in "一二三四五六七") + "二、保障\n\n（八）加强督导。（县食安办）\n"
    source = tmp_path / "plan.txt"
    source.write_text(text, encoding="utf-8")
    status, err, plan = import_one(source, tmp_path / "c", capsys, "--jurisdiction", "mou")
    assert status == 0, err
    assert plan["notice"]["addressees"] is None and plan["preamble"] == ["各单位要做好以下工作："]
    assert [t["label"] for s in plan["sections"] for t in s["tasks"]] == [f"（{n}）" for n in "一二三四五六七八"]


AS_DOCX = ["l1-portal-copy-no-signatory.txt", "l3-split-book-title-shiqiao.txt", "l4-responsibility-list-baisha.txt",
           "l5-heldout-keyed-part-line-songyuan.txt", "l10-draft-for-comment-meijiang.txt"]


@pytest.mark.parametrize("name", AS_DOCX)
def test_fixture_as_word_gives_the_same_structure(name, tmp_path, capsys):
    """The same notice as a Word file without tables (one paragraph a line, no blank paragraphs)."""
    from docx import Document
    document = Document()
    for line in (NOTICES / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    path = tmp_path / (Path(name).stem + ".docx")
    document.save(str(path))
    check_against(path, expected(name), tmp_path, capsys)


def test_no_issuer_imports_with_the_jurisdiction_given(tmp_path, capsys):
    """Without an issuer the import asks for --jurisdiction; given one, it imports, and the
    places the body mentions (南湾新区, 《北山市…》) are not taken for it."""
    status, err, plan = import_one(NOTICES / "l13-no-issuer-body-places.txt", tmp_path / "c", capsys,
                                   "--jurisdiction", "linhai")
    assert status == 0, err
    assert plan["jurisdiction"] == "linhai" and plan["header_missing"] is True
    agencies = yaml.safe_load((tmp_path / "c" / "agencies" / "linhai.yaml").read_text(encoding="utf-8"))
    assert agencies["jurisdiction"]["name"] == "linhai"


def test_collective_units_are_drafted_as_collective(tmp_path, capsys):
    status, err, _plan = import_one(NOTICES / "l6-collective-yuhu.txt", tmp_path / "c", capsys)
    assert status == 0, err
    units = yaml.safe_load((tmp_path / "c" / "agencies" / "yuhu.yaml").read_text(encoding="utf-8"))["units"]
    collective = {u["name"] for u in units if u["collective"]}
    assert collective == {"各乡镇人民政府", "各有关部门", "县食安委各成员单位"}
    assert not any("按照职责分工" in u["name"] for u in units)


def test_the_report_names_the_source_lines_to_check(tmp_path, capsys):
    """At import time the report names, with the notice's own line, the task that names no unit
    and the paragraph naming units that is no task."""
    status = main([str(NOTICES / "l1-portal-copy-no-signatory.txt"), "--content", str(tmp_path), "--dry-run"])
    out = capsys.readouterr().out
    assert status == 0
    lines = (NOTICES / "l1-portal-copy-no-signatory.txt").read_text(encoding="utf-8").splitlines()
    task_line = next(i for i, line in enumerate(lines, 1) if line.startswith("5.开展"))
    para_line = next(i for i, line in enumerate(lines, 1) if line.startswith("各镇、街道"))
    assert any(str(task_line) in line and "5." in line for line in out.splitlines()), out
    assert any(str(para_line) in line for line in out.splitlines() if "任务" in line or "task" in line), out


@pytest.mark.parametrize("text, note, units", [
    ("由县市场监管局负责，县教育局、县卫健局配合，开展检查。", "由县市场监管局负责，县教育局、县卫健局配合，",
     [("县市场监管局", "responsible"), ("县教育局", "supporting"), ("县卫健局", "supporting")]),
    ("县农业农村局牵头、县市场监管局配合：加强追溯。", "县农业农村局牵头、县市场监管局配合：",
     [("县农业农村局", "lead"), ("县市场监管局", "supporting")]),
    ("由县市场监管局主办，县商务局协办，组织开展评选。", "由县市场监管局主办，县商务局协办，",
     [("县市场监管局", "lead"), ("县商务局", "supporting")]),
    ("加强监管，负责到底。", None, []),  # 负责 in a sentence names no unit
    ("县市场监管局负责全县抽检工作。", None, []),  # no comma or colon closes a note: it is the text
])
def test_responsibility_written_before_the_task(text, note, units):
    from generator.importer.responsibility import leading_note, parse_note, segments
    assert leading_note(text) == note
    if note:
        assert [(u["name"], u["role"]) for u in parse_note(note)] == units
        (segment,) = segments(text)
        assert segment.note + segment.text == text  # note and text keep every character


@pytest.mark.parametrize("line, units", [
    ("由县农业农村局牵头（承办），县市场监管局、县公安局配合（协办）。",
     [("县农业农村局", "lead"), ("县市场监管局", "supporting"), ("县公安局", "supporting")]),
    ("由县市场监管局主办，县商务局协办。", [("县市场监管局", "lead"), ("县商务局", "supporting")]),
    ("牵头单位：县教育局；配合单位：县市场监管局、县卫健局。",
     [("县教育局", "lead"), ("县市场监管局", "supporting"), ("县卫健局", "supporting")]),
    ("县农业农村局（牵头）、县生态环境局（配合）", None),  # no part line, but the roles in brackets read
])
def test_a_parts_line_of_units(line, units):
    from generator.importer.responsibility import parse_note, part_note
    assert part_note(line) is (units is not None)
    expected_units = units or [("县农业农村局", "lead"), ("县生态环境局", "supporting")]
    assert [(u["name"], u["role"]) for u in parse_note(line)] == expected_units


def test_every_imported_notice_passes_check_and_review_names_what_it_was_not_sure_of(tmp_path, capsys):
    """All plan fixtures imported into one project: `check` loads them (the importer wrote no plan
    that check refuses); `review` lists, with file and line, the task that names no unit and the
    paragraph naming units that the import could not place; the 登记号 reaches the plan page's
    metadata and the plans data."""
    from generator.build import BuildOptions, load_site
    from generator.exports.records import plan_record
    from generator.gate import review_list
    from generator.loading import link, read_content
    from generator.pages.plans import metadata
    from helpers import MINI_CONTENT, make_project

    project = make_project(tmp_path, MINI_CONTENT)
    content = project / "content"
    imported = []
    for index, path in enumerate(FIXTURE_FILES):
        want = expected(path.name)
        if "refused" in want:
            continue
        status = main([str(path), "--content", str(content), "--id", f"corpus-{index}"])
        assert status == 0, capsys.readouterr().err
        imported.append((f"corpus-{index}", path.name))
    raw = read_content(content)
    linked = link(raw)  # raises ContentErrors, naming file and line, for anything check refuses
    names = dict(imported)
    plans = {p.id: p for p in linked.plans}

    meijiang = next(i for i, n in imported if n == "l1-portal-copy-no-signatory.txt")
    items = review_list(raw, meijiang)
    assert any(f"plans/{meijiang}.yaml:" in item and "task 5. names no unit" in item for item in items), items
    assert any("names units but is no task" in item for item in items), items
    assert not any("registration_number" in item for item in items)  # 登记号: normative documents only
    taoxi = next(i for i, n in imported if n == "l5-part-line-taoxi.txt")
    assert not any("names no unit" in item for item in review_list(raw, taoxi))  # the part's line names them

    beishan = plans[next(i for i, n in imported if n == "l2-registration-beishan.txt")]
    assert ("登记号", "BSSD01—2024—0007") in [(row.term, row.value) for row in metadata(beishan)]
    assert "登记号" not in [row.term for row in metadata(plans[meijiang])]
    site = load_site(project, BuildOptions(review=True))  # the review build shows imported plans
    shown = next(p for p in site.content.plans if p.id == beishan.id)
    assert plan_record(site, shown)["registration_number"] == "BSSD01—2024—0007"
    assert set(names) <= set(plans)


# --- the figures of docs/import.md -------------------------------------------------------------

def score(want: dict, got: dict | None) -> dict[str, tuple[int, int]]:
    """(right, present) for tasks (label and text), units and roles (per task naming units),
    head fields (the notice's elements the document states, its period and jurisdiction)."""
    def flat(sections: list[dict]) -> list[dict]:
        out = []
        for s in sections:
            out += flat(s["sections"]) + s["tasks"]
        return out
    want_tasks = flat(want["sections"])
    got_tasks = flat(got["sections"]) if got else []
    by_label = {}
    for task in got_tasks:
        by_label.setdefault((task["label"], task["text"][0]), task)
    tasks = sum(1 for t in want_tasks if (t["label"], t["text"][0]) in by_label)
    named = [t for t in want_tasks if t["units"]]
    units = sum(1 for t in named if by_label.get((t["label"], t["text"][0]), {}).get("units") == t["units"])
    fields = want["notice"]
    head = sum(1 for k, v in fields.items() if got and got["notice"].get(k) == v)
    head += int(bool(want["period"]) and got is not None and got["period"] == want["period"])
    head += int(got is not None and got["jurisdiction"] == want["jurisdiction"])
    return {"tasks": (tasks, len(want_tasks)), "units": (units, len(named)),
            "head": (head, len(fields) + int(bool(want["period"])) + 1)}


LAYOUTS = {"l1": "1. portal copy from the addressees", "l2": "2. lines above the head", "l3": "3. spaced, broken titles",
           "l4": "4. flat lists, paragraph tasks", "l5": "5. responsibility before the task / for a part",
           "l6": "6. collective units", "l8": "8. periods", "l10": "10. not a plan", "l11": "11. the head's variants",
           "l13": "13. jurisdiction from the issuer"}
PORTAL_LAYOUT = {"p1": "l1", "p2": "l5", "p3": "l4"}


def figures() -> list[tuple[str, str, object]]:
    """(layout key, fixture as imported, score or refusal) for every fixture, PDFs included,
    with whatever `generator` is first on the path (so the figures of an older importer too)."""
    import tempfile

    from generator.importer.errors import ImportProblem
    from generator.importer.pipeline import run
    work = Path(tempfile.mkdtemp())
    sources = [(p, p) for p in FIXTURE_FILES]
    sources += [(NOTICES / n, notice_pdf((NOTICES / n).read_text(encoding="utf-8"), work / f"{Path(n).stem}.pdf", work))
                for n in AS_PDF]
    rows = []
    for fixture, source in sources:
        want = expected(fixture.name)
        args = want.get("args", [])
        jurisdiction = dict(zip(args[::2], args[1::2])).get("--jurisdiction")
        try:
            result = run(source, work / f"content-{source.name}", "corpus", jurisdiction, True)
            got = structure(json.loads(json.dumps(result.plan, default=str)))
        except ImportProblem:
            got = None
        except Exception as exc:  # an older importer's crash counts as nothing read
            print(f"{source.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            got = None
        key = fixture.name.split("-")[0]
        key = PORTAL_LAYOUT.get(key, key)
        rows.append((key, source.name, "refused" if got is None else "imported") if "refused" in want
                    else (key, source.name, score(want["plan"], got)))
    return rows


if __name__ == "__main__":  # print the corpus figures as docs/import.md's table
    totals: dict[str, dict] = {}
    for key, name, result in figures():
        row = totals.setdefault(key, {"fixtures": [], "tasks": [0, 0], "units": [0, 0], "head": [0, 0], "refused": [0, 0]})
        row["fixtures"].append(name)
        if isinstance(result, str):
            row["refused"][0] += result == "refused"
            row["refused"][1] += 1
            continue
        for field, (right, present) in result.items():
            row[field][0] += right
            row[field][1] += present
    grand = {f: [0, 0] for f in ("tasks", "units", "head", "refused")}
    for key in sorted(totals, key=lambda k: int(k[1:])):
        row = totals[key]
        cells = []
        for field in ("tasks", "units", "head", "refused"):
            right, present = row[field]
            grand[field][0] += right
            grand[field][1] += present
            cells.append(f"{right}/{present}" if present else "—")
        print(f"| {LAYOUTS[key]} | {', '.join(row['fixtures'])} | " + " | ".join(cells) + " |")
    print("| all | | " + " | ".join(f"{r}/{p}" for r, p in grand.values()) + " |")
