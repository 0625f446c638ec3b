"""The same-photo rule: one person appears at most once in a photo, so clustering and automatic assignment
never put two faces of one photo in one person (a user may still do so by hand). Look-alikes standing
together in a group photo (sisters, twins) are the case this catches; without it they merge into one
person and every later match follows the mistake."""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Sequence
from typing import TypeVar

import numpy as np

from .assignment import Assignment, Decision

Label = TypeVar("Label", bound=Hashable)


def one_face_per_photo(
    clusters: dict[Label, list[int]], photo_of: dict[int, int], vector_of: dict[int, np.ndarray], anchors: set[int]
) -> list[int]:
    """Keep one face per photo in each cluster, in place; returns the faces taken out (left unassigned).

    In a photo the cluster holds several faces of, a confirmed face (an anchor) is the person and the
    others go; without one, the face nearest the cluster's mean stays.
    """
    evicted: list[int] = []
    for label, members in clusters.items():
        by_photo: dict[int, list[int]] = {}
        for f in members:
            by_photo.setdefault(photo_of[f], []).append(f)
        crowded = [faces for faces in by_photo.values() if len(faces) > 1]
        if not crowded:
            continue
        mean = np.mean([vector_of[f] for f in members], axis=0)
        out: set[int] = set()
        for faces in crowded:
            keep = [f for f in faces if f in anchors] or [
                min(faces, key=lambda f: float(np.linalg.norm(vector_of[f] - mean)))
            ]
            out.update(f for f in faces if f not in keep)
        clusters[label] = [f for f in members if f not in out]
        evicted += sorted(out)
    return evicted


def at_most_suggested(
    decisions: Sequence[Assignment[int]], photos: Sequence[int], person_photos: dict[int, set[int]]
) -> list[Assignment[int]]:
    """Automatic assignments that would give a person a second face in a photo become suggestions: where the
    person already has a face in that photo, and for all but the nearest of several faces of one photo
    matched to the same person."""
    out = list(decisions)
    best: dict[tuple[int, int], int] = {}
    for i, (a, photo) in enumerate(zip(decisions, photos)):
        if a.decision is Decision.AUTO and a.person is not None:
            key = (a.person, photo)
            if key not in best or a.distance < decisions[best[key]].distance:
                best[key] = i
    for i, (a, photo) in enumerate(zip(decisions, photos)):
        if a.decision is not Decision.AUTO or a.person is None:
            continue
        if photo in person_photos.get(a.person, set()) or best[(a.person, photo)] != i:
            out[i] = dataclasses.replace(a, decision=Decision.SUGGESTED)
    return out
