"""Time the similarity step alone on the real content and on the bench corpus, and weigh it
against scikit-learn's TF-IDF + nearest neighbours (docs/compare.md).

    .venv/bin/python -m bench.similarity [N]      # N plans of the synthetic corpus (default 1000)

For each content: the MinHash LSH index (`Similarity`), every task's list, CPU seconds and the
peak of memory allocated meanwhile (tracemalloc, a second run); then the pairs of distinct
texts whose score reaches THRESHOLD, found exactly (a sparse product of the weighted bigram
vectors, each pair checked with `Similarity.cosine`), and how many of them LSH finds (recall).
When scikit-learn is installed (it is not a dependency of the project), the same for
TfidfVectorizer (its smoothed idf, one count per bigram and the l2 norm give our weighted
cosine) with NearestNeighbors (cosine, brute force, every text within radius 1 - THRESHOLD),
on the distinct texts, then on every task as it would run without grouping (n_neighbors=6).
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from scipy import sparse

from generator.compare.similarity import THRESHOLD, Similarity
from generator.loading import load

from .corpus import read_seed, write_corpus


def timed(step):
    """(result, CPU seconds, peak MB allocated): CPU time, as other builds share the machine."""
    gc.collect()
    start = time.process_time()
    result = step()
    seconds = time.process_time() - start
    del result
    gc.collect()
    tracemalloc.start()
    result = step()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, seconds, peak


def exact_pairs(similarity: Similarity) -> set[tuple[int, int]]:
    """Every ordered pair of distinct texts (groups) scoring at least THRESHOLD."""
    vocabulary = {b: i for i, b in enumerate(similarity.weight)}
    rows, cols, values = [], [], []
    for g, shingles in enumerate(similarity.sets):
        for b in shingles:
            rows.append(g)
            cols.append(vocabulary[b])
            values.append(similarity.weight[b] / similarity.norm[g])
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(similarity.sets), len(vocabulary)))
    product = (matrix @ matrix.T).tocoo()
    near = product.data >= THRESHOLD - 1e-9  # rounding: each pair is decided by cosine() below
    return {(g, h) for g, h in zip(product.row[near].tolist(), product.col[near].tolist())
            if g != h and similarity.cosine(g, h) >= THRESHOLD}


def lsh_pairs(similarity: Similarity) -> set[tuple[int, int]]:
    return {(g, h) for g in range(len(similarity.sets)) for h, _ in similarity.near_groups(g)}


def measure(content, label: str) -> None:
    tasks = [t for p in content.plans for t in p.walk_tasks()]
    similarity, built, built_mb = timed(lambda: Similarity(content.plans))
    lists, listed_s, listed_mb = timed(lambda: [similarity.similar(t) for t in tasks])
    texts = len(similarity.sets)
    print(f"{label}: {len(content.plans)} plans, {len(tasks)} tasks, {texts} distinct texts")
    print(f"  MinHash LSH: index {built:.2f} s CPU (peak {built_mb:.0f} MB), every task's list "
          f"{listed_s:.2f} s ({listed_mb:.0f} MB; {sum(map(len, lists))} links)")
    truth = exact_pairs(similarity)
    found = lsh_pairs(similarity)
    looked = sum(len(similarity._lsh.query(similarity._minhashes[g])) - 1
                 for g in range(texts) if similarity._indexed[g])
    print(f"  pairs of distinct texts >= {THRESHOLD}: {len(truth)} (exact); LSH finds {len(found & truth)} "
          f"({100 * len(found & truth) / max(len(truth), 1):.0f} %), scoring {looked / max(texts, 1):.1f} "
          f"candidates per text ({100 * looked / max(texts * (texts - 1), 1):.1f} % of the pairs)")
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.neighbors import NearestNeighbors
    except ImportError:
        print("  scikit-learn is not installed: not measured")
        return

    def by_text():
        matrix = TfidfVectorizer(analyzer=sorted).fit_transform([list(s) for s in similarity.sets])
        _, neighbours = (NearestNeighbors(metric="cosine", algorithm="brute").fit(matrix)
                         .radius_neighbors(matrix, radius=1 - THRESHOLD + 1e-9))
        return {(g, int(h)) for g, near in enumerate(neighbours) for h in near if g != h}

    pairs, seconds, peak = timed(by_text)
    exact = {(g, h) for g, h in pairs if similarity.cosine(g, h) >= THRESHOLD}
    print(f"  scikit-learn, distinct texts: {seconds:.2f} s CPU (peak {peak:.0f} MB), finds {len(exact & truth)} "
          f"({100 * len(exact & truth) / max(len(truth), 1):.0f} %)")

    def by_task():
        shown = [bigrams_of(similarity, t) for t in tasks]
        shown = [s for s in shown if s is not None]
        matrix = TfidfVectorizer(analyzer=sorted).fit_transform(shown)
        return NearestNeighbors(n_neighbors=6, metric="cosine", algorithm="brute").fit(matrix).kneighbors(matrix)

    _, seconds, peak = timed(by_task)
    print(f"  scikit-learn, every task (no grouping), 6 neighbours each: {seconds:.2f} s CPU (peak {peak:.0f} MB)")


def bigrams_of(similarity: Similarity, task) -> list[str] | None:
    g = similarity.group_of.get(id(task))
    return None if g is None else list(similarity.sets[g])


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    measure(load(root / "content"), "real content")
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(read_seed(root / "content"), n, Path(folder) / "content")
        measure(load(Path(folder) / "content"), f"bench corpus {n}")


if __name__ == "__main__":
    main()
