"""Search: photos with all / any / only some people, unnamed faces, faces by expression, age and gender,
paging and order, both query plans, name resolution, the `search` CLI and the 1.0 -> 1.1 migration."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest

from faceorganizer.cli import main
from faceorganizer.geometry import Box
from faceorganizer.library.catalog import Catalog, FaceData, PhotoInfo, schema
from faceorganizer.library.catalog import faces as catalog_faces
from faceorganizer.library.people import search

EXPR = ("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised")

# photo name -> (taken_at, [(who, state, expression, age, gender)]); who: a person key or None.
PHOTOS = {
    "p1": (
        "2020-01-01T10:00:00",
        [("amy", "auto", "happy", 30, "female"), ("raj", "confirmed", "neutral", 32, "male")],
    ),
    "p2": ("2020-01-02T10:00:00", [("amy", "confirmed", "happy", 31, "female")]),
    "p3": ("2020-01-03T10:00:00", [("amy", "auto", "sad", 30, "female"), (None, "auto", "angry", 70, "male")]),
    "p4": ("2020-01-04T10:00:00", [("amy", "auto", "neutral", 29, "female"), ("cluster", "auto", "happy", 8, "male")]),
    "p5": (
        "2019-12-31T10:00:00",
        [("raj", "auto", "surprised", 33, "male"), ("hidden", "auto", "neutral", 50, "male")],
    ),
    "p6": (None, [("amy", "suggested", "happy", 30, "female"), ("raj", "auto", "happy", 33, "male")]),
    "p7": ("2020-01-05T10:00:00", [("amy", "rejected", "neutral", 61, "female"), ("raj", "auto", "sad", 33, "male")]),
    "p8": ("2020-01-06T10:00:00", [("amy", "auto", "happy", 30, "female"), ("howard", "auto", "happy", 40, "male")]),
    "p9": (
        "2020-01-07T10:00:00",
        [
            ("amy", "auto", "happy", 30, "female"),
            ("penny", "auto", "happy", 28, "female"),
            ("raj", "auto", "happy", 33, "male"),
        ],
    ),
    "p10": ("2020-01-08T10:00:00", [("amy", "confirmed", "happy", 30, "female")]),  # file missing
}
# key -> (name, hidden)
PEOPLE = {"amy": ("Amy", False), "raj": ("Raj", False), "penny": ("Penny", False), "howard": ("Howard", True),
          "cluster": (None, False), "hidden": (None, True)}  # fmt: skip


def _build(path) -> dict:
    rng = np.random.default_rng(0)
    with Catalog.open(path) as cat:
        root = cat.add_root("/pics")
        ids = {"people": {k: cat.create_person(n, hidden=h) for k, (n, h) in PEOPLE.items()}, "photos": {}}
        for name, (taken, faces) in PHOTOS.items():
            with cat.transaction():
                pid = cat.add_photo(root.id, f"/pics/{name}.jpg", 10, 1)
            data = [FaceData(Box(10 + 60 * i, 10, 50, 50), 0.9, None, rng.random(128, dtype=np.float32),
                             {e: (0.9 if e == ex else 0.01) for e in EXPR}, age, g)
                    for i, (_, _, ex, age, g) in enumerate(faces)]  # fmt: skip
            info = PhotoInfo(size=10, mtime_ns=1, content_hash=name, width=400, height=100, taken_at=taken)
            stored = cat.store_indexed(pid, info, data)
            for face_id, (who, state, *_) in zip(stored.face_ids, faces):
                if who is not None:
                    cat.assign_faces([face_id], ids["people"][who], state)
            ids["photos"][name] = pid
        cat.set_status([ids["photos"]["p10"]], "missing")
    return ids


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "lib.sqlite"
    ids = _build(path)
    with Catalog.open(path) as cat:
        yield cat, ids, path


def _names(photos) -> list[str]:
    return [p.path.rsplit("/", 1)[1][:-4] for p in photos]


@pytest.fixture(params=["scan", "collect"])
def plan(request, monkeypatch):
    """Run a test with each of the two query plans forced: both must give the same answers."""
    monkeypatch.setattr(search, "_plan", lambda *a, **k: request.param)
    return request.param


def test_all_counts_auto_and_confirmed_never_rejected(lib, plan):
    cat, ids, _ = lib
    amy, raj = ids["people"]["amy"], ids["people"]["raj"]
    assert _names(search.photos_with_all(cat, [amy, raj])) == ["p1", "p9"]  # p7: Amy rejected; p6: suggested
    assert _names(search.photos_with_all(cat, [amy, raj], include_suggested=True)) == ["p1", "p9", "p6"]
    assert _names(search.photos_with_all(cat, [raj])) == ["p5", "p1", "p7", "p9", "p6"]  # undated last
    assert search.photos_with_all(cat, [amy, raj, ids["people"]["howard"]]) == []
    assert search.photos_with_all(cat, [999]) == []


def test_any_is_the_union_in_date_then_path_order_and_skips_missing_files(lib, plan):
    cat, ids, _ = lib
    amy, raj = ids["people"]["amy"], ids["people"]["raj"]
    everything = ["p5", "p1", "p2", "p3", "p4", "p7", "p8", "p9", "p6"]  # p10's file is missing
    assert _names(search.photos_with_any(cat, [amy, raj], limit=-1)) == everything
    assert _names(search.photos_with_any(cat, [amy, raj], limit=3, offset=3)) == everything[3:6]
    assert _names(search.photos_with_any(cat, [amy, raj], limit=5, offset=8)) == everything[8:]
    assert _names(search.photos_with_any(cat, [ids["people"]["penny"], 999])) == ["p9"]


def test_only_ignores_strangers_unnamed_clusters_and_hidden_people(lib, plan):
    cat, ids, _ = lib
    amy, raj = ids["people"]["amy"], ids["people"]["raj"]
    # p3: + a stranger, p4: + an unnamed cluster, p8: + Howard, who is hidden; p1/p9 have Raj (and Penny).
    assert _names(search.photos_with_only(cat, [amy])) == ["p2", "p3", "p4", "p8"]
    assert _names(search.photos_with_only(cat, [amy], strict=True)) == ["p2"]
    assert _names(search.photos_with_only(cat, [amy, raj])) == ["p1"]  # p9 has Penny too
    # p5: Raj + a hidden unnamed person; p7: Raj + a face rejected as Amy (nobody known).
    # p6: Raj + a face only suggested as Amy, which counts as Amy's with include_suggested.
    assert _names(search.photos_with_only(cat, [raj])) == ["p5", "p7", "p6"]
    assert _names(search.photos_with_only(cat, [raj], include_suggested=True)) == ["p5", "p7"]
    assert _names(search.find_photos(cat, any_of=[amy, raj], only=True, limit=-1)) == \
        ["p5", "p1", "p2", "p3", "p4", "p7", "p8", "p6"]  # fmt: skip


def test_photo_search_needs_a_person(lib):
    with pytest.raises(ValueError, match="at least one person"):
        search.photos_with_all(lib[0], [])


def test_unnamed_faces_are_those_of_no_named_person(lib):
    cat, ids, _ = lib
    hits = search.unnamed_faces(cat, limit=-1)
    got = [(h.photo_path.rsplit("/", 1)[1][:-4], h.face.expression) for h in hits]
    # p3 stranger, p4 unnamed cluster, p7 face rejected as Amy, p6 face only suggested as Amy (undated: last);
    # not p5's face of a hidden unnamed person.
    assert got == [("p3", "angry"), ("p4", "happy"), ("p7", "neutral"), ("p6", "happy")]
    assert all(h.person_name is None for h in hits)
    with_hidden = search.unnamed_faces(cat, include_hidden=True, limit=-1)
    assert [h.photo_path[-6:-4] for h in with_hidden][0] == "p5" and len(with_hidden) == 5
    assert len(search.unnamed_faces(cat, include_suggested=True, limit=-1)) == 3  # p6's face counts as Amy now
    assert [h.face.id for h in search.unnamed_faces(cat, limit=2, offset=1)] == [h.face.id for h in hits[1:3]]


def test_faces_by_expression_age_and_gender(lib):
    cat, _, _ = lib
    surprised = search.faces_by(cat, expression="surprised")
    assert [(h.photo_path[-6:-4], h.person_name) for h in surprised] == [("p5", "Raj")]
    old = search.faces_by(cat, age_range=(60, None))
    assert sorted(round(h.face.age) for h in old) == [61, 70]
    kids = search.faces_by(cat, age_range=(None, 12), gender="male")
    assert [(round(h.face.age), h.face.gender) for h in kids] == [(8, "male")]
    happy_women = search.faces_by(cat, expression="happy", gender="female", age_range=(25, 30), limit=-1)
    assert {h.photo_path[-6:-4] for h in happy_women} == {"p1", "p8", "p9", "p6"}  # p2 is 31, p10 is missing
    assert all(h.face.gender == "female" and 25 <= h.face.age <= 30 for h in happy_women)
    assert search.faces_by(cat, age_range=(30, 30), expression="sad")[0].photo_path.endswith("p3.jpg")
    for bad in ({"expression": "smug"}, {"gender": "x"}, {"age_range": (40, 30)}):
        with pytest.raises(ValueError):
            search.faces_by(cat, **bad)


def test_plan_prefers_a_scan_for_common_people_and_collecting_for_rare_ones():
    counts = {1: 50_000, 2: 40_000, 3: 20}
    assert search._plan(counts, [1, 2], [], 300_000, 100, 0) == "scan"
    assert search._plan(counts, [1, 3], [], 300_000, 100, 0) == "collect"
    assert search._plan(counts, [], [1, 2], 300_000, 100, 0) == "scan"
    assert search._plan(counts, [], [3], 300_000, 100, 0) == "collect"
    assert search._plan(counts, [1], [], 300_000, -1, 0) == "collect"


def test_resolve_person_by_name_any_case_or_id(lib, tmp_path):
    cat, ids, _ = lib
    assert search.resolve_person(cat, "amy") == search.resolve_person(cat, " AMY ") == ids["people"]["amy"]
    assert search.resolve_person(cat, str(ids["people"]["cluster"])) == ids["people"]["cluster"]
    with pytest.raises(search.UnknownPersonError, match="no person with the name 'Bob'"):
        search.resolve_person(cat, "Bob")
    with pytest.raises(search.UnknownPersonError, match="id or name '999'"):
        search.resolve_person(cat, "999")
    with Catalog.open(tmp_path / "two.sqlite") as other:
        a, b = other.create_person("Émile"), other.create_person("ÉMILE")
        with pytest.raises(search.UnknownPersonError, match=f"ids {a}, {b}"):
            search.resolve_person(other, "émile")


def _cli(capsys, path, *argv: str) -> tuple[int, object, str]:
    code = main(["search", *argv, "--library", str(path), "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else out), err


def test_cli_search_people_and_faces_json(lib, capsys):
    cat, ids, path = lib
    code, photos, _ = _cli(capsys, path, "--with", "amy", "--with", "RAJ")
    assert code == 0 and [p["path"] for p in photos] == ["/pics/p1.jpg", "/pics/p9.jpg"]
    assert photos[0] == {"id": ids["photos"]["p1"], "path": "/pics/p1.jpg", "taken_at": "2020-01-01T10:00:00",
                         "people": [{"id": ids["people"]["amy"], "name": "Amy"},
                                    {"id": ids["people"]["raj"], "name": "Raj"}], "copies": []}  # fmt: skip
    code, photos, _ = _cli(capsys, path, "--any", "penny", str(ids["people"]["raj"]), "--limit", "2")
    assert code == 0 and [p["path"][-6:-4] for p in photos] == ["p5", "p1"]
    code, photos, _ = _cli(capsys, path, "--with", "Amy", "--only")
    assert code == 0 and [p["path"][-6:-4] for p in photos] == ["p2", "p3", "p4", "p8"]
    code, faces, _ = _cli(capsys, path, "--unnamed")
    assert code == 0 and len(faces) == 4 and faces[0]["person"] is None
    assert set(faces[0]) == {"id", "photo", "taken_at", "box", "person", "name", "state", "expression", "age", "gender"}
    assert set(faces[0]["box"]) == {"x", "y", "width", "height"}
    code, faces, _ = _cli(capsys, path, "--expression", "happy", "--age", "25-30", "--gender", "female")
    assert code == 0 and len(faces) == 5  # Amy in p1, p6, p8, p9 and Penny in p9
    code, faces, _ = _cli(capsys, path, "--age", "60-")
    assert code == 0 and len(faces) == 2


def test_cli_search_bad_input_exits_2(lib, capsys, tmp_path):
    _, _, path = lib
    code, _, err = _cli(capsys, path, "--with", "nobody")
    assert code == 2 and "no person with the name 'nobody'" in err
    assert _cli(capsys, path)[0] == 2
    assert _cli(capsys, path, "--with", "amy", "--unnamed")[0] == 2
    assert _cli(capsys, path, "--only")[0] == 2
    with pytest.raises(SystemExit) as exc:
        main(["search", "--age", "40-30", "--library", str(path)])
    assert exc.value.code == 2
    code, _, err = _cli(capsys, tmp_path / "none.sqlite", "--with", "amy")
    assert code == 1 and "no library" in err


def test_cli_search_text_output(lib, capsys):
    _, _, path = lib
    assert main(["search", "--with", "penny", "--library", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["/pics/p9.jpg\t2020-01-07T10:00:00\tAmy, Raj, Penny"] and "1 photos" in err


def test_library_at_schema_1_0_migrates_in_place(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        m.setattr(schema, "CURRENT", schema.SchemaVersion(1, 0))
        m.setattr(catalog_faces, "release_copies", lambda *_args: [])  # (1.0 had no copies: schema 1.5)
        ids = _build(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == schema.SchemaVersion(1, 0).to_int()
    assert con.execute("SELECT 1 FROM sqlite_master WHERE name = 'photos_order'").fetchone() is None
    faces_before = con.execute("SELECT * FROM faces ORDER BY id").fetchall()
    con.close()
    with Catalog.open(path) as cat:
        assert cat.schema_version == schema.CURRENT >= schema.SchemaVersion(1, 1)
        cols = [r["name"] for r in cat.query("PRAGMA index_info(faces_person)")]
        assert cols == ["person_id", "photo_id", "state"]
        assert cat.scalar("SELECT 1 FROM sqlite_master WHERE name = 'photos_order'") == 1
        after = [tuple(r) for r in cat.query("SELECT * FROM faces ORDER BY id")]  # later schemas append columns
        assert [r[: len(old)] for r, old in zip(after, faces_before)] == [tuple(r) for r in faces_before]
        assert len(after) == len(faces_before)
        amy, raj = ids["people"]["amy"], ids["people"]["raj"]
        assert _names(search.photos_with_all(cat, [amy, raj])) == ["p1", "p9"]
        assert cat.integrity_check() == ["ok"]


def _true_counts(cat: Catalog) -> dict[int, int]:
    rows = cat.query("SELECT p.id, (SELECT count(*) FROM faces f WHERE f.person_id = p.id) FROM people p")
    return {r[0]: r[1] for r in rows}


def test_stored_face_counts_follow_every_write_path(tmp_path):
    path = tmp_path / "counts.sqlite"
    ids = _build(path)
    with Catalog.open(path) as cat:
        amy, raj, penny = (ids["people"][k] for k in ("amy", "raj", "penny"))

        def check() -> None:
            assert {p.id: p.face_count for p in cat.people()} == _true_counts(cat)
            assert cat.person(amy).face_count == _true_counts(cat)[amy]

        check()
        assert cat.person(amy).face_count == 9  # rejected / suggested / missing-file faces included, as before
        with cat.transaction():
            cat.assign_faces([f.id for f in cat.faces_of_person(raj, limit=2)], penny, "confirmed")  # a split
        check()
        cat.assign_faces([f.id for f in cat.faces_of_person(penny, limit=-1)], amy)  # a merge, penny emptied
        check()
        cat.delete_person(penny)
        cat.add_manual_face(ids["photos"]["p2"], Box(300, 10, 40, 40), raj)
        check()
        info = PhotoInfo(size=11, mtime_ns=2, content_hash="new", width=400, height=100)
        cat.store_indexed(ids["photos"]["p9"], info, [])  # re-detection found nothing: undecided faces go
        check()
        with cat.transaction():
            cat.execute("DELETE FROM photos WHERE id = ?", (ids["photos"]["p1"],))  # cascade
            cat.execute("DELETE FROM people WHERE id = ?", (raj,))  # faces' person set to NULL
        check()
        with pytest.raises(ZeroDivisionError), cat.transaction():
            cat.assign_faces([f.id for f in cat.faces_of_person(amy, limit=-1)], None)
            raise ZeroDivisionError  # rolled back: the counts too
        check()
        cat.remove_root(cat.roots()[0].id)
        check()
        assert all(p.face_count == 0 for p in cat.people())
