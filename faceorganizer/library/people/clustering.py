"""Clustering face descriptors into people with no preset count: a FAISS kNN graph + Chinese whispers, near-copies
of a face grouped first (they vote once) and pieces of one person joined after."""

from __future__ import annotations

import logging
import time
from typing import Literal

# faiss's loader logs at INFO each CPU-specific build it cannot load ("Could not load library with AVX512
# support"): noise that reads as a failure under `-v`. Quieted before faiss is imported (a no-op once it is).
logging.getLogger("faiss.loader").setLevel(logging.WARNING)

import faiss  # noqa: E402
import numpy as np  # noqa: E402

log = logging.getLogger("faceorganizer.library.people")

#: Up to this many descriptors the kNN graph is exact (IndexFlatL2); above it, HNSW (recall of the links under
#: the threshold ~0.98, built on every core).
EXACT_LIMIT = 50_000
#: Two faces closer than this (euclidean, face-api.js descriptors) are linked in the graph. Measured
#: on the labeled library (tests/library/people/test_quality.py, 62 faces of 8 people): weighted Chinese
#: whispers with k=10 keeps pairwise precision >= 0.98 and recall >= 0.90 for every threshold from
#: 0.48 to 0.89 (unweighted: 0.49..0.62; connected components: 0.48..0.58). 0.55 sits below the smallest distance
#: between two different people there (0.586), so a stranger's face is not even linked to a
#: person, and well above the recall edge (0.48).
DEFAULT_THRESHOLD = 0.55
DEFAULT_K = 10
#: Faces closer than this are near-copies of one face: the same photo resized or re-saved, or a burst. Measured
#: on people-photos re-saved at 0.6 to 1.0 of their size: versions of one photo are at most 0.19 apart, two
#: photos of one person at least 0.28, two people at least 0.58.
NEAR_COPY_DISTANCE = 0.2
#: Changes when ``cluster_descriptors`` groups faces differently on the same input, so that libraries clustered
#: before are re-clustered once (people.updates): 2 groups near-copies and joins pieces of one person.
CLUSTERING_VERSION = 2
# HNSW parameters: M links per node; efSearch is raised to at least 4k at query time.
_HNSW_M = 32
_HNSW_EF_CONSTRUCTION = 64
# Chinese whispers updates graphs up to this many linked faces one face at a time (exact algorithm).
_SEQUENTIAL_LIMIT = 2048

Method = Literal["chinese_whispers", "components"]


def cluster_descriptors(
    descriptors: np.ndarray,
    *,
    k: int = DEFAULT_K,
    threshold: float = DEFAULT_THRESHOLD,
    min_size: int = 1,
    method: Method = "chinese_whispers",
    mutual: bool = False,
    weighted: bool = True,
    max_iterations: int = 50,
    seed: int = 0,
    exact_limit: int = EXACT_LIMIT,
) -> np.ndarray:
    """Cluster labels (int64 [N]) for descriptors [N, D]; -1 marks faces in clusters below ``min_size``.

    Each face is linked to those of its ``k`` nearest neighbours closer than ``threshold``; the
    graph is then split by Chinese whispers (default: each face repeatedly takes the label its links
    weigh most for, a link weighing ``1 - distance / threshold`` when ``weighted``, so a few stray
    links between two people do not merge them) or by connected components (one link merges;
    ``mutual=True`` keeps only links both faces agree on). For Chinese whispers, near-copies of a face
    (``near_copy_leaders``) are one face in the graph and take its label, and linked clusters whose faces are
    as close as one link overall are then joined (``merge_close_clusters``). Labels are 0.. by decreasing cluster
    size (ties: earliest face first); the same input always gives the same labels.
    """
    x = _check(descriptors)
    n = len(x)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    if k < 1 or threshold <= 0 or min_size < 1:
        raise ValueError(
            f"cluster_descriptors: need k >= 1, threshold > 0, min_size >= 1 (got {k}, {threshold}, {min_size})"
        )
    if method not in ("chinese_whispers", "components"):
        raise ValueError(f"cluster_descriptors: unknown method {method!r}")
    start = time.perf_counter()
    indices, distances = knn(x, k, exact_limit=exact_limit)
    src, dst, dist = links = graph_edges(indices, distances, threshold, mutual=mutual)
    if method == "chinese_whispers":
        # near-copies of a face vote as one: the graph links distinct faces, each copy takes its leader's label
        leader = near_copy_leaders(indices, distances)
        distinct = np.flatnonzero(leader == np.arange(n))
        if len(distinct) < n:
            src, dst, dist = graph_edges(*knn(x[distinct], k, exact_limit=exact_limit), threshold, mutual=mutual)
        weight = (1.0 - dist / threshold) if weighted else None
        found = chinese_whispers(len(distinct), src, dst, weight, max_iterations=max_iterations, seed=seed)
        position = np.empty(n, dtype=np.int64)
        position[distinct] = np.arange(len(distinct))
        pieces = distinct[found][position[leader]]
        labels = merge_close_clusters(x, pieces, links[0], links[1], min(threshold, DEFAULT_THRESHOLD))
    else:
        labels = connected_components(n, src, dst)
    out = canonical_labels(labels, min_size)
    log.info(
        "clustered %d faces (%d links < %.3f) into %d clusters in %.2fs",
        n, len(src), threshold, int(out.max(initial=-1)) + 1, time.perf_counter() - start,
    )  # fmt: skip
    return out


def _check(descriptors: np.ndarray) -> np.ndarray:
    x = np.ascontiguousarray(descriptors, dtype=np.float32)
    if x.ndim != 2 or (len(x) and x.shape[1] == 0):
        raise ValueError(f"descriptors must be a 2-D array [faces, dims], got shape {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError("descriptors contain NaN or infinite values")
    return x


def knn(descriptors: np.ndarray, k: int, *, exact_limit: int = EXACT_LIMIT) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest other faces of every face: (indices int64 [N, k], euclidean distances float32 [N, k]).

    Missing neighbours (fewer than k+1 faces) have index -1 and distance inf. Exact (and reproducible) up to
    ``exact_limit`` faces; above it an HNSW index built with all of FAISS's threads: 2.2x faster on 2 cores
    than on one, at the price of a graph that may differ slightly from run to run (the order in which the
    threads insert faces), hence a few faces' clusters at the margins (a re-clustering keeps people's ids).
    """
    x = _check(descriptors)
    n, dim = x.shape
    kk = min(k + 1, n)
    index: faiss.Index
    if n <= exact_limit:
        index = faiss.IndexFlatL2(dim)
        index.add(x)
    else:
        hnsw = faiss.IndexHNSWFlat(dim, _HNSW_M)
        hnsw.hnsw.efConstruction = _HNSW_EF_CONSTRUCTION
        hnsw.add(x)
        hnsw.hnsw.efSearch = max(4 * kk, 48)
        index = hnsw
    sq, idx = index.search(x, kk)
    # Drop each face itself (not necessarily first when descriptors repeat), keep the k nearest others.
    idx = idx.astype(np.int64)
    not_self = idx != np.arange(n)[:, None]
    order = np.argsort(~not_self, axis=1, kind="stable")
    idx = np.take_along_axis(np.where(not_self, idx, -1), order, axis=1)[:, :k]
    sq = np.take_along_axis(np.where(not_self, sq, np.inf), order, axis=1)[:, :k]
    missing = idx < 0
    dist = np.sqrt(np.maximum(sq, 0), dtype=np.float32)
    dist[missing] = np.inf
    pad = k - idx.shape[1]
    if pad > 0:
        idx = np.pad(idx, ((0, 0), (0, pad)), constant_values=-1)
        dist = np.pad(dist, ((0, 0), (0, pad)), constant_values=np.inf)
    return idx, dist


def near_copy_leaders(indices: np.ndarray, distances: np.ndarray, radius: float = NEAR_COPY_DISTANCE) -> np.ndarray:
    """For each face (``knn``'s neighbours of all faces), the face it is a near-copy of: the nearest earlier face
    that is no copy itself and lies within ``radius``; else the face itself. A group spans at most 2 ``radius``.

    Chinese whispers settles where a tight group holds its own: the near-copies of one photo (resized, re-saved,
    a burst) outvote the looser links to the person's other photos (~0.8 against ~0.2 each), and they fill each
    other's k nearest, so a person with four versions of each photo came out as one cluster per photo (synthetic
    libraries with 4 versions of each photo: pairwise recall 0.015 instead of 1.0). Grouped, they vote once.
    """
    n = len(indices)
    leader = np.arange(n)
    near = (indices >= 0) & (indices < np.arange(n)[:, None]) & (distances < radius)
    for i in np.flatnonzero(near.any(axis=1)).tolist():  # neighbours come nearest first
        for j in indices[i][near[i]].tolist():
            if leader[j] == j:
                leader[i] = j
                break
    return leader


def graph_edges(
    indices: np.ndarray, distances: np.ndarray, threshold: float, *, mutual: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Undirected links (src < dst, sorted, unique) of kNN pairs closer than ``threshold``: (src, dst, distance).

    ``mutual`` keeps a pair only when each face is among the other's k nearest.
    """
    n, k = indices.shape
    rows = np.repeat(np.arange(n, dtype=np.int64), k)
    cols = indices.reshape(-1)
    d = distances.reshape(-1)
    keep = (cols >= 0) & (d < threshold)
    rows, cols, d = rows[keep], cols[keep], d[keep]
    a, b = np.minimum(rows, cols), np.maximum(rows, cols)
    key = a * n + b
    order = np.argsort(key, kind="stable")
    key, d = key[order], d[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    if mutual:  # a pair listed from both ends appears twice
        count = np.diff(np.r_[np.flatnonzero(first), len(key)])
        sel = np.flatnonzero(first)[count >= 2]
    else:
        sel = np.flatnonzero(first)
    return key[sel] // n, key[sel] % n, d[sel].astype(np.float32)


def _csr(
    n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Symmetric adjacency of the links: (indptr [n+1], neighbours sorted per node, their link weights)."""
    a = np.concatenate([src, dst])
    b = np.concatenate([dst, src])
    order = np.lexsort((b, a))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(a, minlength=n), out=indptr[1:])
    return indptr, b[order], (None if weight is None else np.concatenate([weight, weight])[order])


def chinese_whispers(
    n: int,
    src: np.ndarray,
    dst: np.ndarray,
    weight: np.ndarray | None = None,
    *,
    max_iterations: int = 50,
    seed: int = 0,
    batches: int = 32,
) -> np.ndarray:
    """Chinese whispers (Biemann 2006, as dlib clusters faces): labels [n] of an undirected graph.

    Every face starts alone; in each pass (faces in a seeded random order) a face takes the label
    whose links to it weigh most (``weight`` per link; default 1 each, i.e. a majority vote; ties:
    keep its own, else the smallest). Passes stop when nothing changes. Graphs of more than
    2048 linked faces are updated in ``batches`` slices per pass, numpy-vectorised (the faces of
    one slice vote at once, on the labels left by the slices before); smaller ones face by face.
    """
    indptr, nbr, weight = _csr(n, src, dst, weight)
    labels = np.arange(n, dtype=np.int64)
    active = np.flatnonzero(np.diff(indptr) > 0)
    if len(active) == 0:
        return labels
    rng = np.random.default_rng(seed)
    slices = len(active) if len(active) <= _SEQUENTIAL_LIMIT else batches
    for iteration in range(max_iterations):
        changed = 0
        for part in np.array_split(rng.permutation(active), slices):
            new = _vote(part, indptr, nbr, labels, weight)
            changed += int(np.count_nonzero(new != labels[part]))
            labels[part] = new
        if changed == 0:
            log.debug("chinese whispers converged after %d passes", iteration + 1)
            break
    else:
        log.debug("chinese whispers stopped after %d passes (%d faces still changing)", max_iterations, changed)
    return labels


def _vote(
    nodes: np.ndarray, indptr: np.ndarray, nbr: np.ndarray, labels: np.ndarray, weight: np.ndarray | None
) -> np.ndarray:
    """The label most links of each node carry (ties: the node's own label, else the smallest)."""
    starts, lens = indptr[nodes], indptr[nodes + 1] - indptr[nodes]
    owner = np.repeat(np.arange(len(nodes)), lens)
    pos = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens - starts, lens)
    lab = labels[nbr[pos]]
    order = np.lexsort((lab, owner))
    owner, lab = owner[order], lab[order]
    brk = np.flatnonzero(np.r_[True, (owner[1:] != owner[:-1]) | (lab[1:] != lab[:-1])])
    g_owner, g_lab = owner[brk], lab[brk]
    g_votes = np.diff(np.r_[brk, len(owner)]) if weight is None else np.add.reduceat(weight[pos][order], brk)
    current = labels[nodes]
    best = np.lexsort((g_lab, g_lab != current[g_owner], -g_votes, g_owner))
    winners = best[np.r_[True, g_owner[best][1:] != g_owner[best][:-1]]]
    new = current.copy()
    new[g_owner[winners]] = g_lab[winners]
    return new


def merge_close_clusters(
    descriptors: np.ndarray, labels: np.ndarray, src: np.ndarray, dst: np.ndarray, threshold: float
) -> np.ndarray:
    """``labels`` with linked clusters (``src``-``dst`` links) merged while their faces are, on the whole, as
    close as one link: the root-mean-square distance over every pair of faces across the two under ``threshold``.

    What near-copies (``near_copy_leaders``) leave: a photo and a harsher version of it (a small, low-quality
    re-save, ~0.3 apart) still outvote a person's looser links, leaving the person in pieces. Two pieces of one
    person are ~0.45 apart (RMS) however tight each is; two people, 0.8 on average and over 0.58 in the labeled
    library, so under the default link threshold this joins only what a link between them would
    (``cluster_descriptors`` never passes more: a looser link threshold would join people whose faces are ~0.8
    apart). Closest pairs first, each cluster once a round.
    """
    lab = np.unique(np.asarray(labels, dtype=np.int64), return_inverse=True)[1].astype(np.int64)
    ends_a, ends_b = lab[src], lab[dst]
    across = ends_a != ends_b
    if not across.any():
        return lab
    # only clusters linked to another can merge: their faces' counts, sums and sums of |x|^2
    ends_a, ends_b = ends_a[across], ends_b[across]
    involved = np.unique(np.r_[ends_a, ends_b])
    m = len(involved)
    faces = np.flatnonzero(np.isin(lab, involved))
    local = np.searchsorted(involved, lab[faces])
    order = np.argsort(local, kind="stable")
    faces, local = faces[order], local[order]
    starts = np.flatnonzero(np.r_[True, local[1:] != local[:-1]])
    x = _check(descriptors)[faces].astype(np.float64)
    count = np.diff(np.r_[starts, len(faces)]).astype(np.float64)
    total = np.add.reduceat(x, starts, axis=0)
    square = np.add.reduceat(np.einsum("ij,ij->i", x, x), starts)
    ends_a, ends_b = np.searchsorted(involved, ends_a), np.searchsorted(involved, ends_b)
    root = np.arange(m)  # cluster -> the cluster it was merged into
    limit = threshold * threshold
    while True:  # each round merges at least one pair of clusters
        a, b = root[ends_a], root[ends_b]
        apart = a != b
        if not apart.any():
            break
        key = np.unique(np.minimum(a, b)[apart] * m + np.maximum(a, b)[apart])
        ca, cb = key // m, key % m
        mean_a, mean_b = total[ca] / count[ca, None], total[cb] / count[cb, None]
        msd = square[ca] / count[ca] + square[cb] / count[cb] - 2.0 * np.einsum("ij,ij->i", mean_a, mean_b)
        close = np.flatnonzero(msd < limit)  # msd: the mean squared distance over the pairs of faces across
        if len(close) == 0:
            break
        into = np.arange(m)
        used = np.zeros(m, dtype=bool)
        for i in close[np.argsort(msd[close], kind="stable")].tolist():
            p, q = int(ca[i]), int(cb[i])
            if not (used[p] or used[q]):
                used[p] = used[q] = True
                into[q] = p
                count[p] += count[q]
                total[p] += total[q]
                square[p] += square[q]
        root = into[root]
    out = lab.copy()
    out[faces] = involved[root[local]]
    return out


def connected_components(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Labels [n] of the connected components (each labelled by its smallest member), vectorised."""
    parent = np.arange(n, dtype=np.int64)
    while True:
        pu, pv = parent[src], parent[dst]
        low = np.minimum(pu, pv)
        before = parent.copy()
        np.minimum.at(parent, pu, low)
        np.minimum.at(parent, pv, low)
        while True:  # pointer jumping: every node points at its root
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
        if np.array_equal(parent, before):
            return parent


def canonical_labels(labels: np.ndarray, min_size: int = 1) -> np.ndarray:
    """Relabel clusters 0.. by decreasing size (ties: earliest member first); clusters under min_size -> -1."""
    labels = np.asarray(labels, dtype=np.int64)
    out = np.full(len(labels), -1, dtype=np.int64)
    valid = labels >= 0
    if not valid.any():
        return out
    uniq, first, inverse, counts = np.unique(labels[valid], return_index=True, return_inverse=True, return_counts=True)
    order = np.lexsort((first, -counts))
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[order] = np.arange(len(uniq))
    rank[counts < min_size] = -1
    kept = rank >= 0
    remap = np.full(len(uniq), -1, dtype=np.int64)
    remap[kept] = np.argsort(np.argsort(rank[kept]))  # close the gaps left by dropped clusters
    out[valid] = remap[inverse]
    return out


def pairwise_scores(labels: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """Pairwise (precision, recall) of a clustering against true identities; -1 labels are singletons.

    Precision: of the face pairs put in one cluster, the share that are one person; recall: of the
    pairs that are one person, the share put in one cluster. Counted from cluster x person sizes.
    """
    labels = np.asarray(labels, dtype=np.int64)
    _, truth_ids = np.unique(np.asarray(truth), return_inverse=True)
    lab = np.where(labels < 0, np.arange(len(labels)) + int(labels.max(initial=0)) + 1, labels)

    def pairs(*keys: np.ndarray) -> int:
        counts = np.unique(np.stack(keys, axis=1), axis=0, return_counts=True)[1].astype(np.int64)
        return int((counts * (counts - 1) // 2).sum())

    both, clustered, same_person = pairs(lab, truth_ids), pairs(lab), pairs(truth_ids)
    return both / max(clustered, 1), both / max(same_person, 1)


def attach(
    descriptors: np.ndarray,
    labels: np.ndarray,
    new: np.ndarray,
    *,
    k: int = DEFAULT_K,
    threshold: float = DEFAULT_THRESHOLD,
    max_iterations: int = 50,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Cluster labels for the faces ``new`` (indices into ``descriptors``) among the others, whose ``labels``
    stay as they are (>= 0: a cluster; < 0: in none): the incremental step of Chinese whispers.

    Each new face is linked to those of its ``k`` nearest faces (old or new) closer than ``threshold``,
    weighing ``1 - distance / threshold``; new faces then vote, as in :func:`chinese_whispers`, until no label
    changes, starting from their own. Returns the new faces' labels (a cluster's, or -1) and, per new face,
    the indices of the faces it is linked to (so a caller can cluster the leftovers among their neighbours).
    Costs one kNN search of the new faces, not a rebuild of the whole graph.
    """
    x = _check(descriptors)
    new = np.asarray(new, dtype=np.int64)
    if len(new) == 0:
        return np.empty(0, dtype=np.int64), []
    index = faiss.IndexFlatL2(x.shape[1])
    index.add(x)
    kk = min(k + 1, len(x))
    sq, idx = index.search(x[new], kk)
    dist = np.sqrt(np.maximum(sq, 0))
    position = {int(f): j for j, f in enumerate(new)}
    links: list[dict[int, float]] = [{} for _ in new]
    for j, face in enumerate(new):
        for other, d in zip(idx[j].tolist(), dist[j].tolist()):
            if other < 0 or other == face or d >= threshold:
                continue
            w = 1.0 - d / threshold
            links[j][other] = max(links[j].get(other, 0.0), w)
            if other in position:  # a link between two new faces counts for both
                back = links[position[other]]
                back[int(face)] = max(back.get(int(face), 0.0), w)
    fixed = np.asarray(labels, dtype=np.int64)
    # every face without a cluster votes as its own singleton label: -2 - index (never -1, never a cluster)
    current = {int(f): -2 - int(f) for f in new}

    def label_of(face: int) -> int:
        if face in current:
            return current[face]
        return int(fixed[face]) if fixed[face] >= 0 else -2 - face

    for _ in range(max_iterations):
        changed = 0
        for j, face in enumerate(new.tolist()):
            votes: dict[int, float] = {}
            for other, w in links[j].items():
                lab = label_of(other)
                votes[lab] = votes.get(lab, 0.0) + w
            if not votes:
                continue
            best = max(votes.values())
            mine = current[face]
            winner = mine if votes.get(mine, -1.0) >= best else min(lab for lab, v in votes.items() if v >= best)
            if winner != mine:
                current[face] = winner
                changed += 1
        if not changed:
            break
    out = np.array([max(current[int(f)], -1) for f in new], dtype=np.int64)
    return out, [np.fromiter(links[j], dtype=np.int64, count=len(links[j])) for j in range(len(new))]
