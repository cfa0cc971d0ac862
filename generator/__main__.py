"""Command line: `python -m generator check | review PLAN | approve PLAN --by NAME | docs DIR | import FILE | import-report TABLE`."""

from __future__ import annotations

import argparse
import sys

from . import cli
from .schema import id_argument


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["import"]:
        from .importer import main as import_main

        return import_main(argv[1:])
    if argv[:1] == ["import-report"]:
        from .report_import import main as import_report

        return import_report(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="load and validate content/, report every problem")
    check.add_argument("--root", default=".", help="project folder holding content/ (default: .)")
    docs = commands.add_parser("docs", help="write the generated page tree and a mkdocs.yml to DIR")
    docs.add_argument("dir")
    docs.add_argument("--root", default=".")
    docs.add_argument("--review", action="store_true", help="show every plan (as PLANS_REVIEW=1)")
    review = commands.add_parser("review", help="list what in a plan still needs a person before it is approved")
    review.add_argument("plan", type=id_argument, help="plan id, e.g. yangcheng-2023")
    review.add_argument("--root", default=".")
    approve = commands.add_parser("approve", help="approve an imported plan for publication (records who and when)")
    approve.add_argument("plan", type=id_argument, help="plan id, e.g. yangcheng-2023")
    approve.add_argument("--by", required=True, help="the name of the person approving")
    approve.add_argument("--date", help="the date of the approval, YYYY-MM-DD (default: today)")
    approve.add_argument("--expect", metavar="FINGERPRINT",
                         help="the fingerprint `review` showed: refuse if the plan changed since")
    approve.add_argument("--root", default=".")
    commands.add_parser("import", help="import a notice's text into content/ (see `import --help`)")
    commands.add_parser("import-report", help="a progress table (.xlsx/.csv) into content/reports/ (see `import-report --help`)")
    args = parser.parse_args(argv)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
