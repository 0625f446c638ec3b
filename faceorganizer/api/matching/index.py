"""Gallery search behind FaceMatcher: exact per-label mean distances pruned by centroid bounds, and the
nearest reference descriptor from a FAISS IVF index over the labels, re-ranked with exact distances."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import cast

import faiss
import numpy as np

EXACT_LIMIT = 1 << 15  # nearest: galleries up to this many descriptors get certified exact answers
SMALL_GALLERY = 4096  # nearest: up to this many descriptors, one cell (a flat scan)
MAX_CELL, SPLIT_CELL = 4096, 1024  # a label with more descriptors is split by k-means into ~SPLIT_CELL cells
NPROBE, TOP_K = 32, 32  # cells scanned first and FAISS candidates re-ranked per query
_U32 = 2.0**-24


def exact_distances(rows: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """face-api.js's euclideanDistance bit for bit: float64 differences, squares summed in order, sqrt.

    ``rows`` (n, D); ``queries`` (n, D) or one (D,) vector.
    """
    out = np.empty(len(rows))
    for a in range(0, len(rows), 1024):
        d = np.subtract(rows[a : a + 1024], queries if queries.ndim == 1 else queries[a : a + 1024], dtype=np.float64)
        np.multiply(d, d, out=d)
        out[a : a + len(d)] = sum_in_order(np.ascontiguousarray(d.T))
    return np.sqrt(out, out=out)


def _nonzero_2d(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.nonzero of a C-ordered 2-D mask, row by row: numpy's 2-D nonzero is ~14x slower than the 1-D one."""
    return np.divmod(np.flatnonzero(mask), mask.shape[1])


def sum_in_order(x: np.ndarray) -> np.ndarray:
    """Sum a C-ordered array over its first axis strictly left to right, like JavaScript's reduce.

    numpy adds along a contiguous axis pairwise (other rounding); over the first axis it adds whole
    rows in order, as long as a row has at least two elements, hence the padding of single columns.
    """
    flat = x.reshape(len(x), -1)
    if flat.shape[1] == 1:
        return np.add.reduce(np.hstack([flat, flat]), axis=0)[:1].reshape(x.shape[1:])
    return np.add.reduce(flat, axis=0).reshape(x.shape[1:])


class _Cells:
    """Centroids (float32) of groups of reference rows, with what rigorous distance bounds need.

    For a query q and a cell with centroid c, radius r (largest member distance to c) and mean
    squared member distance v: every member x has ||q - x|| >= ||q - c|| - r, and the mean member
    distance lies between ||q - mean|| and sqrt(||q - c||^2 + v + 2 ||q - c|| shift), where shift is
    ||mean - c||. ||q - c||^2 comes from one float32 BLAS product; its error is bounded in ``partial``.
    """

    def __init__(self, refs: np.ndarray, cell: np.ndarray, ncells: int) -> None:
        counts = np.bincount(cell, minlength=ncells).astype(np.float64)
        sums = np.stack([np.bincount(cell, weights=refs[:, j], minlength=ncells) for j in range(refs.shape[1])], 1)
        mean = sums / counts[:, None]
        c32 = mean.astype(np.float32)
        self.shift = np.linalg.norm(mean - c32, axis=1) * (1 + 1e-6) + 1e-12
        dist = np.empty(len(refs))
        for a in range(0, len(refs), 65536):
            diff = np.subtract(refs[a : a + 65536], c32[cell[a : a + 65536]], dtype=np.float64)
            dist[a : a + 65536] = np.sqrt(np.einsum("ij,ij->i", diff, diff))
        self.radius = np.zeros(ncells)
        np.maximum.at(self.radius, cell, dist)
        self.radius = self.radius * (1 + 1e-6) + 1e-12
        self.var = np.bincount(cell, weights=dist * dist, minlength=ncells) / counts * (1 + 1e-6) + 1e-12
        norms_sq = np.einsum("ij,ij->i", c32, c32, dtype=np.float64)
        self.c32 = c32
        self._aug = np.hstack([-2 * c32, norms_sq.astype(np.float32)[:, None]])  # [q, 1] . row = |c|^2 - 2 q.c
        self._cmax = float(np.sqrt(norms_sq.max()))

    def partial(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(p, |q32|^2, err, slack): p[i, j] = |c_j|^2 - 2 q32_i . c_j in float32, so that
        |q32 - c|^2 lies within p + |q32|^2 +- err, and |q - q32| + float64 rounding <= slack.

        BLAS's float32 products and sums err by at most (D + 9) u (|q| + |c|)^2, u = 2^-24, in any order.
        """
        q32 = queries.astype(np.float32)
        q_sq = np.einsum("ij,ij->i", q32, q32, dtype=np.float64)
        p = np.hstack([q32, np.ones((len(q32), 1), dtype=np.float32)]) @ self._aug.T
        q_norm = np.sqrt(q_sq)
        err = (queries.shape[1] + 9) * _U32 * 1.01 * (q_norm + self._cmax) ** 2
        slack = np.linalg.norm(queries - q32, axis=1) * (1 + 1e-6) + 1e-9 * (q_norm + self._cmax + 1)
        return p, q_sq, err, slack

    def lower(self, queries: np.ndarray) -> np.ndarray:
        """A lower bound of |q - c| for every query x cell."""
        p, q_sq, err, slack = self.partial(queries)
        return np.sqrt(np.maximum(p + (q_sq - err)[:, None], 0)) - slack[:, None]


class MeanSearch:
    """face-api.js's matchDescriptor for many queries: the group (labeled set) of smallest mean distance.

    Exact: a group is computed (bit for bit like face-api.js) unless its lower bound exceeds an upper
    bound of another group's mean; usually only the query's own person is left.
    """

    def __init__(self, refs: np.ndarray, lengths: np.ndarray) -> None:
        self.refs, self.lengths, self.offsets = refs, lengths, np.cumsum(lengths) - lengths
        self._cells = _Cells(refs, np.repeat(np.arange(len(lengths)), lengths), len(lengths))

    def search(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(group index, mean distance) per query; ties go to the later group, as in face-api.js."""
        cells, m = self._cells, len(queries)
        p, q_sq, err, slack = cells.partial(queries)
        # Any group's upper bound bounds the best mean: take the one of the nearest centroid.
        pick = p.argmin(axis=1)
        up = np.sqrt(np.maximum(p[np.arange(m), pick] + q_sq + err, 0)) + slack
        best_upper = np.sqrt(up**2 + cells.var[pick] + 2 * up * cells.shift[pick]) * (1 + 1e-9) + 1e-12
        # Keep group g unless its lower bound sqrt(p + |q|^2 - err) - slack - shift_g exceeds best_upper.
        reach = ((best_upper + slack + cells.shift.max()) ** 2 + err - q_sq).astype(np.float32)
        qi, gi = _nonzero_2d(p <= np.nextafter(reach, np.float32(np.inf))[:, None])  # by query, then group
        means = self._means(queries, qi, gi)
        starts = np.flatnonzero(np.r_[True, qi[1:] != qi[:-1]])
        best = np.repeat(np.minimum.reduceat(means, starts), np.diff(np.r_[starts, len(qi)]))
        last = np.maximum.reduceat(np.where(means == best, np.arange(len(qi)), -1), starts)
        return gi[last], means[last]

    def _means(self, queries: np.ndarray, qi: np.ndarray, gi: np.ndarray) -> np.ndarray:
        """Mean exact distance of query qi[j] to group gi[j]'s rows, each summed in order like face-api.js."""
        means, lengths = np.empty(len(qi)), self.lengths[gi]
        buckets = np.ceil(np.log2(lengths)).astype(np.int64)  # pad groups to less than twice their size
        for b in np.unique(buckets).tolist():
            sel = np.flatnonzero(buckets == b)
            width = int(lengths[sel].max())
            step = max(1, 2048 // width)  # pairs per block: ~2048 rows, cache-sized
            for a in range(0, len(sel), step):
                s = sel[a : a + step]
                cols = np.minimum(np.arange(width), lengths[s, None] - 1) + self.offsets[gi[s], None]
                # (D, pairs, width), C-ordered so that the reduction over axis 0 adds the squares in order
                diff = np.empty((queries.shape[1], len(s), width))
                np.subtract(self.refs[cols].transpose(2, 0, 1), queries.T[:, qi[s], None], out=diff)
                np.multiply(diff, diff, out=diff)
                dist = np.sqrt(sum_in_order(diff))
                dist[np.arange(width) >= lengths[s, None]] = 0.0
                means[s] = sum_in_order(np.ascontiguousarray(dist.T)) / lengths[s]
        return means


class NearestSearch:
    """The reference row nearest to each query (ties: the later row), from a FAISS IndexIVFFlat.

    Cells follow the labels (one cell up to SMALL_GALLERY rows; labels over MAX_CELL rows split by
    k-means; k-means cells when labels average fewer than 4 rows). FAISS proposes candidates with
    float32 distances; they are re-ranked with exact float64 distances (face-api.js's).

    Up to EXACT_LIMIT rows every answer is certified equal to brute force: rows FAISS left out are
    provably farther (float32 error bound), so are cells not scanned (triangle inequality with the cell
    radius); otherwise more candidates / cells are scanned. Larger galleries scan the NPROBE cells with
    the nearest centroids (the query's own person, typically) and re-rank TOP_K candidates: fast, and
    equal to brute force on every query of the benchmark, but not certified (in 128 dimensions the
    radius bounds cannot prune enough to certify cheaply).
    """

    def __init__(self, refs: np.ndarray, lengths: np.ndarray) -> None:
        self.refs = refs
        n, dim = refs.shape
        cell = _make_cells(refs, lengths)
        ncells = int(cell.max()) + 1
        self._cells = _Cells(refs, cell, ncells)
        self._sizes = np.bincount(cell, minlength=ncells)
        self._quantizer = faiss.IndexFlatL2(dim)  # kept referenced: the IVF index does not own it
        self._quantizer.add(self._cells.c32)
        self.index = faiss.IndexIVFFlat(self._quantizer, dim, ncells)
        ids, assign = np.arange(n, dtype=np.int64), cell.astype(np.int64)
        self.index.add_core(n, faiss.swig_ptr(refs), faiss.swig_ptr(ids), faiss.swig_ptr(assign))
        self._ref_norm = float(np.sqrt(np.einsum("ij,ij->i", refs, refs, dtype=np.float64).max()))

    def search(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row index, exact distance) of the nearest reference row per query."""
        if len(self.refs) <= EXACT_LIMIT:
            return self._certified(queries)
        self.index.nprobe = min(NPROBE, len(self._sizes))
        q32 = queries.astype(np.float32)
        with _faiss_threads(len(queries)):
            f, ids = self.index.search(q32, min(TOP_K, len(self.refs)))
        return _rerank(self.refs, queries, ids, f, *self._f32_error(queries, q32))

    def _f32_error(self, queries: np.ndarray, q32: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(bound of FAISS's float32 squared-distance error, bound of |q - q32|) per query."""
        q_norm = np.linalg.norm(q32.astype(np.float64), axis=1)
        f32_err = (queries.shape[1] + 8) * _U32 * 1.01 * (self._ref_norm + q_norm) ** 2
        return f32_err, np.linalg.norm(queries - q32, axis=1) * (1 + 1e-6) + 1e-12

    def _certified(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        m, n = len(queries), len(self.refs)
        lower = self._cells.lower(queries) - self._cells.radius  # of the distance to any member of a cell
        q32 = queries.astype(np.float32)
        f32_err, q32_off = self._f32_error(queries, q32)
        best_d, best_row = np.full(m, np.inf), np.full(m, -1, dtype=np.int64)
        todo = np.zeros(lower.shape, dtype=bool)
        if lower.shape[1] > NPROBE:
            todo[np.arange(m)[:, None], np.argpartition(lower, NPROBE - 1, axis=1)[:, :NPROBE]] = True
        else:
            todo[:] = True
        probed, pending, k = todo.copy(), np.arange(m), TOP_K
        while len(pending):
            t = todo[pending]
            f, ids = self._scan(q32[pending], t, min(k, n))
            row, d = _rerank(self.refs, queries[pending], ids, f, f32_err[pending], q32_off[pending])
            better = (d < best_d[pending]) | ((d == best_d[pending]) & (row > best_row[pending]))
            best_d[pending[better]], best_row[pending[better]] = d[better], row[better]
            bd = best_d[pending]
            complete = (t * self._sizes).sum(axis=1) <= min(k, n)
            beyond = np.sqrt(np.maximum(f[:, -1].astype(np.float64) - f32_err[pending], 0)) - q32_off[pending]
            rows_ok = complete | (beyond > bd)  # the rows of scanned cells that FAISS left out are farther
            new = (lower[pending] <= bd[:, None]) & ~probed[pending]  # cells that may hold a nearer row
            todo[pending] = np.where(rows_ok[:, None], new, t | new)
            probed[pending] |= new
            k *= 1 if rows_ok.all() else 4
            pending = pending[~(rows_ok & ~new.any(axis=1))]
        return best_row, best_d

    def _scan(self, q32: np.ndarray, cells: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """FAISS top-k (float32 squared distances, row ids or -1) of each query within its marked cells."""
        counts = cells.sum(axis=1)
        lists = np.full((len(cells), max(int(counts.max()), 1)), -1, dtype=np.int64)
        r, c = _nonzero_2d(cells)
        lists[r, np.arange(len(r)) - np.repeat(np.cumsum(counts) - counts, counts)] = c
        self.index.nprobe = lists.shape[1]
        # faiss's Python layer wraps the SWIG method (arrays in, (distances, labels) out); its stubs show the C++ one
        search = cast(Callable[..., tuple[np.ndarray, np.ndarray]], self.index.search_preassigned)
        with _faiss_threads(len(q32)):
            return search(q32, k, lists, None)


@contextmanager
def _faiss_threads(queries: int) -> Iterator[None]:
    """One OpenMP thread for a few queries: waking FAISS's thread team costs more than the search."""
    if queries >= 16:
        yield
        return
    saved = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)  # per calling thread (OpenMP's nthreads-var)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(saved)


def _rerank(
    refs: np.ndarray, queries: np.ndarray, ids: np.ndarray, f: np.ndarray, f32_err: np.ndarray, q32_off: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(row, exact distance) of the nearest of each query's candidate rows (-1 = none; ties: later row).

    Vectorized over all queries. ``f`` holds FAISS's float32 squared distances of the candidates, within
    ``f32_err`` of |q32 - row|^2 (|q - q32| <= ``q32_off``): only candidates whose lower bound reaches the
    smallest upper bound are computed exactly; the others are strictly farther than the answer.
    """
    f64 = np.where(ids >= 0, f.astype(np.float64), np.inf)
    lo = (np.sqrt(np.maximum(f64 - f32_err[:, None], 0)) - q32_off[:, None]) * (1 - 1e-9) - 1e-12
    hi = (np.sqrt(f64 + f32_err[:, None]) + q32_off[:, None]) * (1 + 1e-9) + 1e-12
    keep = (lo <= hi.min(axis=1)[:, None]) & (ids >= 0)
    keep[~keep.any(axis=1), 0] = True  # no candidate at all: row -1, distance inf
    qi, kj = _nonzero_2d(keep)  # by query, then candidate
    row = ids[qi, kj]
    d = exact_distances(refs[np.maximum(row, 0)], queries[qi])
    d[row < 0] = np.inf
    starts = np.flatnonzero(np.r_[True, qi[1:] != qi[:-1]])
    best = np.minimum.reduceat(d, starts)
    tied = d == np.repeat(best, np.diff(np.r_[starts, len(qi)]))
    return np.maximum.reduceat(np.where(tied, row, -1), starts), best


def _make_cells(refs: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Cell of every reference row: one cell, the labels (big ones split), or k-means for tiny labels."""
    n = len(refs)
    if n <= SMALL_GALLERY:
        return np.zeros(n, dtype=np.int64)
    if len(lengths) * 4 > n:
        return _kmeans(refs, int(math.sqrt(n)))
    cell, next_id, start = np.repeat(np.arange(len(lengths)), lengths), len(lengths), 0
    for size in lengths.tolist():
        if size > MAX_CELL:
            parts = _kmeans(refs[start : start + size], math.ceil(size / SPLIT_CELL))
            cell[start : start + size] = np.where(parts == 0, cell[start], next_id + parts - 1)
            next_id += int(parts.max())
        start += size
    return np.unique(cell, return_inverse=True)[1].astype(np.int64)


def _kmeans(x: np.ndarray, k: int) -> np.ndarray:
    """Compact k-means cluster ids (deterministic seed) of the rows of ``x``."""
    km = faiss.Kmeans(x.shape[1], k, niter=10, seed=1234, max_points_per_centroid=256)
    km.train(x)
    return np.unique(km.index.search(x, 1)[1][:, 0], return_inverse=True)[1].astype(np.int64)
