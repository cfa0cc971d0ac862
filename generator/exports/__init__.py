"""Open data: the shown plans, tasks, targets, agencies and themes as JSON and CSV.

Every file is built from `site.content`, which the publication gate has already reduced to
the public plans in a public build, so an unmarked plan cannot leak into a download. Each
JSON file has a JSON Schema published beside it (the schemas in schemas/ describe every
field, and the data page, pages/data.py, lists them); the CSV files hold the same records,
flattened. Also here: the Atom feed (feed.xml). The date the XLSX files carry is the build's
(`Site.build_date`), so the same SOURCE_DATE_EPOCH gives the same bytes.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable, Iterator

from .. import urls
from ..model import Plan
from ..site import Site
from . import feed, records, sheets

__all__ = ["build", "DATASETS"]

SCHEMAS = Path(__file__).resolve().parent / "schemas"
PLAN_SCHEMA = "data/plan.schema.json"  # the schema of each data/plans/<id>.json


@cache
def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def by_plan(site: Site) -> list[Plan]:
    return sorted(site.content.plans, key=lambda p: p.id)


def plan_rows(site: Site) -> list[dict]:
    return [records.plan_record(site, p) for p in by_plan(site)]


def task_rows(site: Site, plans: list[Plan] | None = None) -> list[dict]:
    return [records.task_record(site, t) for p in (by_plan(site) if plans is None else plans) for t in p.walk_tasks()]


def target_rows(site: Site, plans: list[Plan] | None = None) -> list[dict]:
    return [records.target_record(site, target)
            for p in (by_plan(site) if plans is None else plans) for t in p.walk_tasks() for target in t.targets]


def agency_rows(site: Site) -> list[dict]:
    return [records.agency_record(site, a) for a in sorted(site.content.agencies, key=lambda a: a.key)]


def report_rows(site: Site) -> list[dict]:
    return [records.report_entry_record(site, e)
            for r in sorted(site.content.reports, key=lambda r: r.id) for e in r.entries]


def obligation_rows(site: Site) -> list[dict]:
    rows = []
    for plan in by_plan(site):
        owed = site.obligations[plan.id]
        for o in owed.obligations:
            rows += [records.obligation_record(site, o, due) for due in owed.of(o)] or [records.obligation_record(site, o, None)]
    return rows


def theme_rows(site: Site) -> list[dict]:
    return [records.theme_record(site, t) for t in site.content.themes]


@dataclass(frozen=True)
class Dataset:
    """One download: data/<name>.json, .csv and .schema.json."""

    name: str
    title: str
    description: str
    rows: Callable[[Site], list[dict]]

    @property
    def schema(self) -> dict:
        return schema(self.name)

    def path(self, extension: str) -> str:
        return f"data/{self.name}.{extension}"


DATASETS = (
    Dataset("plans", "工作计划", "每份计划一条：标题、发文字号、发文机关、成文日期、公开属性、原文及其校验值、任务数。", plan_rows),
    Dataset("tasks", "任务", "每项任务和每个子项一条：文件中的序号、原文（含责任单位括注）、责任单位及其角色、主题、量化目标。",
            task_rows),
    Dataset("targets", "量化目标", "每个量化目标一条：原文片段、衡量对象、数值、单位、年度、可比指标，便于跨地区比较。", target_rows),
    Dataset("agencies", "责任单位", "计划点名的每个单位一条：规范名称、其他写法、类别、牵头/负责/配合的任务数。", agency_rows),
    Dataset("themes", "主题", "每个行动主题一条：说明、归类关键词、可比指标、任务数。", theme_rows),
    Dataset("reports", "落实情况", "每份公开的落实情况报告中每项任务的进展一条：报告的要素、所报任务、进展（已完成、滞后……）、报告原文、佐证材料。",
            report_rows),
    Dataset("obligations", "报告义务", "计划原文要求报告落实情况的每个应报日期一条：条款原文、报告单位、报送对象、报告内容、应报日期及其来由、"
            "本站是否收录了相应的公开报告（按构建日期判断）。", obligation_rows),
)


def as_json(value: object) -> str:
    """Indented JSON, for the schemas (small, read by people)."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _lines(value: object, depth: int) -> str:
    """A list one item (compact) a line; an object one key a line, its values `depth` - 1 down."""
    if depth and isinstance(value, list) and value:
        return "[\n" + ",\n".join(map(_compact, value)) + "\n]"
    if depth and isinstance(value, dict) and value:
        return "{\n" + ",\n".join(f"{_compact(k)}: {_lines(v, depth - 1)}" for k, v in value.items()) + "\n}"
    return _compact(value)


def as_data(value: object) -> str:
    """The data files: one record a line (json.dumps with indent runs CPython's pure-Python
    encoder, which was most of the exports' time at 1,000 plans; without it, the C encoder)."""
    return _lines(value, 2) + "\n"


def plan_schema() -> dict:
    """The schema of one plan's file, self-contained: its plan record, its tasks and targets."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "单份计划数据（data/plans/<id>.json）",
        "description": "一份计划的记录及其全部任务和量化目标，字段与 plans.json、tasks.json、targets.json 相同。",
        "type": "object",
        "additionalProperties": False,
        "required": ["plan", "tasks", "targets"],
        "properties": {
            "plan": schema("plans")["items"],
            "tasks": schema("tasks"),
            "targets": schema("targets"),
        },
    }


@dataclass(frozen=True)
class Table:
    """One dataset's records, as every export format's writer takes them."""

    title: str
    schema: dict
    rows: list[dict]  # the JSON records
    headers: list[str]  # the flat table's columns (CSV, XLSX)
    cells: list[list[object]]
    when: datetime.datetime  # the build's date (Site.build_time, written into XLSX)


@dataclass(frozen=True)
class ExportFormat:
    """A file each dataset is published as: data/<name>.<suffix>, its MIME type, its writer."""

    suffix: str
    label: str  # on the data page
    mime: str
    write: Callable[[Table], str | bytes]
    download: bool = False  # the data page's link saves it rather than opens it


# The one list of export formats: a new one is a writer and a line here (and its tests and docs/data.md).
EXPORT_FORMATS = (
    ExportFormat("json", "JSON", "application/json", lambda t: as_data(t.rows), download=True),  # saved, not opened in the tab
    ExportFormat("csv", "CSV", "text/csv", lambda t: sheets.to_csv(t.headers, t.cells), download=True),
    ExportFormat("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 lambda t: sheets.to_xlsx(t.title, t.headers, t.cells, t.when), download=True),
    ExportFormat("schema.json", "Schema", "application/schema+json", lambda t: as_json(t.schema)),
)


def dataset_files(site: Site, dataset: Dataset) -> dict[str, str | bytes]:
    rows = dataset.rows(site)
    headers, cells = sheets.table(site.sheet_names, rows, sheets.columns(dataset.schema))
    table = Table(dataset.title, dataset.schema, rows, headers, cells, site.build_time)
    return {dataset.path(f.suffix): f.write(table) for f in EXPORT_FORMATS}


def plan_files(site: Site, plan: Plan) -> dict[str, str | bytes]:
    """A plan's own downloads, linked from its page: the JSON record set and its task table."""
    tasks = task_rows(site, [plan])
    document = {"plan": records.plan_record(site, plan), "tasks": tasks, "targets": target_rows(site, [plan])}
    return {
        urls.plan_data(plan, "json"): as_data(document),
        urls.plan_data(plan, "csv"): sheets.to_csv(*sheets.table(site.sheet_names, tasks, sheets.columns(schema("tasks")))),
    }


def build(site: Site) -> Iterator[tuple[str, str | bytes]]:
    """Every data file and the feed, for the plans this build shows, a dataset or
    a plan at a time (a thousand plans' data held at once was half the second process's memory)."""
    yield PLAN_SCHEMA, as_json(plan_schema())
    for dataset in DATASETS:
        yield from dataset_files(site, dataset).items()
    for plan in by_plan(site):
        yield from plan_files(site, plan).items()
    yield urls.FEED, feed.build(site)
