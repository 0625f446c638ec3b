"""Clustering benchmark: seconds (kNN graph, clustering) and peak RSS for clustering synthetic face
descriptors at several library sizes, each size in a fresh process, plus pairwise precision/recall.

usage: python benchmarks/bench_clustering.py [--sizes 10000 100000 300000] [--json OUT.json]
Synthetic descriptors mimic face-api.js's: 128-D, people's centres spread so that two faces of
different people are ~0.83 apart on average and two of one person ~0.47 (the means measured on the
labeled example library), people with 1..~200 faces (heavy-tailed), 10% one-off strangers.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

INTRA_SIGMA = 0.47 / np.sqrt(2 * 128)  # per-dimension noise of one person's faces
CENTRE_SIGMA = np.sqrt(0.83**2 - 0.47**2) / np.sqrt(2 * 128)  # per-dimension spread of people


def synthetic_descriptors(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(descriptors float32 [n, 128], person id per face) with heavy-tailed people sizes and strangers."""
    rng = np.random.default_rng(seed)
    strangers = n // 10
    sizes: list[int] = []
    while sum(sizes) < n - strangers:
        sizes.append(int(min(rng.pareto(1.2) * 5 + 2, 200)))
    sizes[-1] -= sum(sizes) - (n - strangers)
    sizes += [1] * strangers
    truth = np.repeat(np.arange(len(sizes)), sizes)
    rng.shuffle(truth)
    centres = rng.normal(0.0, CENTRE_SIGMA, (len(sizes), 128)).astype(np.float32)
    noise = rng.normal(0.0, INTRA_SIGMA, (n, 128)).astype(np.float32)
    return centres[truth] + noise, truth


def run_one(n: int) -> dict:
    from faceorganizer.library.people.clustering import (
        DEFAULT_K,
        DEFAULT_THRESHOLD,
        canonical_labels,
        chinese_whispers,
        graph_edges,
        knn,
        pairwise_scores,
    )

    x, truth = synthetic_descriptors(n)
    t0 = time.perf_counter()
    indices, distances = knn(x, DEFAULT_K)
    t1 = time.perf_counter()
    src, dst, dist = graph_edges(indices, distances, DEFAULT_THRESHOLD)
    labels = canonical_labels(chinese_whispers(n, src, dst, 1.0 - dist / DEFAULT_THRESHOLD))
    t2 = time.perf_counter()
    precision, recall = pairwise_scores(labels, truth)
    return {
        "faces": n,
        "people": int(truth.max()) + 1,
        "clusters": int(labels.max()) + 1,
        "links": int(len(src)),
        "knn_s": round(t1 - t0, 2),
        "cluster_s": round(t2 - t1, 2),
        "total_s": round(t2 - t0, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: one size, JSON on stdout
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    rows = []
    print(f"{'faces':>8} {'people':>7} {'clusters':>8} {'kNN s':>7} {'cluster s':>9} {'total s':>8} "
          f"{'peak RSS MB':>11} {'precision':>9} {'recall':>7}")  # fmt: skip
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(f"{r['faces']:>8} {r['people']:>7} {r['clusters']:>8} {r['knn_s']:>7} {r['cluster_s']:>9} "
              f"{r['total_s']:>8} {r['peak_rss_mb']:>11} {r['precision']:>9} {r['recall']:>7}", flush=True)  # fmt: skip
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
