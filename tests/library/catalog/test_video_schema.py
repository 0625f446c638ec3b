"""Schema 1.4 (videos): a library of 1.3 migrates in place, keeping every row and the user's decisions, its photos
becoming ``media = 'photo'`` with faces that are no track; a video and its face tracks round-trip."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from faceorganizer.geometry import Box
from faceorganizer.library.catalog import Catalog, FaceData, PhotoInfo, list_backups, schema

V1_3 = schema.SchemaVersion(1, 3)


def _old_library(path, monkeypatch) -> dict[str, int]:
    """A library as faceorganizer wrote it at schema 1.3: a photo, two faces (one confirmed as Ann), a decision."""
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", tuple(mig for mig in schema.MIGRATIONS if mig[0] <= V1_3))
        m.setattr(schema, "CURRENT", V1_3)
        with Catalog.open(path) as cat:
            root = cat.add_root(path.parent)
            photo = cat.add_photo(root.id, str(path.parent / "a.jpg"), 10, 20)
            ann = cat.create_person("Ann")
            now = 1.0
            ids = []
            for i in range(2):
                cur = cat.execute(
                    "INSERT INTO faces (photo_id, x, y, width, height, descriptor, person_id, state, created_at) "
                    "VALUES (?, ?, 5, 50, 50, ?, ?, ?, ?)",
                    (photo, 10 + 100 * i, np.full(128, i, "<f4").tobytes(), ann if i == 0 else None,
                     "confirmed" if i == 0 else "auto", now),
                )  # fmt: skip
                ids.append(int(cur.lastrowid))
            cat.record_decision("confirm", face_id=ids[0], person_id=ann)
    return {"photo": photo, "ann": ann, "confirmed": ids[0], "other": ids[1]}


def test_a_1_3_library_migrates_to_1_4_keeping_everything(tmp_path, monkeypatch):
    path = tmp_path / "lib.sqlite"
    ids = _old_library(path, monkeypatch)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == V1_3.to_int()
    assert "media" not in {r[1] for r in con.execute("PRAGMA table_info(photos)")}
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("photos", "faces", "decisions")}
    con.close()

    with Catalog.open(path) as cat:
        assert cat.schema_version == schema.CURRENT >= schema.SchemaVersion(1, 4)
        assert any(f"before-{schema.CURRENT}" in p.name for p in list_backups(cat.path))  # a backup first
        for table, rows in before.items():  # every old column of every row as it was; new columns appended
            now = cat.query(f"SELECT * FROM {table} ORDER BY id")
            assert [tuple(r)[: len(old)] for r, old in zip(now, rows)] == rows and len(now) == len(rows)
        photo = cat.photo(ids["photo"])
        assert (photo.media, photo.duration, photo.is_video) == ("photo", None, False)
        faces = cat.faces_of_photo(ids["photo"])
        assert [(f.frame_time, f.track_start, f.track_end, f.shot) for f in faces] == [(None,) * 4] * 2
        assert cat.face(ids["confirmed"]).person_id == ids["ann"] and cat.face(ids["confirmed"]).state == "confirmed"
        assert len(cat.decisions(face_id=ids["confirmed"])) == 1
        with pytest.raises(sqlite3.IntegrityError):
            cat.execute("UPDATE photos SET media = 'film' WHERE id = ?", (ids["photo"],))
        assert cat.integrity_check() == ["ok"]


def test_a_video_and_its_face_tracks_round_trip(tmp_path):
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        root = cat.add_root(tmp_path)
        vid = cat.add_photo(root.id, str(tmp_path / "v.mp4"), 10, 20)
        info = PhotoInfo(10, 20, "h", 1920, 1080, media="video", duration=61.5, detector="ssd_mobilenetv1")
        track = FaceData(Box(1, 2, 30, 40), 0.9, descriptor=np.ones(128, np.float32), frame_time=3.5,
                         track_start=2.0, track_end=7.25, shot=4)  # fmt: skip
        (face_id,) = cat.store_indexed(vid, info, [track]).face_ids
        photo = cat.photo(vid)
        assert (photo.media, photo.duration, photo.width, photo.is_video) == ("video", 61.5, 1920, True)
        face = cat.face(face_id)
        assert (face.frame_time, face.track_start, face.track_end, face.shot) == (3.5, 2.0, 7.25, 4)
        # re-indexed: the track of the same shot and span is the same face (its id, person, decisions carry over)
        moved = FaceData(Box(900, 500, 30, 40), 0.9, frame_time=5.0, track_start=2.1, track_end=7.0, shot=4)
        other_shot = FaceData(Box(1, 2, 30, 40), 0.9, frame_time=3.5, track_start=2.0, track_end=7.25, shot=5)
        stored = cat.store_indexed(vid, info, [other_shot, moved])
        assert stored.face_ids[1] == face_id and stored.face_ids[0] != face_id and stored.carried == 1
        assert cat.face(face_id).frame_time == 5.0
