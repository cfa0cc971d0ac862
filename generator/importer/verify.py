"""The last step before writing: the plan the import built, checked as `check` will check it.

The importer builds plain data in the order of docs/content-format.md; this reads the YAML
text it is about to write back the way `check` does (loading/safe_yaml, the schema's
PlanFile and AgenciesFile, then loading/plan_builder for what only the whole plan shows: a
label twice at a level, a task anchor twice, a unit the agencies file does not name, a target
not quoted from its text). A plan `check` would refuse is never written: the import stops
with every problem, each with its line in the file it would have written.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .. import schema
from ..i18n import _
from ..loading import ContentError, ContentErrors, read_yaml, validate
from ..loading.plan_builder import PlanBuilder
from ..model import Agency, Jurisdiction
from .errors import ImportProblem

SHOWN = 20  # problems listed in the message


def verify(plan_path: Path, plan_text: str, agencies_path: Path, agencies_text: str) -> schema.PlanFile:
    """The plan file's entry as check reads it; ImportProblem listing what check would refuse."""
    problems: list[ContentError] = []
    with tempfile.TemporaryDirectory(prefix="import-check-") as folder:
        plan_file = _loaded(Path(folder) / "plan.yaml", plan_text, plan_path, schema.PlanFile, problems)
        agencies_file = _loaded(Path(folder) / "agencies.yaml", agencies_text, agencies_path, schema.AgenciesFile,
                                problems)
    if plan_file is not None and agencies_file is not None:
        agencies: schema.AgenciesFile = agencies_file.entry
        jurisdiction = Jurisdiction(agencies.jurisdiction.id, agencies.jurisdiction.name, agencies.jurisdiction.level,
                                    agencies.jurisdiction.parent)
        names: dict[str, Agency] = {}
        for unit in agencies.units:
            agency = Agency(unit.id, jurisdiction, unit.name, list(unit.aliases), None, unit.collective, unit.draft)
            for name in [unit.name, *unit.aliases]:
                names.setdefault(name, agency)
        PlanBuilder(plan_file, names, {}, problems).plan(plan_file.entry, jurisdiction)
    if problems:
        found = sorted(set(problems))
        listed = "\n".join(f"  {p}" for p in found[:SHOWN])
        more = _("\n  … and {count} more").format(count=len(found) - SHOWN) if len(found) > SHOWN else ""
        raise ImportProblem(str(plan_path), _(
            "the import would write a plan that check refuses, in {count} places; nothing was written:\n"
            "{listed}{more}\nCheck the document at those places (a number written twice, a table read "
            "wrongly); import its .docx, .pdf or text instead, or write the plan by hand from the "
            "document").format(count=len(found), listed=listed, more=more))
    assert plan_file is not None
    entry: schema.PlanFile = plan_file.entry
    return entry


def _loaded(temp: Path, text: str, shown: Path, model, problems: list[ContentError]):
    """The text as check reads a file of that model; its problems named by the path it goes to."""
    temp.write_text(text, encoding="utf-8")
    try:
        data, lines = read_yaml(temp, str(shown))
        return validate(data, lines, model, str(shown), shown)
    except ContentErrors as exc:
        problems.extend(exc.errors)
        return None
