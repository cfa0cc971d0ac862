"""`python -m generator import FILE`: turn a plan document into content/ YAML.

Reads the notice with the reader its content calls for (text, .docx, PDF, a portal's web
page, a task table in .docx or .xlsx: readers/, docs/import.md), repairs extraction debris,
reads the covering notice and the numbered plan, parses responsibility notes and targets, and writes
content/plans/<id>.yaml plus any new units into content/agencies/<jurisdiction>.yaml.
It prints what it found and what a person should review. Bad input gets one message and
exit status 2; nothing is written unless the whole import succeeded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import _
from ..schema import id_argument
from .errors import ImportProblem
from .pipeline import ImportResult, run
from .report import print_report

USAGE = "python -m generator import FILE [--content DIR] [--id PLAN_ID] [--jurisdiction JID] [--dry-run] [--replace]"


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() returns 2 with one message."""

    def error(self, message: str):
        raise ImportProblem(_("command line"), _("{message}; usage: {usage}").format(message=message, usage=USAGE))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator import", description=_(
        "Import a notice (text, Word, PDF, a saved portal page or a task table) into content/ as plan YAML."))
    parser.add_argument("file", type=Path, help=_("the notice: .txt, .docx, .pdf, a saved portal page (.html) or a task table (.xlsx)"))
    parser.add_argument("--content", type=Path, default=Path("content"), help=_("content directory (default: content)"))
    parser.add_argument("--id", dest="plan_id", type=id_argument, help=_("plan id, e.g. yangcheng-2023 (default: jurisdiction-year)"))
    parser.add_argument("--jurisdiction", type=id_argument, help=_("jurisdiction id, e.g. yangcheng (default: from the document)"))
    parser.add_argument("--dry-run", action="store_true", help=_("report only; write nothing"))
    parser.add_argument("--replace", action="store_true",
                        help=_("overwrite a plan file that differs from this import (keeps disclosure, notes, approval)"))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the import; 0 on success, 2 on bad input (message printed to stderr)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["import"]:
        argv = argv[1:]
    source = ""
    try:
        args = _parser().parse_args(argv)
        source = str(args.file)
        result: ImportResult = run(args.file, args.content, args.plan_id, args.jurisdiction, args.dry_run,
                                   args.replace)
    except ImportProblem as problem:
        print(_("error: {problem}").format(problem=problem), file=sys.stderr)
        return 2
    except Exception as exc:  # a file no reader foresaw: a message, never a traceback
        print(_("error: {file}: the importer failed on this file ({error}: {detail}) and stopped. Check that it "
                "is the notice; if it is, save it again as PDF or .docx and retry, and report the file to the "
                "project").format(file=source, error=type(exc).__name__, detail=exc), file=sys.stderr)
        return 2
    print_report(result)
    return 0


__all__ = ["main", "run", "ImportProblem"]
