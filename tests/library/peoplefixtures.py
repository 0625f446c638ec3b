"""A small catalog with synthetic faces in well-separated groups, for the people tests (no networks)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from faceorganizer.geometry import Box
from faceorganizer.library.catalog import Catalog, FaceData, PhotoInfo

_rng = np.random.default_rng(7)
#: Group centres: far apart (distance ~1.4) compared with the clustering threshold (0.55).
CENTRES = [c / np.linalg.norm(c) for c in _rng.normal(size=(8, 128))]


def descriptor(group: int, seed: int, spread: float = 0.12) -> np.ndarray:
    """A face of ``group``: its centre plus noise of norm ``spread`` (same-group faces ~0.17 apart)."""
    noise = np.random.default_rng(1000 * group + seed).normal(size=128)
    return (CENTRES[group] + spread * noise / np.linalg.norm(noise)).astype(np.float32)


def add_faces(
    catalog: Catalog, folder: Path, groups: list[int], *, start: int = 0, age: float | None = 30.0
) -> list[int]:
    """One photo per face (``folder/pN.jpg``, not on disk), face N of ``groups[N]``; the face ids."""
    ids = []
    for n, group in enumerate(groups, start):
        path = str(folder / f"p{n}.jpg")
        photo_id = catalog.add_photo(None, path, 1, 1)
        face = FaceData(Box(10, 20, 80, 90), score=0.9, descriptor=descriptor(group, n), age=age)
        ids += catalog.store_indexed(photo_id, PhotoInfo(1, 1, f"h{n}", 200, 200), [face]).face_ids
    return ids
