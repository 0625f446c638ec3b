"""Bad input and faults: each bad file gets a clear recorded error and the scan goes on; the catalog
stays sound (integrity_check) and loses nothing already stored; a killed indexer resumes exactly."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from faceorganizer import imaging
from faceorganizer.cli import main
from faceorganizer.library.catalog import Catalog, StorageError
from faceorganizer.library.indexing import Indexer, IndexOptions, photo_reader, scan, scan_folders


def _sound(cat: Catalog) -> None:
    assert cat.integrity_check() == ["ok"]
    assert cat.scalar("PRAGMA foreign_key_check") is None


def _errors(summary) -> dict[str, str]:
    return {os.path.basename(e.path): e.error for e in summary.errors}


def test_bad_files_get_clear_errors_and_the_scan_goes_on(tmp_path, monkeypatch, fake_nets, plain_image):
    photos = tmp_path / "photos"
    good = plain_image(photos / "good.jpg", seed=1, size=(600, 400))
    (photos / "empty.jpg").write_bytes(b"")
    (photos / "truncated.jpg").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    (photos / "corrupt.jpg").write_bytes(b"\xff\xd8\xff\xe0" + random.Random(0).randbytes(3000))
    (photos / "header.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))  # Pillow cannot even identify it
    (photos / "notes.png").write_text("shopping list, not a photo")
    plain_image(photos / "bomb.png", seed=2, size=(1000, 800), fmt="PNG")
    plain_image(photos / "locked.jpg", seed=3)
    monkeypatch.setattr(imaging, "MAX_PIXELS", 600 * 400)
    real_open = open

    def guarded_open(path, *args, **kwargs):  # tests run as root: simulate a file we may not read
        if os.fspath(path).endswith("locked.jpg"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(photo_reader, "open", guarded_open, raising=False)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        summary = scan(cat, [photos])
        errors = _errors(summary)
        assert summary.seen == 8 and summary.indexed == 1 and fake_nets.calls == 1
        assert errors["empty.jpg"] == "empty file (0 bytes), not an image"
        assert errors["truncated.jpg"].startswith("corrupt or truncated image")
        assert errors["corrupt.jpg"].startswith("corrupt or truncated image")
        assert errors["header.jpg"] == "corrupt or truncated image: damaged JPEG header"
        assert errors["notes.png"] == "not an image (unrecognized format)"
        assert "decompression bomb" in errors["bomb.png"]
        assert errors["locked.jpg"] == "cannot read: permission denied"
        for name, message in errors.items():
            photo = cat.photo_by_path(str(photos / name))
            assert (photo.status, photo.error) == ("error", message)
        assert cat.stats().errors == 7 and cat.stats().faces == 1
        _sound(cat)
        again = scan(cat, [photos])  # failed files are not retried until they change
        assert (again.unchanged, again.indexed, again.errors) == (8, 0, []) and fake_nets.calls == 1


def test_files_removed_or_replaced_between_scan_and_indexing(tmp_path, fake_nets, plain_image):
    photos = tmp_path / "photos"
    plain_image(photos / "gone.jpg", seed=1)
    plain_image(photos / "replaced.jpg", seed=2)
    plain_image(photos / "stays.jpg", seed=3)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        plan = scan_folders(cat, [photos])
        os.remove(photos / "gone.jpg")
        plain_image(photos / "tmp.png", seed=4, size=(120, 90), fmt="PNG")
        os.replace(photos / "tmp.png", photos / "replaced.jpg")  # atomically replaced by other content
        result = Indexer(cat).run(plan.to_index)
        assert result.indexed == 2 and _errors(result) == {"gone.jpg": "no such file (removed since the folder "
                                                           "was scanned)"}  # fmt: skip
        assert cat.photo_by_path(str(photos / "gone.jpg")).status == "missing"
        replaced = cat.photo_by_path(str(photos / "replaced.jpg"))
        st = os.stat(photos / "replaced.jpg")
        assert (replaced.size, replaced.mtime_ns, replaced.width) == (st.st_size, st.st_mtime_ns, 120)
        assert replaced.content_hash == photo_reader.content_hash((photos / "replaced.jpg").read_bytes())
        _sound(cat)
        assert scan(cat, [photos]).unchanged == 2 and fake_nets.calls == 2  # what was stored matches the disk


def test_non_utf8_file_names(tmp_path, capsys, fake_nets, plain_image):
    photos = tmp_path / "photos"
    plain_image(photos / "x.jpg", seed=1)
    raw_dir = os.fsencode(photos)
    os.rename(os.path.join(raw_dir, b"x.jpg"), os.path.join(raw_dir, b"caf\xe9.jpg"))
    with open(os.path.join(raw_dir, b"bad\xff.jpg"), "wb") as fh:
        fh.write(b"not an image")
    lib = str(tmp_path / "lib.sqlite")
    assert main(["scan", str(photos), "--library", lib, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["seen"], doc["indexed"], doc["faces"]) == (2, 1, 1)
    (err,) = doc["errors"]
    assert os.fsencode(err["path"]) == os.path.join(raw_dir, b"bad\xff.jpg")
    with Catalog.open(lib) as cat:
        names = sorted(os.path.basename(os.fsencode(p.path)) for p in cat.photos())
        assert names == [b"bad\xff.jpg", b"caf\xe9.jpg"]
        assert cat.photo_by_path(os.fsdecode(os.path.join(raw_dir, b"caf\xe9.jpg"))).status == "indexed"
        _sound(cat)
    assert main(["scan", str(photos), "--library", lib, "--retry-errors"]) == 0  # text output must not crash
    assert "bad\\xff.jpg: not an image" in capsys.readouterr().out


def test_read_only_library_is_a_clear_error_and_loses_nothing(tmp_path, capsys, fake_nets, plain_image):
    photos = tmp_path / "photos"
    plain_image(photos / "a.jpg", seed=1)
    lib = tmp_path / "lib.sqlite"
    assert main(["scan", str(photos), "--library", str(lib), "--json"]) == 0
    capsys.readouterr()
    plain_image(photos / "b.jpg", seed=2)
    os.chmod(lib, 0o444)
    assert main(["scan", str(photos), "--library", str(lib), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "read-only" in captured.err and str(lib) in captured.err
    assert main(["status", "--library", str(lib), "--json"]) == 0  # reading still works
    assert json.loads(capsys.readouterr().out) == {
        "photos": 1,
        "videos": 0,
        "copies": 0,
        "faces": 1,
        "people": 0,
        "errors": 0,
        "pending": 0,
    }
    os.chmod(lib, 0o644)
    with Catalog.open(lib) as cat:
        _sound(cat)
        assert cat.stats().faces == 1


class _FullDisk:
    """A connection whose face inserts for one photo fail as SQLite does on a full disk."""

    def __init__(self, conn: sqlite3.Connection, photo_id: int) -> None:
        self._conn, self.photo_id = conn, photo_id

    def execute(self, sql, params=()):
        if sql.startswith("INSERT INTO faces") and params and params[0] == self.photo_id:
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_disk_full_while_storing_one_photo(tmp_path, fake_nets, plain_image):
    fake_nets.faces_per_image = 2
    photos = tmp_path / "photos"
    for i in range(4):
        plain_image(photos / f"p{i}.jpg", seed=i)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        plan = scan_folders(cat, [photos])
        victim = cat.photo_by_path(str(photos / "p2.jpg")).id
        cat.conn = _FullDisk(cat.conn, victim)
        result = Indexer(cat, IndexOptions(workers=1)).run(plan.to_index)
        assert result.indexed == 3
        assert "could not store the result" in _errors(result)["p2.jpg"] and "disk is full" in _errors(result)["p2.jpg"]
        photo = cat.photo(victim)
        assert photo.status == "pending" and "disk is full" in photo.error and cat.faces_of_photo(victim) == []
        cat.conn = cat.conn._conn
        _sound(cat)
        assert cat.stats().faces == 6
        again = scan(cat, [photos])  # space freed: the photo is retried
        assert again.indexed == 1 and cat.stats().faces == 8 and cat.stats().pending == 0


def test_disk_that_stays_full_stops_the_scan_and_keeps_what_was_stored(tmp_path, fake_nets, plain_image):
    fake_nets.faces_per_image = 3
    photos = tmp_path / "photos"
    for i in range(40):
        plain_image(photos / f"p{i:02d}.jpg", seed=i, size=(32, 24))
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        plan = scan_folders(cat, [photos])
        pages = cat.scalar("PRAGMA page_count")
        cat.execute(f"PRAGMA max_page_count = {pages + 2}")  # a real SQLITE_FULL once the file must grow
        with pytest.raises(StorageError, match="disk is full") as info:
            Indexer(cat, IndexOptions(workers=1)).run(plan.to_index)
        assert info.value.disk_full
        stored = cat.stats()
        assert 0 < stored.faces < 120 and stored.faces % 3 == 0  # whole photos only
        _sound(cat)
        for p in cat.photos(status="indexed"):
            assert len(cat.faces_of_photo(p.id)) == 3
        cat.execute("PRAGMA max_page_count = 1073741823")
        scan(cat, [photos])
        assert cat.stats().faces == 120 and cat.stats().pending == 0
        _sound(cat)


def _indexed_count(lib: Path) -> int:
    if not lib.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{lib}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM photos WHERE status = 'indexed'").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:  # schema not created yet
        return 0


def _face_signature(catalog: Catalog) -> list[tuple[str, tuple[float, ...]]]:
    """Every face as (photo file name, box rounded to 0.01 px), sorted: comparable across libraries."""
    out = []
    for photo in catalog.photos():
        for face in catalog.faces_of_photo(photo.id):
            b = face.box
            out.append((Path(photo.path).name, tuple(round(v, 2) for v in (b.x, b.y, b.width, b.height))))
    return sorted(out)


def _same_faces(a: list, b: list) -> bool:
    return len(a) == len(b) and all(
        na == nb and all(abs(x - y) < 0.05 for x, y in zip(ba, bb)) for (na, ba), (nb, bb) in zip(a, b)
    )


@pytest.mark.slow
def test_sigkill_mid_scan_then_resume_gives_the_uninterrupted_result(tmp_path, copy_people):
    photos = tmp_path / "photos"
    copy_people(photos, 6)
    shutil.copy(photos / "amy1.jpg", tmp_path / "spare.jpg")
    with Catalog.open(tmp_path / "reference.sqlite") as ref:
        scan(ref, [photos])
        expected = _face_signature(ref)
    assert len(expected) == 6

    lib = tmp_path / "lib.sqlite"
    env = {**os.environ, "FACEORGANIZER_THREADS": "1"}
    cmd = [sys.executable, "-m", "faceorganizer.cli", "scan", str(photos), "--library", str(lib), "--json"]
    kills, mid_scan, decision_face = 0, 0, None
    for _ in range(3):
        start = _indexed_count(lib)
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while proc.poll() is None and _indexed_count(lib) <= start and time.monotonic() < deadline:
            time.sleep(0.01)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        done = _indexed_count(lib)
        mid_scan += 0 < done < 6
        if decision_face is None and done:  # the user confirms a face between two interrupted runs
            with Catalog.open(lib) as cat:
                face = cat.faces_of_photo(cat.photos(status="indexed")[0].id)[0]
                ann = cat.create_person("Ann")
                cat.assign_faces([face.id], ann, "confirmed")
                cat.record_decision("confirm", face_id=face.id, person_id=ann)
                decision_face = face.id
    assert kills >= 2 and mid_scan >= 2, "the indexer was not killed mid-scan"

    final = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    assert json.loads(final.stdout)["errors"] == []
    with Catalog.open(lib) as cat:
        _sound(cat)
        got = _face_signature(cat)
        assert _same_faces(got, expected), (got, expected)
        assert len({name for name, _ in got}) == 6  # one face per photo: no duplicates
        assert cat.stats().pending == 0 and cat.stats().photos == 6
        face = cat.face(decision_face)
        assert face.state == "confirmed" and cat.person(face.person_id).name == "Ann"
        assert [d.kind for d in cat.decisions(face_id=decision_face)] == ["confirm"]
