"""Fixtures of the indexing tests: real one-face photos to index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

#: Photos with one clear face each, from three people (folder = person).
PEOPLE = ["amy/amy1.jpg", "amy/amy2.jpg", "raj/raj1.jpg", "raj/raj2.jpg", "penny/penny1.jpg", "penny/penny2.jpg"]


@pytest.fixture(scope="session")
def copy_people(faceapi_path):
    """``copy_people(folder, count=3)``: copies ``count`` one-face people photos (amy1, amy2, raj1, ...) into
    ``folder``; returns their paths (skips the test when the reference data is absent)."""

    def copy(folder: Path, count: int = 3) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for rel in PEOPLE[:count]:
            dst = folder / Path(rel).name
            shutil.copy(faceapi_path("people-photos", *rel.split("/")), dst)
            out.append(dst)
        return out

    return copy
