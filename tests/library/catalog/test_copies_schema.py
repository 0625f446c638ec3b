"""Schema 1.5 (one photo, many files): a 1.4 library that indexed the same bytes twice folds the rows without the
user's work into copies of the one with it; rows with user work are never folded; nothing else changes."""

from __future__ import annotations

import sqlite3

import numpy as np

from faceorganizer.library.catalog import Catalog, list_backups, schema
from faceorganizer.library.people import browse

V1_4 = schema.SchemaVersion(1, 4)


def _old_library(path, monkeypatch) -> dict[str, int]:
    """At schema 1.4: a, b, c with the same bytes (only c's face confirmed), d and e with other same bytes (both
    confirmed), f alone; one face each."""
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", tuple(mig for mig in schema.MIGRATIONS if mig[0] <= V1_4))
        m.setattr(schema, "CURRENT", V1_4)
        with Catalog.open(path) as cat:
            root = cat.add_root(path.parent)
            ann = cat.create_person("Ann")
            ids = {"ann": ann}
            for name, content, confirmed in [("a", "h1", False), ("b", "h1", False), ("c", "h1", True),
                                             ("d", "h2", True), ("e", "h2", True), ("f", "h3", False)]:  # fmt: skip
                photo = cat.add_photo(root.id, str(path.parent / f"{name}.jpg"), 10, 20)
                cat.execute("UPDATE photos SET status = 'indexed', content_hash = ?, indexed_at = 1 WHERE id = ?",
                            (content, photo))  # fmt: skip
                cur = cat.execute(
                    "INSERT INTO faces (photo_id, x, y, width, height, descriptor, person_id, state, created_at) "
                    "VALUES (?, 5, 5, 50, 50, ?, ?, ?, 1)",
                    (photo, np.full(128, 0.1, "<f4").tobytes(), ann, "confirmed" if confirmed else "auto"),
                )
                ids[name], ids[f"{name}_face"] = photo, int(cur.lastrowid)
                if confirmed:
                    cat.record_decision("confirm", face_id=ids[f"{name}_face"], person_id=ann)
    return ids


def test_a_1_4_library_folds_its_copies_keeping_the_users_work(tmp_path, monkeypatch):
    path = tmp_path / "lib.sqlite"
    ids = _old_library(path, monkeypatch)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == V1_4.to_int()
    assert con.execute("SELECT count(*) FROM faces").fetchone()[0] == 6
    con.close()

    with Catalog.open(path) as cat:
        assert cat.schema_version == schema.CURRENT >= schema.SchemaVersion(1, 5)
        assert any("before-" in p.name for p in list_backups(cat.path))  # a backup first
        copy_of = {name: cat.photo(ids[name]).copy_of for name in "abcdef"}
        assert copy_of == {"a": ids["c"], "b": ids["c"], "c": None, "d": None, "e": None, "f": None}
        assert cat.faces_of_photo(ids["a"]) == [] and cat.faces_of_photo(ids["b"]) == []
        for name in "cdef":  # untouched, with the user's decisions
            (face,) = cat.faces_of_photo(ids[name])
            assert face.id == ids[f"{name}_face"] and face.person_id == ids["ann"]
        assert cat.face(ids["c_face"]).state == "confirmed" and len(cat.decisions(face_id=ids["c_face"])) == 1
        assert cat.person(ids["ann"]).face_count == 4
        stats = cat.stats()
        assert (stats.photos, stats.copies, stats.faces) == (4, 2, 4)
        assert browse.copy_paths(cat, [ids["c"]])[ids["c"]] == [str(tmp_path / "a.jpg"), str(tmp_path / "b.jpg")]
        assert cat.integrity_check() == ["ok"]


def test_deleting_a_photo_with_copies_leaves_them_to_be_indexed(tmp_path):
    """No copy could take its place (e.g. the rows are deleted directly): the copies become pending photos."""
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        root = cat.add_root(tmp_path)
        photo, copy = (cat.add_photo(root.id, str(tmp_path / f"{n}.jpg"), 1, 1) for n in "ab")
        cat.execute("UPDATE photos SET status = 'indexed', indexed_at = 1, content_hash = 'h'")
        cat.execute("UPDATE photos SET copy_of = ? WHERE id = ?", (photo, copy))
        cat.execute("DELETE FROM photos WHERE id = ?", (photo,))
        left = cat.photo(copy)
        assert (left.copy_of, left.status, left.indexed_at) == (None, "pending", None)
