"""Several processes on one library, as SQLite's WAL mode promises they may be: first opens and migrations
at once, readers during a long write, two scans of one library.

Each scenario runs real processes (``subprocess``, started together at an agreed time) because the
defects lie between processes: SQLite's locks, the schema version read before the write lock, the
scan lock. The child programs are the ``_CHILD_*`` strings below.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from faceorganizer.library.catalog import Catalog, schema

_CHILD_OPEN = """
import sys, time
from faceorganizer.library.catalog import Catalog
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
with Catalog.open(sys.argv[1]) as cat:
    print(cat.schema_version, len(cat.roots()))
"""

_CHILD_SCAN = """
import json, sys, time
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import photo_reader, scan

calls = 0

def fake_analyze(pixels, options=None, stages=None, nets=None):  # model work: slow, no faces
    global calls
    calls += 1
    time.sleep(0.1)
    return []

photo_reader.analyze = fake_analyze
time.sleep(max(0.0, float(sys.argv[3]) - time.time()))
with Catalog.open(sys.argv[1]) as cat:
    summary = scan(cat, [sys.argv[2]])
print(json.dumps({"calls": calls, "indexed": summary.indexed, "seen": summary.seen}))
"""

_CHILD_HOLD_WRITE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO settings (key, value) VALUES ('long-write', '1')")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), *sys.path) if p)
    return env


def _together(code: str, argvs: list[list[str]], timeout: float = 120) -> list[subprocess.CompletedProcess]:
    """Run ``code`` once per argv, all starting at the same moment (passed as their last argument)."""
    start = str(time.time() + 1.5)  # time for every interpreter to import first
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, *argv, start],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )  # fmt: skip
        for argv in argvs
    ]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=timeout)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


def _v1_0_library(path: Path) -> None:
    """A library as faceorganizer 1.0 left it (schema 1.0, one root), for the migration race."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for statement in schema.statements(schema.V1):
        conn.execute(statement)
    conn.execute("INSERT INTO roots (path, added_at) VALUES ('/photos', 0)")
    conn.execute(f"PRAGMA user_version = {schema.SchemaVersion(1, 0).to_int()}")
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.close()


@pytest.mark.parametrize("start", ["new", "schema 1.0"])
def test_first_opens_and_migrations_at_once_all_succeed(tmp_path, start):
    """Defect: 'table roots already exists' / 'index photos_order already exists' when two processes
    create or migrate one library together (both read the old version before the write lock)."""
    for trial in range(3):
        lib = tmp_path / f"lib{trial}.sqlite"
        if start != "new":
            _v1_0_library(lib)
        runs = _together(_CHILD_OPEN, [[str(lib)]] * 4)
        for r in runs:
            assert r.returncode == 0, r.stderr
            assert r.stdout.split() == [str(schema.CURRENT), "0" if start == "new" else "1"]
        with Catalog.open(lib, read_only=True) as cat:
            assert cat.integrity_check() == ["ok"] and cat.schema_version == schema.CURRENT


def test_opening_waits_for_no_write(tmp_path):
    """Defect: while another process holds a long write, the library could not even be opened (the
    writable open took the write lock) and the GUI's reads (opened writable) waited, then failed."""
    from faceorganizer.gui.services import LibraryService

    lib = tmp_path / "lib.sqlite"
    with Catalog.open(lib) as cat:
        cat.add_root(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", _CHILD_HOLD_WRITE, str(lib)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=_env())  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        t0 = time.monotonic()
        with Catalog.open(lib, timeout=3) as cat:  # a writable open of an up-to-date library
            assert len(cat.roots()) == 1
        with Catalog.open(lib, read_only=True, timeout=3) as cat:
            assert cat.stats().photos == 0
        service = LibraryService(lib, runner=None)  # type: ignore[arg-type]  # blocking calls only
        assert len(service.roots()) == 1 and service.stats().photos == 0 and service.people() == []
        elapsed = time.monotonic() - t0
        assert elapsed < 2.0, f"reads waited {elapsed:.1f}s for the writer"
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(30)
        assert holder.stdout is not None
        holder.stdout.close()
    assert holder.returncode == 0


def test_two_scans_of_one_library_do_the_work_once(tmp_path, plain_image):
    """Defect: a second scan of the same library redid all the model work (48 analyses for 24 photos
    here), or died with 'UNIQUE constraint failed: photos.path' when the walks overlapped. Now the
    second waits for the first and finds nothing to do."""
    photos = tmp_path / "photos"
    for i in range(24):
        plain_image(photos / f"p{i:02d}.jpg", seed=i)
    lib = tmp_path / "lib.sqlite"
    Catalog.open(lib).close()  # created beforehand: this is about the scans, not the first open
    runs = _together(_CHILD_SCAN, [[str(lib), str(photos)]] * 2)
    for r in runs:
        assert r.returncode == 0, r.stderr
    results = [json.loads(r.stdout) for r in runs]
    assert sum(r["calls"] for r in results) == 24  # each photo analysed once, by one of them
    assert sorted(r["indexed"] for r in results) == [0, 24]
    assert [r["seen"] for r in results] == [24, 24]
    assert any("another scan" in r.stderr for r in runs)  # the one that waited said why
    with Catalog.open(lib, read_only=True) as cat:
        assert cat.stats().photos == 24 and cat.stats().pending == 0 and len(cat.roots()) == 1


def test_a_photo_added_by_another_connection_meanwhile_is_not_an_error(tmp_path):
    """The race behind the UNIQUE failure, made deterministic: scan B decided a file is new, scan A
    committed it first; B's insert now gets A's row instead of crashing."""
    lib = tmp_path / "lib.sqlite"
    with Catalog.open(lib) as a, Catalog.open(lib) as b:
        root = a.add_root(tmp_path)
        assert b.add_root(tmp_path) == root  # the same folder from two scans: one root
        first = a.add_photo(root.id, str(tmp_path / "x.jpg"), 1, 1)
        with b.transaction():
            assert b.add_photo(root.id, str(tmp_path / "x.jpg"), 1, 1) == first
        assert [p.id for p in b.photos()] == [first]
