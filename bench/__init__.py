"""The benchmark at scale: build time, memory, bytes per page and search download for N plans.

`python -m bench` makes a synthetic corpus of N plans from the real ones (corpus.py), builds
it with our plugin and a plain-MkDocs baseline of as many pages (baseline.py), measures both
(measure.py), times search in headless Chromium (browser.py) and writes one JSON file per run
under bench/results/, from which report.py prints the summary table of docs/performance.md.
"""
