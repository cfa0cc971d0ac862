"""Linking validated files into the model: kinds, themes, jurisdictions and units, then plans.

Cross-references are checked for every plan, whichever plans a build shows; only the plans
shown are wired back into units, themes and jurisdictions, and what no shown plan names is
dropped, so every listing built from the model is gated by construction.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from .. import schema
from ..model import Agency, Content, Jurisdiction, Kind, Metric, Plan, Report, Theme
from ..i18n import _
from .errors import ContentError, ContentErrors
from .files import LoadedFile, RawContent, read_content
from .plan_builder import PlanBuilder
from .reports import attach, link_reports
from .rules import metric_of
from .safe_yaml import YamlPath

RESERVED_JURISDICTIONS = {"kinds"}  # agencies/kinds/ holds the pages of kinds of unit (urls.kind)


class Linker:
    """Builds the linked model from validated files, collecting every cross-reference problem."""

    def __init__(self, raw: RawContent):
        self.raw = raw
        self.problems: list[ContentError] = []
        self.kinds = {k.id: Kind(k.id, k.name, common_names=list(k.common_names)) for k in raw.kinds.entry}
        self.jurisdictions: dict[str, Jurisdiction] = {}
        self.agencies: list[Agency] = []
        self.names: dict[str, dict[str, Agency]] = {}  # jurisdiction id → name or alias → agency
        self.themes: dict[str, Theme] = {}
        self.metrics: dict[str, Metric] = {}  # one per id, shared by the themes that declare it
        self.built: dict[str, Plan] = {}  # every plan built, shown or not: reports are checked against all

    def problem(self, file: LoadedFile, path: YamlPath, message: str) -> None:
        self.problems.append(ContentError(file.display, file.line(path), message))

    def link_kinds_and_themes(self) -> None:
        self._duplicates(self.raw.kinds, [k.id for k in self.raw.kinds.entry], _("kind id"))
        self._duplicates(self.raw.themes, [t.id for t in self.raw.themes.entry], _("theme id"))
        owners: dict[str, str] = {}
        for index, kind in enumerate(self.raw.kinds.entry):
            for name in dict.fromkeys(kind.common_names):
                other = owners.setdefault(name, kind.id)
                if other != kind.id:
                    self.problem(self.raw.kinds, (index, "common_names"),
                                 _("the common name `{name}` is given to two kinds (`{first}` and `{second}`): a search "
                                   "for it would find the units of both; keep it on one").format(
                                     name=name, first=other, second=kind.id))
        for entry in self.raw.themes.entry:
            theme = Theme(entry.id, entry.name, entry.description, list(entry.keywords))
            theme.metrics = [self._metric(file_entry, theme) for file_entry in entry.metrics]
            self.themes[entry.id] = theme

    def _metric(self, entry: schema.MetricEntry, theme: Theme) -> Metric:
        """The metric of this id, made on its first declaration; a later theme that declares
        the same id shares it (its name and keywords come from the first)."""
        metric = self.metrics.setdefault(entry.id, Metric(entry.id, entry.name, list(entry.keywords), theme))
        if (metric.name, metric.keywords) != (entry.name, list(entry.keywords)):
            index = [t.id for t in self.raw.themes.entry].index(theme.id)
            self.problem(self.raw.themes, (index, "metrics"),
                         _("metric `{id}` is declared again with another name or keywords than in theme `{first}`: "
                           "give both the same, or use another id").format(id=entry.id, first=metric.theme.id))
        metric.themes.append(theme)
        return metric

    def _duplicates(self, file: LoadedFile, ids: list[str], what: str) -> None:
        seen: dict[str, int] = {}
        for index, value in enumerate(ids):
            if value in seen:
                self.problem(file, (index,), _("{what} `{value}` is used twice (also entry {other}): "
                                               "make it unique").format(what=what, value=value, other=seen[value] + 1))
            seen.setdefault(value, index)

    def link_agencies(self) -> None:
        for file in self.raw.agencies:
            entry: schema.AgenciesFile = file.entry
            jid = entry.jurisdiction.id
            if file.path.stem != jid:
                self.problem(file, ("jurisdiction", "id"),
                             _("jurisdiction id `{id}` differs from the file name `{name}`: rename one").format(
                                 id=jid, name=file.path.name))
            if jid in RESERVED_JURISDICTIONS:
                self.problem(file, ("jurisdiction", "id"),
                             _("jurisdiction id `{id}` is reserved (agencies/{id}/ is another page): choose another").format(id=jid))
                continue
            if jid in self.jurisdictions:
                self.problem(file, ("jurisdiction", "id"), _("jurisdiction `{id}` is defined twice").format(id=jid))
                continue
            jurisdiction = Jurisdiction(jid, entry.jurisdiction.name, entry.jurisdiction.level,
                                        entry.jurisdiction.parent)
            self.jurisdictions[jid] = jurisdiction
            self.names[jid] = self._units(file, entry, jurisdiction)

    def _units(self, file: LoadedFile, entry: schema.AgenciesFile, jurisdiction: Jurisdiction) -> dict[str, Agency]:
        """The units of one jurisdiction, by every name and alias they go by."""
        names: dict[str, Agency] = {}
        ids: set[str] = set()
        for index, unit in enumerate(entry.units):
            if unit.id in ids:
                self.problem(file, ("units", index, "id"), _("unit id `{id}` is used twice: make it unique").format(id=unit.id))
            ids.add(unit.id)
            kind = None
            if unit.kind is not None:
                kind = self.kinds.get(unit.kind)
                if kind is None:
                    self.problem(file, ("units", index, "kind"),
                                 _("unknown kind `{kind}`: use an id from content/kinds.yaml or add it there").format(kind=unit.kind))
            agency = Agency(unit.id, jurisdiction, unit.name, list(unit.aliases), kind, unit.collective, unit.draft)
            for name in [unit.name, *unit.aliases]:
                if name in names and names[name] is not agency:
                    self.problem(file, ("units", index),
                                 _("the name `{name}` belongs to two units (`{first}` and `{second}`): "
                                   "keep it on one").format(name=name, first=names[name].id, second=unit.id))
                names[name] = agency
            self.agencies.append(agency)
            jurisdiction.agencies.append(agency)
            if kind:
                kind.agencies.append(agency)
        return names

    def link_plans(self) -> list[Plan]:
        """Every plan built and checked (each id once), in the order of content/plans/."""
        plans: list[Plan] = []
        owners: dict[str, str] = {}
        for file in self.raw.plans:
            entry: schema.PlanFile = file.entry
            if entry.id in owners:
                self.problem(file, ("id",), _("plan id `{id}` is also claimed by {other}: "
                                              "each plan needs its own id (it is the plan's URL)").format(
                                                id=entry.id, other=owners[entry.id]))
                continue
            owners[entry.id] = file.display
            if file.path.stem != entry.id:
                self.problem(file, ("id",), _("plan id `{id}` differs from the file name `{name}`: "
                                              "rename the file or change the id").format(id=entry.id, name=file.path.name))
            plan = self._plan(file, entry)
            if plan is not None:
                self.built[plan.id] = plan
            if plan is not None:
                plans.append(plan)
        for file in self.raw.plans:
            replaced_by = file.entry.replaced_by
            if replaced_by is not None and (replaced_by not in owners or replaced_by == file.entry.id):
                self.problem(file, ("replaced_by",), _("replaced_by `{id}` names no other plan in content/plans/: "
                                                       "write the id of the plan that replaces this one").format(id=replaced_by))
        self._replacement_cycles()
        return plans

    def _replacement_cycles(self) -> None:
        """A plan replaced by a plan that is (through others) replaced by it: no plan would be in force."""
        following = {f.entry.id: f.entry.replaced_by for f in self.raw.plans if f.entry.replaced_by}
        reported: set[str] = set()
        for file in self.raw.plans:
            chain = [file.entry.id]
            while (after := following.get(chain[-1])) is not None and after not in chain:
                chain.append(after)
            if after == file.entry.id and len(chain) > 1 and file.entry.id not in reported:
                reported.update(chain)
                self.problem(file, ("replaced_by",),
                             _("replaced_by goes round in a circle ({chain}): each plan names a later one that "
                               "replaces it; remove the wrong replaced_by").format(chain=" → ".join(chain + [after])))

    def _plan(self, file: LoadedFile, entry: schema.PlanFile) -> Plan | None:
        jurisdiction = self.jurisdictions.get(entry.jurisdiction)
        if jurisdiction is None:
            self.problem(file, ("jurisdiction",),
                         _("unknown jurisdiction `{id}`: add content/agencies/{id}.yaml").format(id=entry.jurisdiction))
            return None
        builder = PlanBuilder(file, self.names.get(jurisdiction.id, {}), self.themes, self.problems)
        builder.check_source(self.raw.root / "sources", entry)
        return builder.plan(entry, jurisdiction)

    def content(self, plans: list[Plan]) -> Content:
        """Wire the back-links of the chosen plans only, and drop what no chosen plan names
        (units, kinds, jurisdictions, and aliases no chosen plan writes)."""
        metrics = list(self.metrics.values())
        for plan in plans:
            plan.jurisdiction.plans.append(plan)
            for task in plan.walk_tasks():
                for statement in task.statements:
                    for assignment in statement.assignments:
                        assignment.agency.assignments.append(assignment)
                    for target in statement.targets:
                        target.metric = metric_of(target, metrics)
                        if target.metric:
                            target.metric.targets.append(target)
                for theme in task.themes:
                    theme.tasks.append(task)
        agencies = [a for a in self.agencies if a.assignments]
        for agency in agencies:
            agency.aliases = _aliases_used(agency)
        named = set(agencies)
        for jurisdiction in self.jurisdictions.values():
            jurisdiction.agencies = [a for a in jurisdiction.agencies if a in named]
        for kind in self.kinds.values():
            kind.agencies = [a for a in kind.agencies if a in named]
        jurisdictions = [j for j in self.jurisdictions.values() if j.plans]
        kinds = [k for k in self.kinds.values() if k.agencies]
        plans.sort(key=lambda p: (p.jurisdiction.name, -(p.year or 0), p.id))
        synonyms = [list(e.terms) for e in self.raw.synonyms.entry] if self.raw.synonyms else []
        return Content(plans, jurisdictions, agencies, kinds, list(self.themes.values()),
                       [m for m in metrics if m.targets], synonyms=synonyms)


def _aliases_used(agency: Agency) -> list[str]:
    """The aliases the chosen plans write (in the file's order): a spelling only a held plan
    uses, or no plan at all, is no part of what this build shows."""
    written = {a.name_as_written for a in agency.assignments}
    return [alias for alias in agency.aliases if alias in written]


class Linked:
    """Every plan and report built and checked, none yet wired: `content()` wires the ones a
    build shows. The gate decides what to show from these (each plan's disclosure and review
    hold) and links the content once."""

    def __init__(self, linker: Linker, plans: list[Plan], reports: list[Report]):
        self._linker = linker
        self.plans = plans  # every plan, in the order of content/plans/
        self.reports = reports  # every report, each of a plan in `plans`
        self._wired = False

    def content(self, only: set[str] | None = None, reports: set[str] | None = None) -> Content:
        """The Content holding the plans in `only` (all when None) and the reports in `reports`
        (all when None) of those plans. Wiring changes the plans' units and themes: once only."""
        if self._wired:
            raise RuntimeError("Linked.content() wires the model and can be called once")
        self._wired = True
        content = self._linker.content([p for p in self.plans if only is None or p.id in only])
        attach(content, self.reports, reports)
        return content


def link_all(raw: RawContent, today: datetime.date | None = None) -> Linked:
    """Build and check every plan and report; raise ContentErrors with every problem found.
    `today` is the build's date (no report may be as of a later day); None: `site.build_day()`,
    as a build would have it."""
    linker = Linker(raw)
    linker.link_kinds_and_themes()
    linker.link_agencies()
    plans = linker.link_plans()
    if today is None:
        from ..site import build_day  # site.py imports the gate, which imports loading

        today = build_day()
    built_reports = link_reports(raw.root, raw.reports, linker.built, linker.names, linker.problems, today)
    if linker.problems:
        raise ContentErrors(linker.problems)
    return Linked(linker, plans, built_reports)


def link(raw: RawContent, only: set[str] | None = None, reports: set[str] | None = None,
         today: datetime.date | None = None) -> Content:
    """Link validated files into a Content holding the plans in `only` (all when None) and
    the reports in `reports` (all when None) of those plans. `today` is the build's date (no
    report may be as of a later day); None: `site.build_day()`, as a build would have it.

    Cross-references of every plan and report are checked whatever `only` says, so a build
    that leaves a plan out still refuses broken content.
    """
    return link_all(raw, today).content(only, reports)


def load(root: Path, only: set[str] | None = None) -> Content:
    """Read, validate and link content/ in one call."""
    return link(read_content(Path(root)), only)
