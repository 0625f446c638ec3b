"""The catalog: schema and migrations, refusing newer or foreign files, transactions, rows round-tripping
and re-indexing that keeps the user's decisions."""

from __future__ import annotations

import os
import sqlite3

import numpy as np
import pytest

from faceorganizer.geometry import Box
from faceorganizer.library.catalog import (
    Catalog,
    CatalogError,
    FaceData,
    LibraryNotFoundError,
    LibraryVersionError,
    PhotoInfo,
    StorageError,
    default_library_path,
    resolve_library_path,
    schema,
)


@pytest.fixture
def cat(tmp_path):
    with Catalog.open(tmp_path / "lib.sqlite") as c:
        yield c


def _photo(cat: Catalog, path: str = "/photos/a.jpg", size: int = 10) -> int:
    root = cat.add_root(os.path.dirname(path))
    with cat.transaction():
        return cat.add_photo(root.id, path, size, 1)


def _face(x: float, y: float, w: float = 40, h: float = 40, seed: int = 0) -> FaceData:
    rng = np.random.default_rng(seed)
    return FaceData(
        Box(x, y, w, h), 0.9, rng.random((68, 2), dtype=np.float32) * 100, rng.random(128, dtype=np.float32),
        {"happy": 0.8, "neutral": 0.2}, 31.5, "female", 0.75,
    )  # fmt: skip


INFO = PhotoInfo(size=10, mtime_ns=1, content_hash="h1", width=200, height=100, orientation=1, detector="ssd")


def test_new_library_has_schema_wal_and_version(tmp_path, cat):
    assert cat.schema_version == schema.CURRENT
    assert cat.scalar("PRAGMA journal_mode") == "wal"
    assert cat.scalar("PRAGMA application_id") == schema.APPLICATION_ID
    assert set(cat.db.table_names()) >= {"roots", "photos", "faces", "people", "decisions", "settings"}
    faces_cols = set(cat.db["faces"].columns_dict)
    assert {"landmarks", "descriptor", "person_id", "state", "source", "quality", "expressions"} <= faces_cols
    indexes = {i.name for t in ("photos", "faces") for i in cat.db[t].indexes}
    assert {"faces_photo", "faces_person", "photos_hash"} <= indexes
    assert cat.integrity_check() == ["ok"]


def test_reopen_keeps_data_and_migrations_run_once(tmp_path):
    path = tmp_path / "lib.sqlite"
    with Catalog.open(path) as c:
        c.set_setting("detector", "tiny")
    with Catalog.open(path) as c:
        assert c.setting("detector") == "tiny" and c.setting("absent", 3) == 3


def test_newer_major_version_is_refused_newer_minor_accepted(tmp_path):
    path = tmp_path / "lib.sqlite"
    Catalog.open(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {schema.SchemaVersion(schema.CURRENT.major, 7).to_int()}")
    con.commit()
    with Catalog.open(path) as c:  # a newer minor only added things: still usable, version kept
        assert c.schema_version == schema.SchemaVersion(schema.CURRENT.major, 7)
    con.execute(f"PRAGMA user_version = {schema.SchemaVersion(schema.CURRENT.major + 1, 0).to_int()}")
    con.commit()
    con.close()
    with pytest.raises(LibraryVersionError, match=r"newer faceorganizer \(schema 2\.0\).*upgrade"):
        Catalog.open(path)


def test_foreign_and_garbage_files_are_refused(tmp_path):
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE bookmarks (url TEXT)")
    con.commit()
    con.close()
    with pytest.raises(CatalogError, match="not a faceorganizer library"):
        Catalog.open(other)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="not an SQLite database"):
        Catalog.open(garbage)
    with pytest.raises(LibraryNotFoundError, match="no library at"):
        Catalog.open(tmp_path / "absent.sqlite", create=False)
    assert not (tmp_path / "absent.sqlite").exists()


def test_transaction_rolls_back_on_error_and_nests(cat):
    root = cat.add_root("/photos")
    with pytest.raises(RuntimeError):
        with cat.transaction():
            cat.add_photo(root.id, "/photos/a.jpg", 1, 1)
            raise RuntimeError("boom")
    assert cat.photos() == []
    with cat.transaction():
        cat.add_photo(root.id, "/photos/b.jpg", 1, 1)
        with pytest.raises(sqlite3.IntegrityError):  # a bug in SQL use is not an environment error
            with cat.transaction():
                cat.add_photo(root.id, "/photos/c.jpg", 1, 1)
                cat.add_photo(root.id, "/photos/c.jpg", 1, 1)  # UNIQUE(path)
    assert [p.path for p in cat.photos()] == ["/photos/b.jpg"]
    assert not cat.in_transaction and not cat.conn.in_transaction


def test_read_only_catalog_reads_but_refuses_writes(tmp_path):
    path = tmp_path / "lib.sqlite"
    with Catalog.open(path) as c:
        _photo(c)
    with Catalog.open(path, read_only=True) as c:
        assert c.stats().photos == 1
        with pytest.raises(StorageError, match="read-only") as info:
            c.create_person("Ann")
        assert info.value.read_only
    os.chmod(path, 0o444)
    with pytest.raises(StorageError, match="read-only"):
        Catalog.open(path)


def test_store_round_trips_arrays_and_metadata(cat):
    pid = _photo(cat)
    face = _face(10, 20, seed=1)
    stored = cat.store_indexed(pid, INFO, [face])
    (got,) = cat.faces_of_photo(pid)
    assert got.id == stored.face_ids[0] and got.box == face.box and got.source == "detector" and got.state == "auto"
    np.testing.assert_array_equal(got.landmarks, face.landmarks)
    np.testing.assert_array_equal(got.descriptor, face.descriptor)
    assert got.expressions == {"happy": 0.8, "neutral": 0.2} and got.expression == "happy"
    assert (got.age, got.gender, got.gender_probability, got.quality) == (31.5, "female", 0.75, 40)
    photo = cat.photo(pid)
    assert (photo.status, photo.content_hash, photo.width, photo.height, photo.detector) == ("indexed", "h1", 200, 100,
                                                                                             "ssd")  # fmt: skip
    ids, vectors = cat.face_vectors()
    assert ids.tolist() == [got.id] and vectors.dtype == np.float32 and vectors.shape == (1, 128)


def test_reindex_carries_people_and_decisions_over(cat):
    pid = _photo(cat)
    a, b, c = cat.store_indexed(pid, INFO, [_face(10, 10), _face(100, 10), _face(150, 50)]).face_ids
    ann = cat.create_person("Ann")
    cat.assign_faces([a], ann, "confirmed")
    cat.assign_faces([b], ann, "auto")
    cat.record_decision("reject", face_id=c, person_id=ann)
    manual = cat.add_manual_face(pid, Box(60, 60, 20, 20), ann)
    cat.set_cover_face(ann, a)
    # re-detection: face a moved slightly, face b gone, face c gone, one new face
    new = cat.store_indexed(pid, INFO, [_face(12, 11, seed=5), _face(20, 70)])
    faces = {f.id: f for f in cat.faces_of_photo(pid)}
    assert new.face_ids[0] == a and faces[a].person_id == ann and faces[a].state == "confirmed"
    assert faces[a].box == Box(12, 11, 40, 40)  # the detection itself is updated
    assert b not in faces  # an automatic assignment without a decision goes with its face
    assert c in faces and [d.kind for d in cat.decisions(face_id=c)] == ["reject"]  # decided: kept
    assert faces[manual].source == "manual" and faces[manual].person_id == ann
    assert faces[new.face_ids[1]].person_id is None
    assert cat.person(ann).cover_face_id == a
    assert (new.carried, new.removed) == (1, 1)


def test_carry_over_uses_relative_boxes_when_the_photo_is_resized(cat):
    pid = _photo(cat)
    (a,) = cat.store_indexed(pid, INFO, [_face(50, 20, 40, 40)]).face_ids
    cat.assign_faces([a], cat.create_person("Bo"), "confirmed")
    half = PhotoInfo(size=5, mtime_ns=2, content_hash="h2", width=100, height=50)
    assert cat.store_indexed(pid, half, [_face(25, 10, 20, 20)]).face_ids == [a]


def test_non_utf8_paths_round_trip(cat):
    weird = os.fsdecode(b"/photos/caf\xe9.jpg")
    pid = _photo(cat, weird)
    assert cat.photo(pid).path == weird and cat.photo_by_path(weird).id == pid
    assert os.fsencode(cat.photo(pid).path) == b"/photos/caf\xe9.jpg"
    assert cat.photo_by_path("/photos/caf\u00e9.jpg") is None  # the UTF-8 spelling is another file


def test_people_listing_counts_and_orders(cat):
    pid = _photo(cat)
    ids = cat.store_indexed(pid, INFO, [_face(10 + 30 * i, 10) for i in range(4)]).face_ids
    zed, ann, unnamed = cat.create_person("zed"), cat.create_person("Ann"), cat.create_person()
    cat.assign_faces(ids[:2], ann)
    cat.assign_faces(ids[2:3], unnamed, "suggested")
    cat.set_person_hidden(zed, True)
    people = cat.people()
    assert [(p.name, p.face_count, p.hidden) for p in people] == [("Ann", 2, False), ("zed", 0, True), (None, 1, False)]
    assert [p.id for p in cat.people(include_hidden=False)] == [ann, unnamed]
    assert [f.id for f in cat.faces_of_person(None)] == ids[3:]
    assert [f.id for f in cat.faces_of_person(unnamed, states=["confirmed"])] == []
    cat.delete_person(ann)
    assert all(cat.face(i).person_id is None for i in ids[:2])
    assert cat.stats().people == 2


def test_moved_photo_keeps_its_id_faces_and_people(cat):
    old = _photo(cat, "/photos/old.jpg")
    (face,) = cat.store_indexed(old, INFO, [_face(10, 10)]).face_ids
    cat.assign_faces([face], cat.create_person("Cy"), "confirmed")
    new = _photo(cat, "/photos/sub/new.jpg")
    assert cat.adopt_moved(new, old, INFO) == old
    photo = cat.photo(old)
    assert photo.path == "/photos/sub/new.jpg" and photo.status == "indexed" and cat.photo(new) is None
    assert [f.id for f in cat.faces_of_photo(old)] == [face] and cat.face(face).state == "confirmed"


def test_roots_nest_into_one(cat, tmp_path):
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    r_inner = cat.add_root(inner)
    with cat.transaction():
        cat.add_photo(r_inner.id, str(inner / "x.jpg"), 1, 1)
    outer = cat.add_root(tmp_path / "a")
    assert [r.path for r in cat.roots()] == [str(tmp_path / "a")]
    assert cat.photos()[0].root_id == outer.id
    assert cat.add_root(inner).id == outer.id


def test_default_library_location(monkeypatch, tmp_path):
    monkeypatch.delenv("FACEORGANIZER_LIBRARY", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_library_path() == tmp_path / "xdg" / "faceorganizer" / "library.sqlite"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_library_path() == tmp_path / "home" / ".local" / "share" / "faceorganizer" / "library.sqlite"
    monkeypatch.setattr("sys.platform", "darwin")
    assert default_library_path() == tmp_path / "home/Library/Application Support/faceorganizer/library.sqlite"
    monkeypatch.setenv("FACEORGANIZER_LIBRARY", str(tmp_path / "env.sqlite"))
    assert default_library_path() == tmp_path / "env.sqlite"
    assert resolve_library_path(tmp_path / "given.sqlite") == tmp_path / "given.sqlite"
