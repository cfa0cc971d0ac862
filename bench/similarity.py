"""Time the similarity step alone on the real content and on the bench corpus.

    .venv/bin/python -m bench.similarity [N]      # N plans of the synthetic corpus (default 1000)

Also times scikit-learn's TF-IDF + brute-force nearest neighbours, when installed, on the
same texts (the alternative docs/compare.md weighs; not a dependency of the project).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from generator.compare.similarity import Similarity, bigrams
from generator.loading import load

from .corpus import read_seed, write_corpus


def measure(content, label: str) -> None:
    tasks = [t for p in content.plans for t in p.tasks()]
    start = time.perf_counter()
    similarity = Similarity(content.plans)
    built = time.perf_counter() - start
    listed = sum(len(similarity.similar(t)) for t in tasks)
    total = time.perf_counter() - start
    print(f"{label}: {len(content.plans)} plans, {len(tasks)} tasks, {len(similarity.sets)} distinct texts; "
          f"MinHash LSH index {built:.2f} s, with every task's list {total:.2f} s ({listed} links)")
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.neighbors import NearestNeighbors
    except ImportError:
        return
    texts = [t.body for t in tasks]
    start = time.perf_counter()
    matrix = TfidfVectorizer(analyzer=lambda text: sorted(bigrams(text))).fit_transform(texts)
    NearestNeighbors(n_neighbors=6, metric="cosine", algorithm="brute").fit(matrix).kneighbors(matrix)
    print(f"{label}: scikit-learn TF-IDF + brute-force neighbours of every task {time.perf_counter() - start:.2f} s")


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    measure(load(root / "content"), "real content")
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(read_seed(root / "content"), n, Path(folder) / "content")
        measure(load(Path(folder) / "content"), f"bench corpus {n}")


if __name__ == "__main__":
    main()
