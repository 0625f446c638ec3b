"""Helpers for the library tests: small synthetic libraries and a stand-in for the networks."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import numpy as np
from PIL import Image

from faceorganizer.geometry import Box, Detection
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import photo_reader

from conftest import faceapi_path

#: Photos with one clear face each, from two people (folder = person).
PEOPLE = ["amy/amy1.jpg", "amy/amy2.jpg", "raj/raj1.jpg", "raj/raj2.jpg", "penny/penny1.jpg", "penny/penny2.jpg"]


def copy_people(folder: Path, count: int = 3) -> list[Path]:
    """Copy ``count`` people photos into ``folder`` (skips the test when the data is absent)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for rel in PEOPLE[:count]:
        dst = folder / Path(rel).name
        shutil.copy(faceapi_path("people-photos", *rel.split("/")), dst)
        out.append(dst)
    return out


def plain_image(path: Path, seed: int = 0, size: tuple[int, int] = (96, 64), fmt: str | None = None) -> Path:
    """A small face-free image (smooth random colours), distinct per seed."""
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 256, size=(2, 2, 3)).astype(np.float64)
    w, h = size
    u, v = np.meshgrid(np.linspace(0, 1, w), np.linspace(0, 1, h))
    img = (corners[0, 0] * ((1 - u) * (1 - v))[..., None] + corners[0, 1] * (u * (1 - v))[..., None]
           + corners[1, 0] * ((1 - u) * v)[..., None] + corners[1, 1] * (u * v)[..., None])  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(img.astype(np.uint8)).save(path, format=fmt)
    return path


class FakeNets:
    """Replaces the pipeline inside the indexer: one face per image, derived from its pixels; counts calls.

    ``faces_per_image`` faces are laid out left to right; the descriptor is the mean colour repeated,
    so identical images give identical faces. ``block`` (an Event) makes calls wait until it is set.
    """

    def __init__(self, faces_per_image: int = 1) -> None:
        self.calls = 0
        self.faces_per_image = faces_per_image
        self.block: threading.Event | None = None
        self.lock = threading.Lock()

    def __call__(self, pixels, options=None, stages=None, nets=None):
        from faceorganizer.api.results import FaceResult

        with self.lock:
            self.calls += 1
        if self.block is not None:
            self.block.wait(10)
        h, w = pixels.shape[:2]
        n = self.faces_per_image
        mean = pixels.reshape(-1, 3).mean(axis=0) / 255.0
        out = []
        for i in range(n):
            box = Box(w * (i + 0.25) / n, h * 0.25, w * 0.5 / n, h * 0.5)
            descriptor = np.resize(np.concatenate([mean, [i / 10]]), 128).astype(np.float32)
            out.append(FaceResult(detection=Detection(box, 0.9, w, h), descriptor=descriptor))
        return out


def use_fake_nets(monkeypatch, faces_per_image: int = 1) -> FakeNets:
    fake = FakeNets(faces_per_image)
    monkeypatch.setattr(photo_reader, "analyze", fake)
    return fake


def open_catalog(path: Path) -> Catalog:
    return Catalog.open(path)


def face_signature(catalog: Catalog) -> list[tuple[str, tuple[float, ...]]]:
    """Every face as (photo file name, box rounded to 0.01 px), sorted: comparable across libraries."""
    out = []
    for photo in catalog.photos():
        for face in catalog.faces_of_photo(photo.id):
            b = face.box
            out.append((Path(photo.path).name, tuple(round(v, 2) for v in (b.x, b.y, b.width, b.height))))
    return sorted(out)
