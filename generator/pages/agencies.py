"""Agency pages (one per unit named by a shown plan), jurisdiction and kind pages, the index."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from .. import urls
from ..model import Agency, Content, Jurisdiction, Kind, Plan, Role, Statement, Task
from ..site import Site
from .compare import chart, versions_of
from .render import page

PEERS_SHOWN = 12  # units of the same kind elsewhere shown on an agency page; the kind page lists all


@dataclass
class Duty:
    """A task an agency is named in with one role, and the statements that name it."""

    task: Task
    statements: list[Statement] = field(default_factory=list)


@dataclass
class PlanDuties:
    plan: Plan
    roles: dict[Role, list[Duty]]


def duties(agency: Agency) -> list[PlanDuties]:
    """The agency's tasks grouped by plan (content order) then role (lead first)."""
    plans: dict[Plan, PlanDuties] = {}
    for a in agency.assignments:
        task = a.statement.task
        group = plans.setdefault(task.plan, PlanDuties(task.plan, {}))
        tasks = group.roles.setdefault(a.role, [])
        duty = next((d for d in tasks if d.task is task), None)
        if duty is None:
            tasks.append(duty := Duty(task))
        if a.statement not in duty.statements:
            duty.statements.append(a.statement)
    for group in plans.values():
        group.roles = dict(sorted(group.roles.items(), key=lambda item: item[0].rank))
    return list(plans.values())


def role_counts(agency: Agency) -> list[tuple[Role, int]]:
    """Distinct tasks per role, lead first, roles it never holds left out."""
    tasks: dict[Role, set[Task]] = {}
    for a in agency.assignments:
        tasks.setdefault(a.role, set()).add(a.statement.task)
    return [(role, len(tasks[role])) for role in Role if role in tasks]


def peers(agency: Agency) -> list[Agency]:
    """Units of the same kind in other jurisdictions: nearest (same parent) first, a bounded few."""
    if agency.kind is None:
        return []
    others = [a for a in agency.kind.agencies if a.jurisdiction is not agency.jurisdiction]
    others.sort(key=lambda a: (a.jurisdiction.parent != agency.jurisdiction.parent, a.jurisdiction.name, a.name))
    return others[:PEERS_SHOWN]


def by_kind(agencies: list[Agency], kinds: list[Kind]) -> list[tuple[Kind | None, list[Agency]]]:
    """Agencies grouped by kind in kinds.yaml order; units without a kind last."""
    groups = [(k, [a for a in agencies if a.kind is k]) for k in [*kinds, None]]
    return [(k, members) for k, members in groups if members]


def by_jurisdiction(agencies: list[Agency], jurisdictions: list[Jurisdiction]) -> list[tuple[Jurisdiction, list[Agency]]]:
    groups = [(j, [a for a in agencies if a.jurisdiction is j]) for j in jurisdictions]
    return [(j, members) for j, members in groups if members]


def agency_page(site: Site, agency: Agency) -> tuple[str, str]:
    title = f"{agency.name} · {agency.jurisdiction.name}"
    kind_total = len(agency.kind.agencies) - 1 if agency.kind else 0
    groups = duties(agency)
    dated = any(d.task.deadlines for g in groups for ds in g.roles.values() for d in ds)  # any due date to state
    return page(site, urls.agency(agency), "agency.html", title, agency=agency, duties=groups, dated=dated,
                role_counts=role_counts(agency), peers=peers(agency), peers_total=kind_total)


def build(site: Site) -> Iterator[tuple[str, str]]:
    content: Content = site.content
    for a in content.agencies:
        yield agency_page(site, a)
    for j in content.jurisdictions:
        yield page(site, urls.jurisdiction(j), "jurisdiction.html", f"{j.name}的责任单位", jurisdiction=j,
                   groups=by_kind(j.agencies, content.kinds), plans=j.plans,
                   versions=versions_of(site, j),
                   chart=chart(site, urls.themes_chart(j), "各计划各主题的任务数（一项任务可属多个主题）"))
    for k in content.kinds:
        yield page(site, urls.kind(k), "kind.html", f"{k.name}类单位", kind=k,
                   groups=by_jurisdiction(k.agencies, content.jurisdictions),
                   chart=chart(site, urls.kind_chart(k), "各单位牵头、负责、配合的任务数（一项任务按其最主要的角色计一次）"))
    without_kind = [a for a in content.agencies if a.kind is None]
    yield page(site, urls.AGENCIES, "agencies.html", "责任单位", kinds=content.kinds,
               jurisdictions=content.jurisdictions, without_kind=without_kind)
