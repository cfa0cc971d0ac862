"""Open data and feeds as a journalist or a developer uses them: download, validate, count, parse.

The data files are checked against the schemas published beside them, against the content
model (one task record per task and sub-item of every shown plan, nothing from a plan that is
not public), and CSV against JSON. The real content is checked in the built public and review
sites; the mini fixture checks what the real content may not show (relative URLs, ordering).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from generator import exports, gate, urls
from generator.exports import sheets
from generator.loading import read_content
from helpers import MINI_CONTENT, ROOT, export_tree, unpacked

ATOM = "{http://www.w3.org/2005/Atom}"
DATASETS = [d.name for d in exports.DATASETS]


def selection(content: Path, review: bool) -> gate.Selection:
    return gate.select(read_content(content), review)


def validate(data: object, schema: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)


def read_json(site: Path, path: str) -> object:
    return json.loads((site / path).read_text(encoding="utf-8"))


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data[:3] == b"\xef\xbb\xbf", "CSV must start with a UTF-8 byte-order mark so Excel reads Chinese"
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def all_plan_ids(content: Path) -> set[str]:
    return {p.id for p in selection(content, review=True).content.plans}


# --- the real content, as published ------------------------------------------------------------


@pytest.mark.parametrize("name", DATASETS)
def test_every_data_file_of_the_public_site_matches_the_schema_published_beside_it(public_site, name):
    schema = read_json(public_site, f"data/{name}.schema.json")
    data = read_json(public_site, f"data/{name}.json")
    validate(data, schema)
    if name == "reports":  # no real county has a published progress report: tests/test_reports.py fills it
        assert data == []
        return
    assert data, f"data/{name}.json is empty"


def test_each_plans_own_file_matches_its_schema_and_the_site_wide_files(public_site):
    schema = read_json(public_site, "data/plan.schema.json")
    tasks = read_json(public_site, "data/tasks.json")
    for plan in read_json(public_site, "data/plans.json"):
        own = read_json(public_site, f"data/plans/{plan['id']}.json")
        validate(own, schema)
        assert own["plan"] == plan
        assert own["tasks"] == [t for t in tasks if t["plan"] == plan["id"]]
        rows = read_csv((public_site / f"data/plans/{plan['id']}.csv").read_bytes())
        assert [r["编号"] for r in rows] == [t["id"] for t in own["tasks"]]


def test_tasks_json_has_one_record_per_task_and_sub_item_of_every_public_plan(public_site):
    shown = selection(ROOT / "content", review=False).content
    expected = [(t.plan.id, t.id, t.ref, t.text_with_notes) for p in sorted(shown.plans, key=lambda p: p.id) for t in p.walk_tasks()]
    records = read_json(public_site, "data/tasks.json")
    assert [(r["plan"], r["id"], r["ref"], r["text"]) for r in records] == expected
    plans = read_json(public_site, "data/plans.json")
    assert {p["id"]: p["task_count"] for p in plans} == {p.id: sum(1 for _ in p.walk_tasks()) for p in shown.plans}


def test_task_records_name_units_by_canonical_name_role_and_agency_key(public_site):
    shown = selection(ROOT / "content", review=False).content
    tasks = {(t.plan.id, t.id): t for t in shown.walk_tasks()}
    agencies = {a["key"]: a for a in read_json(public_site, "data/agencies.json")}
    for record in read_json(public_site, "data/tasks.json"):
        task = tasks[(record["plan"], record["id"])]
        expected = {(a.agency.name, a.role.value, a.agency.key) for a in task.assignments}
        assert {(u["name"], u["role"], u["agency"]) for u in record["units"]} == expected
        for unit in record["units"]:
            assert agencies[unit["agency"]]["name"] == unit["name"]
        assert record["themes"] == [t.id for t in task.themes]
        assert [t["text"] for t in record["targets"]] == [t.text for t in task.targets]
        assert record["url"].endswith(urls.task(task))


def test_no_data_file_feed_or_sitemap_mentions_a_plan_that_is_not_public(public_site):
    public = {p.id for p in selection(ROOT / "content", review=False).content.plans}
    held_back = all_plan_ids(ROOT / "content") - public
    assert held_back, "the real content should hold plans without （此件公开发布）"
    files = [*sorted((public_site / "data").rglob("*.json")), *sorted((public_site / "data").rglob("*.csv")),
             public_site / "feed.xml", public_site / "sitemap.xml"]
    for path in files:
        text = path.read_bytes().decode("utf-8-sig")
        for plan_id in held_back:
            assert plan_id not in text, f"{path.relative_to(public_site)} mentions held-back plan {plan_id}"
    assert {p["id"] for p in read_json(public_site, "data/plans.json")} == public
    assert not any((public_site / "data" / "plans" / f"{p}.json").exists() for p in held_back)


def test_review_data_holds_every_plan_and_says_which_are_not_public(review_site):
    plans = read_json(review_site, "data/plans.json")
    assert {p["id"] for p in plans} == all_plan_ids(ROOT / "content")
    statuses = {p["id"]: p["disclosure"] for p in plans}
    public = {p.id for p in selection(ROOT / "content", review=False).content.plans}
    assert {i for i, s in statuses.items() if s == "public"} == public


@pytest.mark.parametrize("name", DATASETS)
def test_csv_opens_with_its_bom_and_holds_the_same_records_as_the_json(public_site, name):
    records = read_json(public_site, f"data/{name}.json")
    rows = read_csv((public_site / f"data/{name}.csv").read_bytes())
    assert len(rows) == len(records)
    schema = read_json(public_site, f"data/{name}.schema.json")
    fields = sheets.columns(schema)
    header = (public_site / f"data/{name}.csv").read_bytes().decode("utf-8-sig").splitlines()[0].split(",")
    assert header == [sheets.HEADERS[f] for f in fields]  # Chinese headers, one per field, also when empty
    assert [f for f in fields if f in schema["items"]["properties"]] == list(schema["items"]["properties"])
    rows = [{field: row[sheets.HEADERS[field]] for field in fields} for row in rows]
    for row, record in zip(rows, records):
        for key, value in record.items():
            if isinstance(value, str):
                assert row[key] == sheets.neutralise(value), (name, key)
            elif value is None:
                assert row[key] == "", (name, key)
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                assert row[key] == "；".join(value), (name, key)
            elif key == "units":
                for unit in value:
                    assert unit["name"] in row[key]
                    assert unit["name"] in row[f"{unit['role']}_units"].split("；")


def test_target_records_carry_value_unit_and_year_for_comparison(public_site):
    targets = read_json(public_site, "data/targets.json")
    tasks = {(t["plan"], t["id"]): t for t in read_json(public_site, "data/tasks.json")}
    assert len(targets) == sum(len(t["targets"]) for t in tasks.values())
    for target in targets:
        task = tasks[(target["plan"], target["task"])]
        assert target["text"] in task["text"]
        assert isinstance(target["value"], (int, float))


def test_feed_lists_public_plans_newest_first_with_links_to_their_pages(public_site):
    feed = ET.parse(public_site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    public = sorted(selection(ROOT / "content", review=False).content.plans, key=lambda p: (p.date is None, p.id))
    links = [e.find(f"{ATOM}link[@rel='alternate']").get("href") for e in entries]
    plans = [link for link in links if "#" not in link]  # the others: obligations fallen due (#o-1 …)
    assert sorted(link.rstrip("/").rsplit("/", 1)[-1] for link in plans) == sorted(p.id for p in public)
    assert {link.split("#")[0] for link in links} == set(plans)
    published = [e.findtext(f"{ATOM}published") for e in entries]
    assert all(published), "every public plan has a date signed or printed"
    assert published == sorted(published, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == published[0]
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)


def test_data_page_lists_every_download_with_its_record_count_and_schema(public_site):
    html = (public_site / "data" / "index.html").read_text(encoding="utf-8")
    for name in DATASETS:
        count = len(read_json(public_site, f"data/{name}.json"))
        row = html.split(f'id="dataset-{name}"', 1)[1].split("</tr>", 1)[0]
        assert f"<td>{count}</td>" in row
        for link in (f"{name}.json", f"{name}.csv", f"{name}.schema.json"):
            assert f'href="{link}"' in row
    for plan in read_json(public_site, "data/plans.json"):
        assert f'href="plans/{plan["id"]}.csv"' in html and f'href="plans/{plan["id"]}.json"' in html
    assert 'href="../feed.xml"' in html


# --- the mini fixture: what the real content may not show --------------------------------------


def test_without_site_url_the_data_and_feed_use_paths_relative_to_the_site_root(tmp_path):
    tree = export_tree(tmp_path)
    plans = json.loads(tree["data/plans.json"])
    assert [p["url"] for p in plans] == ["plans/alpha-2023/"]
    feed = ET.fromstring(tree["feed.xml"])
    assert [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")] == ["plans/alpha-2023/"]


def test_with_site_url_the_data_and_feed_use_absolute_urls_under_it(tmp_path):
    tree = export_tree(tmp_path, site_url="https://example.org/plans-site/")
    task = json.loads(tree["data/tasks.json"])[0]
    assert task["url"] == "https://example.org/plans-site/plans/alpha-2023/#t-1-1"
    feed = ET.fromstring(tree["feed.xml"])
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/plans-site/feed.xml"


def test_review_feed_puts_the_newer_plan_first_and_public_feed_leaves_the_unmarked_plan_out(tmp_path):
    review = ET.fromstring(export_tree(tmp_path / "review", review=True)["feed.xml"])
    assert [e.findtext(f"{ATOM}title") for e in review.iter(f"{ATOM}entry")] == [
        "示例县2023年食品安全重点工作安排", "示例市2022年工作方案"]
    public = export_tree(tmp_path / "public")
    assert [e.findtext(f"{ATOM}title") for e in ET.fromstring(public["feed.xml"]).iter(f"{ATOM}entry")] == [
        "示例县2023年食品安全重点工作安排"]

    for path, data in public.items():
        text = "".join(part.decode("utf-8-sig") for part in unpacked(data)) if isinstance(data, bytes) else data
        assert "beta-2022" not in text and "示例市2022年工作方案" not in text, path


def test_a_task_that_names_two_units_in_two_sentences_lists_both_in_csv(tmp_path):
    tree = export_tree(tmp_path)
    rows = {r["编号"]: r for r in read_csv(tree["data/tasks.csv"])}
    assert rows["t-1-2-2"]["原文"] == "加强宣传。（县委宣传部负责）查处地沟油。（县公安局负责）"
    assert rows["t-1-2-2"]["责任单位（角色）"] == "县委宣传部（负责）；县公安局（负责）"
    assert rows["t-1-1"]["牵头单位"] == "县教育局"
    assert rows["t-1-2"]["上级任务编号"] == "" and rows["t-1-2-1"]["上级任务编号"] == "t-1-2"


def test_a_plan_without_a_date_is_listed_last_in_the_feed_without_a_published_date(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    beta = content / "plans" / "beta-2022.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace(", date_signed: 2022-07-07", ""), encoding="utf-8")
    feed = ET.fromstring(export_tree(tmp_path / "build", content, review=True)["feed.xml"])
    entries = feed.findall(f"{ATOM}entry")
    assert entries[-1].findtext(f"{ATOM}title") == "示例市2022年工作方案"
    assert entries[-1].find(f"{ATOM}published") is None
    assert "成文日期：未载明" in entries[-1].findtext(f"{ATOM}summary")


def test_the_build_date_is_source_date_epochs_day_in_beijing_else_the_clocks(monkeypatch):
    from generator.site import OptionError, build_day

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_day("1700000000") == datetime.date(2023, 11, 15)  # 22:13Z on the 14th: the 15th in Beijing
    assert build_day("315504000") == datetime.date(1980, 1, 1)  # 1980-01-01 00:00 in Beijing
    noon = datetime.datetime(2026, 12, 6, 17, 0, tzinfo=datetime.timezone.utc)
    assert build_day("", now=noon) == build_day(None, now=noon) == datetime.date(2026, 12, 7)
    for value in ("-1", "315503999", "4102444800", "1e9", "１７", "x"):
        with pytest.raises(OptionError, match="SOURCE_DATE_EPOCH"):
            build_day(value)
