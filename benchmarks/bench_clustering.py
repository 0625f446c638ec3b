"""Clustering benchmark: seconds (kNN graph, clustering) and peak RSS for clustering synthetic face
descriptors at several library sizes, each size in a fresh process, plus pairwise precision/recall.

usage: python benchmarks/bench_clustering.py [--sizes 10000 100000 300000] [--versions 1 4] [--json OUT.json]
Synthetic descriptors mimic face-api.js's: 128-D, people's centres spread so that two faces of
different people are ~0.83 apart on average and two of one person ~0.47 (the means measured on the
labeled example library), people with 1..~200 faces (heavy-tailed), 10% one-off strangers; with ``--versions
V``, each photo in V near-copies. Each row compares the kNN graph and Chinese whispers alone (what the app ran
before near-copies were grouped) with ``cluster_descriptors`` (what it runs), on the same faces.
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


def near_copies(x: np.ndarray, truth: np.ndarray, versions: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Each face in ``versions`` near-copies (the photo resized or re-saved, a burst): two of them ~0.10 apart,
    as measured on people-photos re-saved at 0.6 to 1.0 of their size."""
    if versions <= 1:
        return x, truth
    rng = np.random.default_rng(seed)
    noise = rng.normal(0.0, 0.10 / np.sqrt(2 * 128), (len(x) * versions, 128)).astype(np.float32)
    return np.repeat(x, versions, axis=0) + noise, np.repeat(truth, versions)


def run_one(n: int, versions: int = 1) -> dict:
    from faceorganizer.library.people.clustering import (
        DEFAULT_K,
        DEFAULT_THRESHOLD,
        canonical_labels,
        chinese_whispers,
        cluster_descriptors,
        graph_edges,
        knn,
        pairwise_scores,
    )

    x, truth = near_copies(*synthetic_descriptors(n // versions), versions)
    # what the app ran before near-copies were grouped: the kNN graph and Chinese whispers alone
    t0 = time.perf_counter()
    indices, distances = knn(x, DEFAULT_K)
    t1 = time.perf_counter()
    src, dst, dist = graph_edges(indices, distances, DEFAULT_THRESHOLD)
    whispers = canonical_labels(chinese_whispers(len(x), src, dst, 1.0 - dist / DEFAULT_THRESHOLD))
    t2 = time.perf_counter()
    labels = cluster_descriptors(x)  # what the app runs
    t3 = time.perf_counter()
    precision, recall = pairwise_scores(labels, truth)
    w_precision, w_recall = pairwise_scores(whispers, truth)
    return {
        "faces": len(x),
        "versions": versions,
        "people": int(truth.max()) + 1,
        "clusters": int(labels.max()) + 1,
        "links": int(len(src)),
        "knn_s": round(t1 - t0, 2),
        "whispers_s": round(t2 - t0, 2),
        "whispers_precision": round(w_precision, 4),
        "whispers_recall": round(w_recall, 4),
        "total_s": round(t3 - t2, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    ap.add_argument("--versions", type=int, nargs="+", default=[1, 4],
                    help="near-copies of each face (1: none; 4: each photo in 4 versions)")  # fmt: skip
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--one", type=int, nargs=2, help=argparse.SUPPRESS)  # child mode: size, versions; JSON on stdout
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return
    rows = []
    print(f"{'faces':>8} {'versions':>8} {'people':>7} {'clusters':>8} {'kNN s':>6} | {'whispers s':>10} {'P':>6} "
          f"{'R':>6} | {'total s':>7} {'P':>6} {'R':>6} {'peak RSS MB':>11}")  # fmt: skip
    for n in args.sizes:
        for v in args.versions:
            cmd = [sys.executable, __file__, "--one", str(n), str(v)]
            r = json.loads(
                subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            )
            rows.append(r)
            print(f"{r['faces']:>8} {r['versions']:>8} {r['people']:>7} {r['clusters']:>8} {r['knn_s']:>6} | "
                  f"{r['whispers_s']:>10} {r['whispers_precision']:>6} {r['whispers_recall']:>6} | {r['total_s']:>7} "
                  f"{r['precision']:>6} {r['recall']:>6} {r['peak_rss_mb']:>11}", flush=True)  # fmt: skip
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
