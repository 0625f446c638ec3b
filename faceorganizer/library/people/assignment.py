"""Deciding, for new faces, which named person each is: auto-assign, suggest ("Is this Ann?"), or neither."""

from __future__ import annotations

import enum
import logging
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

import faiss
import numpy as np

log = logging.getLogger("faceorganizer.library.people")

#: Whatever identifies a person to the caller (the catalog's person ids; labels in tests).
PersonId = TypeVar("PersonId", bound=Hashable)


class Decision(str, enum.Enum):
    """What to do with a face: assign it (state auto), ask the user (state suggested), or leave it."""

    AUTO = "auto"
    SUGGESTED = "suggested"
    NONE = "none"


@dataclass(frozen=True)
class AssignmentParams:
    """Thresholds on the euclidean distance between a face and a person (face-api.js descriptors).

    Measured on the labeled library (tests/library/people/test_quality.py): after naming one face per
    person, the right person's distance to a group-photo face is 0.36..0.54 and the margin to the
    next person >= 0.136; a face's distance to anyone else is >= 0.586. ``auto_threshold`` 0.5 stays
    well below 0.586, so the face of someone not yet named is never auto-assigned to a look-alike;
    ``suggest_threshold`` 0.6 is face-api.js's FaceMatcher default (same person below it);
    ``min_margin`` 0.1: a face as close to a second person (within 0.1) is only suggested.
    ``strategy`` "mean" is FaceMatcher's (mean distance to all of a person's faces), "nearest" the
    distance to the closest one. Faces whose ``quality`` is below ``min_quality`` (e.g. the face
    box's short side in px) are never auto-assigned, only suggested.
    """

    auto_threshold: float = 0.5
    suggest_threshold: float = 0.6
    min_margin: float = 0.1
    strategy: Literal["mean", "nearest"] = "mean"
    min_quality: float = 0.0

    def __post_init__(self) -> None:
        if not 0 < self.auto_threshold <= self.suggest_threshold:
            raise ValueError(
                f"need 0 < auto_threshold <= suggest_threshold (got {self.auto_threshold}, {self.suggest_threshold})"
            )
        if self.min_margin < 0 or self.strategy not in ("mean", "nearest"):
            raise ValueError(f"bad min_margin {self.min_margin} or strategy {self.strategy!r}")


@dataclass(frozen=True)
class Assignment(Generic[PersonId]):
    """The decision for one face. ``person`` is set for AUTO and SUGGESTED only; ``nearest`` and
    ``distance`` always name the closest allowed person (None / inf when there is none), and
    ``margin`` is how much farther the runner-up ``second`` is (inf without one)."""

    decision: Decision
    person: PersonId | None
    nearest: PersonId | None
    distance: float
    second: PersonId | None
    margin: float


def assign_faces(
    people: Mapping[PersonId, np.ndarray | Sequence[np.ndarray]],
    faces: np.ndarray,
    *,
    params: AssignmentParams | None = None,
    quality: np.ndarray | Sequence[float] | None = None,
    auto_allowed: np.ndarray | Sequence[bool] | None = None,
    rejected: Mapping[int, Collection[PersonId]] | None = None,
    only_decisions: bool = False,
) -> list[Assignment[PersonId]]:
    """Decide for each face of ``faces`` [n, D] which of ``people`` (id -> their confirmed faces'
    descriptors [m, D]) it is.

    AUTO when the closest person is nearer than ``auto_threshold`` and at least ``min_margin``
    nearer than the runner-up, and the face may be auto-assigned (``quality[i] >= min_quality``
    and ``auto_allowed[i]``, e.g. False for children's faces, which look alike at the adult
    threshold); else SUGGESTED when nearer than ``suggest_threshold``; else NONE. People in
    ``rejected[i]`` (the user said face i is not them) are never considered for face i. People
    without descriptors are skipped. Non-finite (NaN/inf) descriptors are ignored: such a face is
    NONE, such a row of a person is left out of their reference (else one NaN would hide the person).

    ``only_decisions``: compute exactly only what the decisions need (distances under the suggestion threshold,
    see :func:`person_distances`' ``cutoff``); ``nearest`` and ``distance`` of a NONE may then be None / inf.
    """
    params = params or AssignmentParams()
    x = np.asarray(faces, dtype=np.float32)
    if x.ndim != 2:
        raise ValueError(f"faces must be a 2-D array [faces, dims], got shape {x.shape}")
    n = len(x)
    ids, stacked = _people_matrix(people, x.shape[1])
    cutoff = max(params.suggest_threshold, params.auto_threshold + params.min_margin) if only_decisions else None
    dist = person_distances(x, stacked, params.strategy, cutoff) if ids else np.empty((n, 0), np.float32)
    if rejected:
        column = {pid: j for j, pid in enumerate(ids)}
        for i, persons in rejected.items():
            cols = [column[p] for p in persons if p in column]
            if cols and 0 <= i < n:
                dist[i, cols] = np.inf
    may_auto = np.ones(n, dtype=bool)
    if quality is not None:
        may_auto &= np.asarray(quality, dtype=np.float64).reshape(n) >= params.min_quality
    if auto_allowed is not None:
        may_auto &= np.asarray(auto_allowed, dtype=bool).reshape(n)
    out = [_decide(row, ids, params, bool(ok)) for row, ok in zip(dist, may_auto)]
    if n:
        counts = {d: sum(a.decision is d for a in out) for d in Decision}
        log.debug("assigned %d faces against %d people: %s", n, len(ids), {d.value: c for d, c in counts.items()})
    return out


def _people_matrix(
    people: Mapping[PersonId, np.ndarray | Sequence[np.ndarray]], dim: int
) -> tuple[list[PersonId], list[np.ndarray]]:
    ids, mats = [], []
    for pid, descs in people.items():
        m = np.asarray(descs, dtype=np.float32)
        if m.size == 0:
            continue
        m = m.reshape(-1, m.shape[-1])
        if m.shape[1] != dim:
            raise ValueError(f"person {pid!r}: descriptors have {m.shape[1]} values, faces have {dim}")
        m = m[np.isfinite(m).all(axis=1)]
        if len(m) == 0:
            continue
        ids.append(pid)
        mats.append(m)
    return ids, mats


def person_distances(
    faces: np.ndarray,
    people: Sequence[np.ndarray],
    strategy: Literal["mean", "nearest"] = "mean",
    cutoff: float | None = None,
) -> np.ndarray:
    """Distance [n_faces, n_people] of each face to each person: mean (FaceMatcher) or nearest euclidean
    distance to the person's descriptors. Computed in slices of faces so memory stays bounded.

    With a ``cutoff`` (mean strategy), only distances below it are computed exactly, the others are inf: a
    face's mean distance to a person's faces is never below its distance to their centroid (the norm is
    convex), so the centroids (a FAISS range search) say which (face, person) pairs can be under the cutoff,
    and only those are measured. Matching a library's free faces against many named people then costs in
    proportion to the plausible pairs, not to faces x all the people's faces."""
    x = np.asarray(faces, dtype=np.float32)
    if cutoff is not None and strategy == "mean" and len(x) and len(people):
        return _pruned_mean_distances(x, people, cutoff)
    counts = np.array([len(p) for p in people], dtype=np.int64)
    g = np.concatenate(people).astype(np.float32)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    g_sq = (g.astype(np.float64) ** 2).sum(axis=1)
    out = np.empty((len(x), len(people)), dtype=np.float32)
    step = max(1, 4_000_000 // max(len(g), 1))
    for lo in range(0, len(x), step):
        q = x[lo : lo + step]
        sq = (q.astype(np.float64) ** 2).sum(axis=1)[:, None] + g_sq[None, :] - 2.0 * (q @ g.T)
        d = np.sqrt(np.maximum(sq, 0.0))
        if strategy == "mean":
            out[lo : lo + step] = np.add.reduceat(d, starts, axis=1) / counts
        else:
            out[lo : lo + step] = np.minimum.reduceat(d, starts, axis=1)
    return out


def _pruned_mean_distances(x: np.ndarray, people: Sequence[np.ndarray], cutoff: float) -> np.ndarray:
    """:func:`person_distances` (mean) where it is below ``cutoff``, inf elsewhere (see there)."""
    centroids = np.stack([np.asarray(p, dtype=np.float64).mean(axis=0) for p in people]).astype(np.float32)
    index = faiss.IndexFlatL2(x.shape[1])
    index.add(centroids)
    limits, _, hits = index.range_search(np.ascontiguousarray(x), float(cutoff) ** 2 * 1.0001 + 1e-6)
    out = np.full((len(x), len(people)), np.inf, dtype=np.float32)
    face_of = np.repeat(np.arange(len(x)), np.diff(limits.astype(np.int64)))
    hits = hits.astype(np.int64)
    order = np.argsort(hits, kind="stable")
    persons, starts = np.unique(hits[order], return_index=True)
    for person, rows in zip(persons.tolist(), np.split(face_of[order], starts[1:])):
        g = np.asarray(people[int(person)], dtype=np.float64)
        q = x[rows].astype(np.float64)
        sq = (q**2).sum(axis=1)[:, None] + (g**2).sum(axis=1)[None, :] - 2.0 * (q @ g.T)
        out[rows, int(person)] = np.sqrt(np.maximum(sq, 0.0)).mean(axis=1)
    return out


def _decide(row: np.ndarray, ids: list[PersonId], params: AssignmentParams, may_auto: bool) -> Assignment[PersonId]:
    if row.size == 0 or not np.isfinite(row).any():
        return Assignment(Decision.NONE, None, None, float("inf"), None, float("inf"))
    order = np.argsort(row, kind="stable")[:2]
    best = float(row[order[0]])
    second_d = float(row[order[1]]) if len(order) > 1 else float("inf")
    second = ids[order[1]] if np.isfinite(second_d) else None
    margin = second_d - best
    nearest = ids[order[0]]
    if may_auto and best < params.auto_threshold and margin >= params.min_margin:
        decision = Decision.AUTO
    elif best < params.suggest_threshold:
        decision = Decision.SUGGESTED
    else:
        decision = Decision.NONE
    person = nearest if decision is not Decision.NONE else None
    return Assignment(decision, person, nearest, best, second, margin)
