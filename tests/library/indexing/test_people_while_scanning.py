"""People while scanning (issue 14.1): a scan brings people up to date as it stores photos, so a long first scan
shows people early; a cancelled scan leaves what it stored matched and clustered, and the next scan resumes and
ends with the people of an uninterrupted one."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import indexer, scan
from faceorganizer.library.people import People

#: 4 people x 5 photos, in the order a scan of their folders meets them.
PEOPLE = ("amy", "howard", "penny", "raj")


@pytest.fixture
def photos(tmp_path, faceapi_path) -> Path:
    folder = tmp_path / "photos"
    for person in PEOPLE:
        shutil.copytree(faceapi_path("people-photos", person), folder / person)
    return folder


def _people_by_photos(path: Path) -> set[frozenset[str]]:
    """Each person as the set of their photos' file names."""
    with Catalog.open(path, read_only=True) as cat:
        rows = cat.query("SELECT f.person_id, ph.path FROM faces f JOIN photos ph ON ph.id = f.photo_id "
                         "WHERE f.person_id IS NOT NULL")  # fmt: skip
    out: dict[int, set[str]] = {}
    for pid, p in rows:
        out.setdefault(pid, set()).add(Path(p).name)
    return {frozenset(v) for v in out.values()}


def test_people_appear_before_the_first_scan_is_half_done(photos, tmp_path, monkeypatch):
    monkeypatch.setattr(indexer, "CHECKPOINT_SECONDS", 0.0)  # every photo (the app: every 15 s)
    path = tmp_path / "lib.sqlite"
    seen: list[tuple[int, int]] = []  # (photos done, people with 2+ faces then)

    def progress(p) -> None:
        if p.phase == "indexing" and p.done < p.total / 2:
            with Catalog.open(path, read_only=True) as other:  # what the app's People view reads meanwhile
                seen.append((p.done, sum(q.face_count >= 2 for q in other.people())))

    with Catalog.open(path) as cat:
        summary = scan(cat, [photos], progress=progress)
    assert summary.indexed == 20
    assert any(people >= 1 for _, people in seen), seen
    assert len(_people_by_photos(path)) == 4


def test_a_cancelled_scan_leaves_its_faces_clustered_and_the_next_one_resumes(photos, tmp_path):
    whole = tmp_path / "whole.sqlite"
    with Catalog.open(whole) as cat:
        scan(cat, [photos])
    path = tmp_path / "lib.sqlite"
    cancel = threading.Event()

    def progress(p) -> None:
        if p.phase == "indexing" and p.done >= 12:
            cancel.set()

    with Catalog.open(path) as cat:
        first = scan(cat, [photos], progress=progress, cancel=cancel)
        assert first.cancelled and 12 <= first.indexed < 20
        assert People(cat).pending_faces() == []  # what was stored is matched and clustered
        assert len(_people_by_photos(path)) >= 2
        second = scan(cat, [photos])
        assert second.indexed == 20 - first.indexed and not second.cancelled
    assert _people_by_photos(path) == _people_by_photos(whole)
