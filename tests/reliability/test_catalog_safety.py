"""The catalog protects what it holds: a deleted write-ahead log is caught, backups roll, the file is private,
and a library that cannot be written still opens for reading.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from faceorganizer.library.catalog import Catalog, StorageError, schema

#: Holds the library open (as a long scan does) while the test deletes its -wal and -shm.
_CHILD_WRITER = """
import sys
from faceorganizer.library.catalog import Catalog, StorageError
cat = Catalog.open(sys.argv[1])
cat.set_setting("before", 1)  # acknowledged: it is in the -wal, not yet in the library file
print("ready", flush=True)
sys.stdin.readline()
try:
    cat.set_setting("after", 2)
    print("ok", flush=True)
except StorageError as exc:
    print("error", exc, flush=True)
sys.stdin.readline()
cat.close()
"""


#: A scan whose one photo's analysis waits for a line on stdin (the test deletes the log meanwhile).
_CHILD_SCAN = """
import sys
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import IndexOptions, photo_reader, scan

def waiting_analyze(pixels, options=None, stages=None, nets=None):
    print("analysing", flush=True)
    sys.stdin.readline()
    return []

photo_reader.analyze = waiting_analyze
with Catalog.open(sys.argv[1]) as cat:
    try:
        scan(cat, [sys.argv[2]], IndexOptions(workers=1))
        print("scan: ok", flush=True)
    except Exception as exc:
        print("scan:", type(exc).__name__, flush=True)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), *sys.path) if p)
    return env


def _settings(lib: Path) -> dict[str, str]:
    conn = sqlite3.connect(lib)
    try:
        return dict(conn.execute("SELECT key, value FROM settings").fetchall())
    finally:
        conn.close()


def _mode(path: str | Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_deleted_wal_is_reported_and_acknowledged_writes_reach_the_library(tmp_path):
    """Defect: deleting library.sqlite-wal/-shm while a scan wrote lost acknowledged writes, silently."""
    lib = tmp_path / "lib.sqlite"
    Catalog.open(lib).close()
    writer = subprocess.Popen([sys.executable, "-c", _CHILD_WRITER, str(lib)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())  # fmt: skip
    assert writer.stdin is not None and writer.stdout is not None
    try:
        assert writer.stdout.readline().strip() == "ready"
        os.remove(f"{lib}-wal")
        os.remove(f"{lib}-shm")
        writer.stdin.write("\n")
        writer.stdin.flush()
        answer = writer.stdout.readline()
        assert answer.startswith("error") and "write-ahead log" in answer and "was deleted" in answer, answer
        # while the writer is still open: what it acknowledged is in the library file, not only in the lost log
        assert _settings(lib).get("before") == "1"
    finally:
        writer.stdin.write("\n")
        writer.stdin.close()
        writer.wait(30)
        assert writer.stderr is not None
        err = writer.stderr.read()
        writer.stdout.close()
        writer.stderr.close()
    assert writer.returncode == 0, err
    assert _settings(lib) == {"before": "1"}  # the refused write did not happen behind the user's back


def test_no_write_is_acknowledged_while_a_scan_writes_into_a_deleted_log(tmp_path, plain_image):
    """The user's report: with a scan running, -wal/-shm deleted, `person name` printed success and the
    name was gone afterwards. Now that write is refused (and the scan stops) instead."""
    photos = tmp_path / "photos"
    plain_image(photos / "a.jpg")
    lib = tmp_path / "lib.sqlite"
    Catalog.open(lib).close()
    scanner = subprocess.Popen([sys.executable, "-c", _CHILD_SCAN, str(lib), str(photos)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())  # fmt: skip
    assert scanner.stdin is not None and scanner.stdout is not None
    try:
        assert scanner.stdout.readline().strip() == "analysing"
        os.remove(f"{lib}-wal")
        os.remove(f"{lib}-shm")
        with Catalog.open(lib) as cat:  # as `faceorganizer person name` does
            with pytest.raises(StorageError, match="write-ahead log"):
                cat.create_person("Ann")
        scanner.stdin.write("\n")
        scanner.stdin.flush()
        assert scanner.stdout.readline().strip() == "scan: WalLostError"
    finally:
        scanner.stdin.close()
        scanner.wait(30)
        assert scanner.stderr is not None
        scanner.stdout.close()
        scanner.stderr.close()
    with Catalog.open(lib, read_only=True) as cat:
        assert cat.people() == [] and cat.integrity_check() == ["ok"]


def test_library_and_its_companions_are_private(tmp_path):
    """Defect: the library (face descriptors: biometric data) was created 0644, readable by every user."""
    old = os.umask(0o022)
    try:
        lib = tmp_path / "new" / "lib.sqlite"
        with Catalog.open(lib) as cat:
            cat.set_setting("x", 1)
            assert [_mode(lib), _mode(f"{lib}-wal"), _mode(f"{lib}-shm")] == [0o600, 0o600, 0o600]
            from faceorganizer.library.catalog import backup

            copy = backup(cat)
        assert _mode(copy) == 0o600 and _mode(copy.parent) == 0o700 and _mode(lib.parent) == 0o700
    finally:
        os.umask(old)


def test_read_only_library_still_opens_for_reading(tmp_path):
    """Defect: a read-only library file could not be opened at all by the app (it opened it writable);
    now it is read, and a change fails with the reason."""
    from faceorganizer.gui.services import LibraryService

    lib = tmp_path / "lib.sqlite"
    with Catalog.open(lib) as cat:
        cat.add_root(tmp_path)
        pid = cat.create_person("Ann")
    os.chmod(lib, 0o444)
    try:
        service = LibraryService(lib, runner=None)  # type: ignore[arg-type]  # blocking calls only
        assert len(service.roots()) == 1 and [p.name for p in service.people()] == ["Ann"]
        with service.catalog() as cat:
            assert cat.read_only and cat.stats().people == 1
        with pytest.raises(StorageError, match="read-only") as info:
            service.rename(pid, "Bea")
        assert info.value.read_only and str(lib) in str(info.value)
    finally:
        os.chmod(lib, 0o600)
    with Catalog.open(lib) as cat:
        assert cat.person(pid).name == "Ann"


def test_scan_leaves_a_checked_backup_and_old_ones_roll_off(tmp_path, fake_nets, plain_image):
    """No backups existed: a damaged or deleted library lost every name and decision."""
    from faceorganizer.library.catalog import backup, list_backups
    from faceorganizer.library.indexing import scan

    photos = tmp_path / "photos"
    for i in range(3):
        plain_image(photos / f"p{i}.jpg", seed=i)
    lib = tmp_path / "lib.sqlite"
    with Catalog.open(lib) as cat:
        scan(cat, [photos])
        (first,) = list_backups(lib)
        with Catalog.open(first, read_only=True) as copy:
            assert copy.integrity_check() == ["ok"] and copy.stats().photos == 3 and copy.stats().faces == 3
        scan(cat, [photos])  # nothing changed, and the daily one exists: no new backup
        assert list_backups(lib) == [first]
        for _ in range(6):
            backup(cat)
        kept = list_backups(lib)
        assert len(kept) == 5 and first not in kept


def test_migration_is_preceded_by_a_backup_and_a_backup_restores(tmp_path):
    from faceorganizer.library.catalog import list_backups, restore

    lib = tmp_path / "lib.sqlite"
    conn = sqlite3.connect(lib, isolation_level=None)
    for statement in schema.statements(schema.V1):
        conn.execute(statement)
    conn.execute("INSERT INTO settings (key, value) VALUES ('who', '\"1.0\"')")
    conn.execute(f"PRAGMA user_version = {schema.SchemaVersion(1, 0).to_int()}")
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.close()
    with Catalog.open(lib) as cat:
        assert cat.schema_version == schema.CURRENT
        cat.set_setting("who", "changed")
    (before,) = list_backups(lib)
    assert f"before-{schema.CURRENT}" in before.name
    copy = sqlite3.connect(before)  # the untouched 1.0 file
    assert copy.execute("PRAGMA user_version").fetchone()[0] == schema.SchemaVersion(1, 0).to_int()
    copy.close()
    saved = restore(lib, before)
    assert saved is not None and saved.exists()
    with Catalog.open(lib) as cat:  # restored, then migrated again on open
        assert cat.setting("who") == "1.0" and cat.schema_version == schema.CURRENT


def test_a_scan_stops_at_once_when_its_wal_is_deleted(tmp_path, fake_nets, plain_image, monkeypatch):
    """The scan's side of the defect: it went on writing into the deleted log. Now its next write
    raises WalLostError (not three retries per photo) and what it had committed is in the library file."""
    from faceorganizer.library.indexing import IndexOptions, photo_reader, scan

    photos = tmp_path / "photos"
    for i in range(6):
        plain_image(photos / f"p{i}.jpg", seed=i)
    lib = tmp_path / "lib.sqlite"

    def delete_the_log_then_analyse(*args, **kwargs):
        for companion in (f"{lib}-wal", f"{lib}-shm"):
            if os.path.exists(companion):
                os.remove(companion)
        return fake_nets(*args, **kwargs)

    monkeypatch.setattr(photo_reader, "analyze", delete_the_log_then_analyse)
    with Catalog.open(lib) as cat:
        with pytest.raises(StorageError, match="write-ahead log") as info:
            scan(cat, [photos], IndexOptions(workers=1))
        assert type(info.value).__name__ == "WalLostError"
        assert fake_nets.calls <= 2  # in flight when the log went; no photo after
        reader = subprocess.run(  # another process, while this one still has the library open
            [sys.executable, "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("
             "'SELECT count(*) FROM photos').fetchone()[0])", str(lib)],
            capture_output=True, text=True, env=_env(), check=True,
        )  # fmt: skip
        assert reader.stdout.strip() == "6"  # the walk's rows, committed before the log went, were saved


def test_backup_and_restore_commands(tmp_path, capsys):
    from faceorganizer.cli import main

    lib = tmp_path / "lib.sqlite"
    with Catalog.open(lib) as cat:
        pid = cat.create_person("Ann")
    assert main(["backup", "--library", str(lib), "--json"]) == 0
    made = json.loads(capsys.readouterr().out)["created"]
    with Catalog.open(lib) as cat:
        cat.rename_person(pid, "Bea")
    assert main(["backup", "--list", "--library", str(lib)]) == 0
    assert os.path.basename(made) in capsys.readouterr().out
    assert main(["restore", made, "--library", str(lib)]) == 0
    assert "restored" in capsys.readouterr().out
    with Catalog.open(lib, read_only=True) as cat:
        assert cat.person(pid).name == "Ann"
    assert main(["restore", str(tmp_path / "nothing.sqlite"), "--library", str(lib)]) == 1
    assert "no backup at" in capsys.readouterr().err
