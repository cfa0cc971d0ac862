"""Command line: `python -m generator check | review PLAN | approve PLAN --by NAME | docs DIR | import FILE | import-report TABLE | studio`."""

from __future__ import annotations

import argparse
import sys

from . import cli
from .i18n import _
from .schema import id_argument


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    cli.localise_argparse()  # --help and argument errors in the office's language, for every command
    if argv[:1] == ["import"]:
        from .importer import main as import_main

        return import_main(argv[1:])
    if argv[:1] == ["studio"]:
        from .studio import main as studio

        return studio(argv[1:])
    if argv[:1] == ["import-report"]:
        from .report_import import main as import_report

        return import_report(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m generator", description=_(
        "Food-safety work plans: validate content/, review and approve imported plans, import notices "
        "and progress tables, write the page tree."))
    commands = parser.add_subparsers(dest="command", required=True)
    root_help = _("project folder holding content/ (default: .)")
    plan_help = _("plan id, e.g. yangcheng-2023")
    check = commands.add_parser("check", help=_("load and validate content/, report every problem"))
    check.add_argument("--root", default=".", help=root_help)
    docs = commands.add_parser("docs", help=_("write the generated page tree and a mkdocs.yml to DIR"))
    docs.add_argument("dir", metavar="DIR", help=_("the folder to write (replaced whole)"))
    docs.add_argument("--root", default=".", help=root_help)
    docs.add_argument("--review", action="store_true", help=_("show every plan (as PLANS_REVIEW=1)"))
    review = commands.add_parser("review", help=_("list what in a plan still needs a person before it is approved"))
    review.add_argument("plan", type=id_argument, help=plan_help)
    review.add_argument("--root", default=".", help=root_help)
    approve = commands.add_parser("approve", help=_("approve an imported plan for publication (records who and when)"))
    approve.add_argument("plan", type=id_argument, help=plan_help)
    approve.add_argument("--by", required=True, help=_("the name of the person approving"))
    approve.add_argument("--date", help=_("the date of the approval, YYYY-MM-DD (default: today)"))
    approve.add_argument("--expect", metavar="FINGERPRINT",
                         help=_("the fingerprint `review` showed: refuse if the plan changed since"))
    approve.add_argument("--root", default=".", help=root_help)
    commands.add_parser("import", help=_("import a notice into content/ (see `import --help`)"))
    commands.add_parser("studio", help=_("the office's studio in the browser: import, review, approve (see `studio --help`)"))
    commands.add_parser("import-report", help=_("a progress table (.xlsx/.csv) into content/reports/ (see `import-report --help`)"))
    args = parser.parse_args(argv)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
