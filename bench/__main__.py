"""`python -m bench [--sizes 5,100,1000] [--out DIR]`: run the benchmark and print its summary.

Also: `--summary FILE` prints the summary of an earlier run from its JSON; `--corpus N DIR`
only writes a synthetic content/ of N plans (to build, check or profile by hand).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from generator.loading import ContentErrors

from . import browser, corpus, report, run

RESULTS = Path(__file__).resolve().parent / "results"


def sizes(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give plan counts separated by commas, e.g. 5,100,1000") from None
    if not values or any(v < 1 or v > len(corpus.FIRST) * len(corpus.SECOND) * len(corpus.YEARS) for v in values):
        raise argparse.ArgumentTypeError(f"{text!r}: each count must be between 1 and 2000")
    return values


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=sizes, default=[5, 100, 1000], help="plan counts, comma-separated")
    p.add_argument("--out", type=Path, default=RESULTS, help="folder for the results JSON")
    p.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    p.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpus")
    p.add_argument("--content", type=Path, default=run.ROOT / "content", help="the real content to recombine")
    p.add_argument("--queries", type=lambda t: [q for q in t.split(",") if q.strip()], default=browser.QUERIES,
                   help="search queries, comma-separated (default: %(default)s)")
    p.add_argument("--no-search", action="store_true", help="skip the browser measurements")
    p.add_argument("--keep", action="store_true", help="keep the built projects in the scratch folder")
    p.add_argument("--summary", type=Path, metavar="FILE", help="print the summary of a results JSON and stop")
    p.add_argument("--corpus", nargs=2, metavar=("N", "DIR"), help="write N synthetic plans to DIR and stop")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.summary:
            print(report.summary_of(args.summary))
            return 0
        if args.corpus:
            made = corpus.write_corpus(corpus.read_seed(args.content), sizes(args.corpus[0])[0],
                                       Path(args.corpus[1]), args.seed)
            print(f"wrote {made['plans']} plans, {made['jurisdictions']} jurisdictions, {made['tasks']} tasks "
                  f"to {args.corpus[1]}")
            return 0
        with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
            path = run.run(args.sizes, args.out, args.work or Path(scratch), args.seed, [] if args.no_search else args.queries,
                           args.keep, args.content)
        print(report.summary_of(path))
        print(f"results: {path}")
        return 0
    except ContentErrors as exc:
        print(f"the content to recombine is not valid:\n{exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError, argparse.ArgumentTypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
