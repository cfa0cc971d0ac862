"""The importer, driven as a user drives it: `generator.importer.main([...])` on real files.

Small documents of our own check each numbering and note style; the five sources check that
re-importing reproduces the committed plans and that notes are read by each document's rules.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from generator.importer import main
from generator.importer.responsibility import parse_note
from generator.importer.targets import find_targets
from helpers import FIXTURES, ROOT

CONTENT = ROOT / "content"
IMPORT_FIXTURES = FIXTURES / "import"
SOURCES = {
    "yangcheng-2023": "000_c35e34fda0cddad2.txt",
    "wuzhi-2022": "001_a1d7dc5c527cc8fc.txt",
    "jincheng-2021": "002_189fcdb2a2e48eaf.txt",
    "jinyun-2023": "003_e32cfc722f65882d.txt",
    "suining-xinqu-2023": "004_5fba058414e2687e.txt",
}
PERSON_DECIDES = {"themes", "disclosure", "notes", "review", "approval"}  # review: the importer holds; approval: a person releases


def run(args: list[str], capsys) -> tuple[int, str, str]:
    """Run the CLI entry and return (status, stdout, stderr)."""
    status = main([str(a) for a in args])
    out = capsys.readouterr()
    return status, out.out, out.err


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under directory with its bytes, to prove nothing changed."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def plan(plan_id: str) -> dict:
    return load(CONTENT / "plans" / f"{plan_id}.yaml")


def strip_decisions(value):
    """The data without the fields a person decides."""
    if isinstance(value, dict):
        return {k: strip_decisions(v) for k, v in value.items() if k not in PERSON_DECIDES}
    if isinstance(value, list):
        return [strip_decisions(v) for v in value]
    return value


def find_task(data: dict, *labels: str) -> dict:
    """The task reached by a path of labels, searching nested sections (缙云)."""
    def tasks_of(sections):
        for section in sections:
            yield from section.get("tasks", [])
            yield from tasks_of(section.get("sections", []))
    current = next(t for t in tasks_of(data["sections"]) if t["label"] == labels[0])
    for label in labels[1:]:
        current = next(t for t in current["items"] if t["label"] == label)
    return current


def roles(body: dict) -> list[tuple[str, str]]:
    return [(u["name"], u["role"]) for u in body["units"]]


# --- a small document with every numbering and note style -----------------------------------

@pytest.fixture
def styles(tmp_path, capsys):
    status, out, err = run([IMPORT_FIXTURES / "styles.txt", "--content", tmp_path, "--id", "mou-2024",
                            "--jurisdiction", "mouxian"], capsys)
    assert status == 0, err
    return load(tmp_path / "plans" / "mou-2024.yaml"), out, tmp_path


def test_notice_elements_are_read(styles):
    data, _, _ = styles
    notice = data["notice"]
    assert notice["issuer_mark"] == "某县人民政府办公室文件"
    assert notice["doc_number"] == "某政办〔2024〕3号"
    assert notice["title"] == "某县人民政府办公室关于印发某县2024年食品安全工作要点的通知"
    assert notice["addressees"] == "各乡（镇）人民政府，县直各单位"  # half-width written full width
    assert notice["annotation"] == "（此件依申请公开）"
    assert str(notice["date_signed"]) == "2024-03-01" and str(notice["date_printed"]) == "2024-03-01"
    assert notice["copied_to"] == "县委办，县人大办。"
    assert data["title"] == "某县2024年食品安全工作要点" and data["period"] == {"start": 2024, "end": 2024}
    assert data["preamble"] == ["2024年是关键之年。"]  # ** and # debris removed


def test_sub_parts_hold_the_numbered_tasks(styles):
    data, _, _ = styles
    part = data["sections"][0]
    assert (part["label"], part["title"]) == ("一、", "强化源头治理")
    assert [s["label"] for s in part["sections"]] == ["（一）", "（二）"]  # (一) written full width
    assert [t["label"] for t in part["sections"][0]["tasks"]] == ["1．", "2．"]
    assert [t["label"] for t in part["sections"][1]["tasks"]] == ["1、", "2、"]
    heading = part["sections"][1]["tasks"][1]
    assert heading["title"] == "开展专项整治" and [i["label"] for i in heading["items"]] == ["（1）", "（2）"]
    circled = data["sections"][1]["sections"][0]["tasks"]
    assert [t["label"] for t in circled] == ["①", "②"]


def test_note_styles_in_a_document(styles):
    data, _, _ = styles
    first, second = data["sections"][0]["sections"][0]["tasks"]
    assert roles(first) == [("县农业农村局", "lead"), ("县生态环境局", "supporting"), ("县自然资源局", "supporting")]
    assert second["text"] == "规范农药使用，加强对农药经营企业的监督检查。"  # broken line joined
    assert second["note"] == "【县农业农村局】" and roles(second) == [("县农业农村局", "responsible")]
    items = data["sections"][0]["sections"][1]["tasks"][1]["items"]
    assert roles(items[0]) == [("县教育局", "lead"), ("县市场监管局", "supporting")]
    circled = data["sections"][1]["sections"][0]["tasks"]
    assert roles(circled[0]) == [("各乡（镇）人民政府", "responsible")]


def test_targets_in_a_document(styles):
    data, _, _ = styles
    first = data["sections"][0]["sections"][0]["tasks"][0]
    assert first["targets"] == [{"text": "全县受污染耕地安全利用率达到 95%", "measure": "全县受污染耕地安全利用率",
                                 "value": 95, "unit": "%", "comparison": "at-least", "year": 2024}]
    per_thousand = data["sections"][0]["sections"][1]["tasks"][0]["targets"][0]
    assert (per_thousand["value"], per_thousand["unit"]) == (4, "批次/千人")


def test_new_units_become_draft_agencies(styles):
    _, out, content = styles
    agencies = load(content / "agencies" / "mouxian.yaml")
    by_name = {u["name"]: u for u in agencies["units"]}
    assert by_name["县农业农村局"]["kind"] == "agriculture" and by_name["县农业农村局"]["draft"] is True
    assert by_name["县市场监管局"]["kind"] == "market"
    assert by_name["各乡（镇）人民政府"]["collective"] is True
    assert "new units added as drafts" in out


def test_report_names_what_was_found_and_what_needs_review(styles):
    _, out, _ = styles
    assert "found: 5 sections, 6 tasks, 2 sub-items" in out
    assert "附注: （此件依申请公开）" in out


def test_existing_agencies_are_kept_and_only_new_units_added(tmp_path, capsys):
    agencies = tmp_path / "agencies" / "mouxian.yaml"
    agencies.parent.mkdir(parents=True)
    agencies.write_text(yaml.safe_dump({
        "jurisdiction": {"id": "mouxian", "name": "某县", "level": "县", "parent": "某省某市"},
        "units": [{"id": "nongye", "name": "县农业农村局", "aliases": [], "kind": "agriculture",
                   "collective": False, "draft": False}]}, allow_unicode=True), encoding="utf-8")
    status, _, err = run([IMPORT_FIXTURES / "styles.txt", "--content", tmp_path, "--id", "mou-2024",
                          "--jurisdiction", "mouxian"], capsys)
    assert status == 0, err
    data = load(agencies)
    assert data["jurisdiction"]["parent"] == "某省某市"
    assert data["units"][0] == {"id": "nongye", "name": "县农业农村局", "aliases": [], "kind": "agriculture",
                                "collective": False, "draft": False}
    assert all(u["draft"] for u in data["units"][1:]) and len(data["units"]) > 1


def test_dry_run_writes_nothing(tmp_path, capsys):
    status, out, _ = run([IMPORT_FIXTURES / "styles.txt", "--content", tmp_path, "--id", "mou-2024",
                          "--jurisdiction", "mouxian", "--dry-run"], capsys)
    assert status == 0 and "dry run" in out and snapshot(tmp_path) == {}


def test_reimport_keeps_decisions(tmp_path, capsys):
    args = [IMPORT_FIXTURES / "styles.txt", "--content", tmp_path, "--id", "mou-2024", "--jurisdiction", "mouxian"]
    assert run(args, capsys)[0] == 0
    path = tmp_path / "plans" / "mou-2024.yaml"
    data = load(path)
    data["notes"] = ["编者注"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert run(args, capsys)[0] == 0
    assert load(path)["notes"] == ["编者注"]


# --- other encodings and formats -------------------------------------------------------------

def test_gb18030_file_is_detected(tmp_path, capsys):
    source = tmp_path / "gb.txt"
    source.write_bytes((IMPORT_FIXTURES / "styles.txt").read_text(encoding="utf-8").encode("gb18030"))
    status, _, err = run([source, "--content", tmp_path / "c", "--id", "mou-2024", "--jurisdiction", "mouxian"],
                         capsys)
    assert status == 0, err
    assert load(tmp_path / "c" / "plans" / "mou-2024.yaml")["title"] == "某县2024年食品安全工作要点"


def test_docx_is_read(tmp_path, capsys):
    import docx
    document = docx.Document()
    for line in (IMPORT_FIXTURES / "styles.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    source = tmp_path / "plan.docx"
    document.save(source)
    status, _, err = run([source, "--content", tmp_path / "c", "--id", "mou-2024", "--jurisdiction", "mouxian"],
                         capsys)
    assert status == 0, err
    data = load(tmp_path / "c" / "plans" / "mou-2024.yaml")
    assert data["notice"]["doc_number"] == "某政办〔2024〕3号"
    assert [s["label"] for s in data["sections"]] == ["一、", "二、"]


# --- bad input: one message, status 2, content untouched -------------------------------------

def _bad(tmp_path: Path, name: str, data: bytes | None) -> Path:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, data, words", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"\n\n   \n", "no text"),
    ("missing.txt", None, "no such file"),
    ("binary.txt", bytes(range(256)) * 8, "UTF-8"),
    ("recipe.txt", (IMPORT_FIXTURES / "not_a_notice.txt").read_bytes(), "not a work plan"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "Word"),
])
def test_bad_input_is_refused_cleanly(tmp_path, capsys, name, data, words):
    content = tmp_path / "content"
    (content / "plans").mkdir(parents=True)
    (content / "plans" / "keep.yaml").write_text("id: keep\n", encoding="utf-8")
    before = snapshot(content)
    source = _bad(tmp_path, name, data)
    status, out, err = run([source, "--content", content, "--id", "x-2024", "--jurisdiction", "x"], capsys)
    assert status == 2
    assert str(source) in err and words in err
    assert "Traceback" not in out + err
    assert snapshot(content) == before


def test_huge_file_is_refused(tmp_path, capsys):
    source = tmp_path / "huge.txt"
    with source.open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)
    status, _, err = run([source, "--content", tmp_path / "c"], capsys)
    assert status == 2 and "5 MB" in err and str(source) in err
    assert not (tmp_path / "c").exists()


def test_bad_option_is_refused(capsys):
    status, _, err = run(["--bogus"], capsys)
    assert status == 2 and "usage" in err and "Traceback" not in err


def test_unnamed_jurisdiction_asks_for_an_id(tmp_path, capsys):
    source = tmp_path / "plan.txt"
    text = (IMPORT_FIXTURES / "styles.txt").read_text(encoding="utf-8").split("某县2024年食品安全工作要点\n\n**")[1]
    source.write_text("工作要点\n\n" + text.split("抄送")[0], encoding="utf-8")
    status, _, err = run([source, "--content", tmp_path / "c"], capsys)
    assert status == 2 and "--jurisdiction" in err


# --- note styles, each as the documents write it ---------------------------------------------

@pytest.mark.parametrize("note, rule, expected", [
    ("（县农业农村局牵头，县法院、县检察院按职责分工负责）", None,
     [("县农业农村局", "lead"), ("县法院", "responsible"), ("县检察院", "responsible")]),
    ("（县发改局）", None, [("县发改局", "responsible")]),
    ("（县公安局负责）", None, [("县公安局", "responsible")]),
    ("(县科技局、县市场监管局按职责分工负责)", None, [("县科技局", "responsible"), ("县市场监管局", "responsible")]),
    ("【县农业农村局】", None, [("县农业农村局", "responsible")]),
    ("〔市市场监督管理局、市商务局按职责分工负责，各县（市、区）人民政府〕", None,
     [("市市场监督管理局", "responsible"), ("市商务局", "responsible"), ("各县（市、区）人民政府", "responsible")]),
    ("（牵头单位：县卫健局；配合单位：县教育局、县市场监管局）", None,
     [("县卫健局", "lead"), ("县教育局", "supporting"), ("县市场监管局", "supporting")]),
    ("（县食安办牵头，县食安委相关成员单位及有关部门配合）", None,
     [("县食安办", "lead"), ("县食安委相关成员单位及有关部门", "supporting")]),
    ("〔市市场监督管理局、市农业农村局牵头，市公安局按职责分工负责〕", None,
     [("市市场监督管理局", "lead"), ("市农业农村局", "lead"), ("市公安局", "responsible")]),
    ("（县市场监管局，县司法局、县林业局按职责分工负责）", None,
     [("县市场监管局", "lead"), ("县司法局", "responsible"), ("县林业局", "responsible")]),
    ("（责任单位：卫健委、农业农村局。排名第一的为牵头单位，下同）", "排名第一的为牵头单位，下同",
     [("卫健委", "lead"), ("农业农村局", "responsible")]),
    ("（责任单位：市场监管局、公安局，各乡镇办事处）", "排名第一的为牵头单位，下同",
     [("市场监管局", "lead"), ("公安局", "responsible"), ("各乡镇办事处", "responsible")]),
    ("〔责任单位：发改局，市场监管分局、公安分局〕", "逗号前为牵头单位，下同",
     [("发改局", "lead"), ("市场监管分局", "responsible"), ("公安分局", "responsible")]),
    ("〔责任单位：发改局、市场监管分局〕", "逗号前为牵头单位，下同",
     [("发改局", "responsible"), ("市场监管分局", "responsible")]),
    ("〔市农业农村局牵头，各县〔市、区〕人民政府负责〕", None,
     [("市农业农村局", "lead"), ("各县〔市、区〕人民政府", "responsible")]),
])
def test_note_styles(note, rule, expected):
    assert [(u["name"], u["role"]) for u in parse_note(note, rule)] == expected


# --- the five sources ------------------------------------------------------------------------

@pytest.mark.parametrize("plan_id", sorted(SOURCES))
def test_reimport_reproduces_the_committed_plan(plan_id, tmp_path, capsys):
    jurisdiction = plan(plan_id)["jurisdiction"]
    status, _, err = run([CONTENT / "sources" / SOURCES[plan_id], "--content", tmp_path, "--id", plan_id,
                          "--jurisdiction", jurisdiction], capsys)
    assert status == 0, err
    assert strip_decisions(load(tmp_path / "plans" / f"{plan_id}.yaml")) == strip_decisions(plan(plan_id))


@pytest.mark.parametrize("plan_id", sorted(SOURCES))
def test_source_checksum_is_recorded(plan_id):
    data = plan(plan_id)
    source = CONTENT / "sources" / data["source"]["file"]
    assert data["source"]["file"] == SOURCES[plan_id]
    assert data["source"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()


def test_yangcheng_notes():
    data = plan("yangcheng-2023")
    assert roles(find_task(data, "（三）")) == [("县农业农村局", "lead")] + [
        (u, "responsible") for u in ("县法院", "县检察院", "县市场监管局", "县公安局", "县卫健局")]
    assert roles(find_task(data, "（十四）", "2.")) == [("县农业农村局", "lead"), ("县市场监管局", "supporting")]
    statements = find_task(data, "（二十八）")["statements"]
    assert [s["note"] for s in statements] == ["（县食安办）", "（县农业农村局）"]
    assert statements[1]["text"].startswith("做好第三批省级农产品质量安全县验收准备工作")


def test_wuzhi_notes_follow_its_rule():
    data = plan("wuzhi-2022")
    assert data["responsibility_rule"] == "排名第一的为牵头单位，下同"
    assert roles(find_task(data, "（一）"))[0] == ("卫健委", "lead")
    fourth = find_task(data, "（四）")
    assert fourth["note"] == "责任单位：（市场监管局、县委宣传部、公安局、民政局、商务局、文广旅局、卫健委，各乡镇办事处）"
    assert roles(fourth)[0] == ("市场监管局", "lead") and fourth["text"].endswith("打击和查处率达到100%。")
    measures = data["sections"][3]
    assert measures["title"] == "工作措施" and len(measures["tasks"]) == 6
    assert all(t["note"] is None and t["units"] == [] for t in measures["tasks"])


def test_wuzhi_yearly_series_is_one_target_per_year():
    targets = find_task(plan("wuzhi-2022"), "（五）")["targets"]
    shops = [t for t in targets if t["measure"] == "全县达到规范化建设标准的农村食品经营店"]
    assert [(t["year"], t["value"]) for t in shops] == [(2022, 50), (2023, 70), (2024, 80)]


def test_jincheng_notes():
    data = plan("jincheng-2021")
    assert roles(find_task(data, "9.")) == [("市发展和改革委员会", "lead"), ("市农业农村局", "responsible"),
                                             ("各县（市、区）人民政府", "responsible")]
    assert roles(find_task(data, "21.")) == [("晋城海关", "responsible")]


def test_jinyun_sentences_with_their_own_notes_are_statements():
    data = plan("jinyun-2023")
    thirteen = find_task(data, "13.")
    assert [s["note"] for s in thirteen["statements"]] == [
        "（县市场监管局，县司法局、县农业农村局、县卫健局、县林业局、丽水海关查检三科按职责分工负责）", "（县市场监管局负责）"]
    assert roles(thirteen["statements"][0])[0] == ("县市场监管局", "lead")
    sixteen = find_task(data, "16.")["statements"]
    assert sixteen[1]["note"] == "（县市市场监管局按负责）"  # page break joined, wording kept
    assert len(find_task(data, "18.")["statements"]) == 5  # the paragraph after the page belongs to 18.


def test_jinyun_mislabel_is_kept_inside_the_food_part(capsys):
    food = plan("jinyun-2023")["sections"][0]
    assert [s["label"] for s in food["sections"]] == ["（一）", "（二）", "（三）", "（四）", "（五）", "六、"]
    assert [t["label"] for t in food["sections"][5]["tasks"]] == ["19.", "20.", "21."]
    status, out, _ = run([CONTENT / "sources" / SOURCES["jinyun-2023"], "--dry-run", "--id", "jinyun-2023"], capsys)
    assert status == 0 and "line 83: `六、` breaks the sequence" in out


def test_suining_notes_follow_its_rule():
    data = plan("suining-xinqu-2023")
    assert data["responsibility_rule"] == "逗号前为牵头单位，下同"
    assert roles(find_task(data, "（五）")) == [("发改局", "lead"), ("市场监管分局", "responsible"),
                                                ("公安分局", "responsible"), ("社事群工局", "responsible")]
    second = find_task(data, "（二）", "二是")
    assert second["note"].endswith("（备注：逗号前为牵头单位，下同）")


def test_suining_header_is_unknown_not_guessed():
    data = plan("suining-xinqu-2023")
    assert data["header_missing"] is True and all(v is None for v in data["notice"].values())
    assert (data["title"], data["title_complete"]) == ("重点工作安排", False)
    assert data["period"] == {"start": 2023, "end": 2023}
    agencies = load(CONTENT / "agencies" / "suining-xinqu.yaml")
    assert agencies["jurisdiction"]["name"] == "遂宁市某新区（名称未载明）"


def test_mingchu_liangzao_targets_are_comparable():
    def values(plan_id, *labels):
        task = find_task(plan(plan_id), *labels)
        bodies = task.get("statements") or [task]
        return [(t["value"], t["year"]) for b in bodies for t in b["targets"] if "明厨亮灶" in t["measure"]]
    assert (100, 2023) in values("yangcheng-2023", "（十）")
    assert (65, 2021) in values("jincheng-2021", "14.")
    assert (90, 2024) in values("wuzhi-2022", "（六）")
    assert (90, 2023) in values("suining-xinqu-2023", "（九）", "一是")


def test_targets_quote_the_text():
    for plan_id in SOURCES:
        from generator.importer.assemble import bodies, iter_tasks
        for task in iter_tasks(plan(plan_id)["sections"]):
            for body in bodies(task):
                for target in body["targets"]:
                    assert target["text"] in body["text"] and target["measure"] in body["text"], (plan_id, target)


def test_count_targets():
    assert find_targets("强化基层食安办分层分类动态管理，新增四星级食安办 4 家。", 2023) == [
        {"text": "新增四星级食安办 4 家", "measure": "四星级食安办", "value": 4, "unit": "家", "comparison": "exactly", "year": 2023}]
    assert find_targets("聚焦 11 个重点品种，严打禁限用药物。", 2023) == []  # a scope, not a target
    assert [t["value"] for t in find_targets("定量抽检达 1200 批次，食用林产品抽检达到 50 批次。", None)] == [1200, 50]


def test_every_unit_is_in_its_agencies_file():
    from generator.importer.assemble import bodies, iter_tasks
    for plan_id in SOURCES:
        data = plan(plan_id)
        agencies = load(CONTENT / "agencies" / f"{data['jurisdiction']}.yaml")
        known = {n for u in agencies["units"] for n in [u["name"], *u["aliases"]]}
        for task in iter_tasks(data["sections"]):
            for body in bodies(task):
                for unit in body["units"]:
                    assert unit["name"] in known, (plan_id, unit["name"])


def test_reviewed_agencies():
    kinds = {k["id"] for k in load(CONTENT / "kinds.yaml")}
    for path in sorted((CONTENT / "agencies").glob("*.yaml")):
        data = load(path)
        assert data["jurisdiction"]["parent"], path
        for unit in data["units"]:
            assert unit["draft"] is False and (unit["kind"] is None or unit["kind"] in kinds), unit
    names = {path.stem: {u["name"]: u for u in load(path)["units"]} for path in (CONTENT / "agencies").glob("*.yaml")}
    assert names["yangcheng"]["县食安办"]["aliases"] == ["县食品安全办"]
    assert names["suining-xinqu"]["新区食品安全办"]["aliases"] == ["新区食安办"]
    assert "县市市场监管局" in names["jinyun"]["县市场监管局"]["aliases"]
    for jid, name in [("yangcheng", "县畜牧中心"), ("jincheng", "晋城海关"), ("jinyun", "丽水海关查检三科"),
                      ("suining-xinqu", "社事群工局")]:
        assert name in names[jid]
    assert names["jincheng"]["各县（市、区）人民政府"]["collective"] is True
