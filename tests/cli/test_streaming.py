"""Listings stream: `people --json`, `search` (photo and face modes, JSON and text) and `status` print their
first item having read a few rows of the catalog, hold a constant amount of memory whatever the size of
the library (peak RSS of the command at 2k and 40k faces), and page with ``--limit``/``--offset``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from faceorganizer.cli import main
from faceorganizer.library.catalog import Catalog

EXPRESSIONS = ("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised")

#: Listings under test: (argv, whether they list faces one per photo or more). Every mode of `search`.
LISTINGS = [
    ["people", "--json"],
    ["people"],
    ["search", "--unnamed", "--json"],
    ["search", "--unnamed"],
    ["search", "--expression", "happy", "--json"],
    ["search", "--age", "20-40", "--gender", "female", "--json"],
    ["search", "--with", "Person 1", "--json"],
    ["search", "--any", "Person 1", "Person 2", "--json"],
    ["search", "--with", "Person 1", "--only"],
    ["people", "--jsonl"],
    ["search", "--unnamed", "--jsonl"],
]


def build(path: Path, n_faces: int, faces_per_photo: int = 3, n_people: int = 20) -> Path:
    """A synthetic library of ``n_faces`` faces (real-sized descriptors and landmarks), written with
    executemany through the real schema: a third of the faces of no one, the rest of ``n_people`` people
    (the first half named ``Person N``), dated photos of ``faces_per_photo`` faces each."""
    now = time.time()
    with Catalog.open(path) as cat:
        root = cat.add_root(str(path.parent / "photos"))
        conn = cat.conn
        n_photos = -(-n_faces // faces_per_photo)
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO photos (id, root_id, path, size, mtime_ns, width, height, orientation, taken_at, status, "
            "added_at) VALUES (?, ?, ?, 1000, 0, 4000, 3000, 1, ?, 'indexed', ?)",
            [(i + 1, root.id, f"{root.path}/IMG_{i:07d}.jpg", f"2020-01-01T00:00:{i % 60:02d}", now)
             for i in range(n_photos)],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO people (id, name, created_at) VALUES (?, ?, ?)",
            [(i + 1, f"Person {i + 1}" if i < n_people // 2 else None, now) for i in range(n_people)],
        )
        blob, marks = os.urandom(512), os.urandom(544)
        conn.executemany(
            "INSERT INTO faces (photo_id, x, y, width, height, score, landmarks, descriptor, expression, age, gender, "
            "person_id, state, created_at) VALUES (?, 10, 20, 100, 100, 0.9, ?, ?, ?, ?, ?, ?, 'auto', ?)",
            [(i // faces_per_photo + 1, marks, blob, EXPRESSIONS[i % 7], float(i % 80), ("male", "female")[i % 2],
              None if i % 3 == 0 else i % n_people + 1, now) for i in range(n_faces)],
        )  # fmt: skip
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    return path


@pytest.fixture(scope="module")
def libraries(tmp_path_factory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("listing")
    return {n: build(folder / f"lib{n}.sqlite", n) for n in (2_000, 40_000)}


class _FirstItem(Exception):
    """Raised by the stdout stand-in once the first item of a listing is written."""


class _Stdout:
    """stdout that stops the command at the first item it writes (a reader that needs only the head)."""

    def __init__(self, rows: list[int]) -> None:
        self.rows, self.text, self.rows_at_first = rows, "", -1

    def write(self, text: str) -> int:
        self.text += text
        if '"id"' in self.text or self.text.count("\n") >= 2:  # a JSON item, or a text line after a heading
            self.rows_at_first = self.rows[0]
            raise _FirstItem
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("argv", LISTINGS, ids=" ".join)
def test_the_first_item_comes_before_the_query_is_read(libraries, monkeypatch, argv):
    """Counting the rows the cursors handed out (``browse.stream``, which every listing reads through): when
    the first item is written, only a few of the 40k faces' rows have been read."""
    from faceorganizer.library.people import browse, search

    rows = [0]
    real = browse.stream

    def counting(*args: object, **kwargs: object) -> Iterator[object]:
        for row in real(*args, **kwargs):  # type: ignore[arg-type]
            rows[0] += 1
            yield row

    monkeypatch.setattr(browse, "stream", counting)
    monkeypatch.setattr(search, "stream", counting)
    out = _Stdout(rows)
    monkeypatch.setattr(sys, "stdout", out)
    with pytest.raises(_FirstItem):
        main([*argv, "--library", str(libraries[40_000])])
    assert 0 <= out.rows_at_first <= 1_000, f"{out.rows_at_first} rows read before the first item"


#: Runs the command, then writes its peak RSS (kB) to the file named first: ``VmHWM`` of its own memory, as
#: ``ru_maxrss`` (wait4, getrusage) starts from the parent's RSS at fork on Linux (pytest's, here).
_PEAK_WRAPPER = """
import atexit, runpy, sys
out = sys.argv.pop(1)
def report():
    with open("/proc/self/status") as status, open(out, "w") as f:
        f.write(next(line for line in status if line.startswith("VmHWM")).split()[1])
atexit.register(report)
sys.argv[0] = "faceorganizer"
runpy.run_module("faceorganizer.cli", run_name="__main__", alter_sys=True)
"""


def _peak_rss_mb(argv: list[str], library: Path) -> tuple[float, int]:
    """Peak RSS (MB) of the command run in a process of its own, and the bytes it printed."""
    peak = library.with_suffix(".peak")
    proc = subprocess.Popen([sys.executable, "-c", _PEAK_WRAPPER, str(peak), *argv, "--library", str(library)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)})  # fmt: skip
    assert proc.stdout is not None
    size = 0
    with proc.stdout:
        while chunk := proc.stdout.read(1 << 16):
            size += len(chunk)
    assert proc.wait(timeout=120) == 0
    return int(peak.read_text()) / 1024, size


@pytest.mark.slow
@pytest.mark.parametrize("argv", [*LISTINGS, ["status"], ["status", "--json"]], ids=" ".join)
@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the peak RSS from /proc (Linux)")
def test_memory_does_not_grow_with_the_library(libraries, argv):
    small, small_out = _peak_rss_mb(argv, libraries[2_000])
    large, large_out = _peak_rss_mb(argv, libraries[40_000])
    if argv[0] != "status" and argv != ["people"]:  # (the text listing of people shows counts, not faces)
        assert large_out > 5 * small_out  # the listing did list 20x more
    # 40k faces listed at once are ~30 MB of Python objects (people --json: 12 MB of JSON text); streamed, the
    # peak is the interpreter's and SQLite's page cache (capped at a few MB)
    assert large - small < 8, f"peak RSS {small:.0f} MB at 2k faces, {large:.0f} MB at 40k"


def _json(capsys, *argv: str) -> list[dict]:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("argv", [a for a in LISTINGS if "--json" in a], ids=" ".join)
def test_pages_put_together_are_the_whole_listing(libraries, capsys, argv):
    lib = ["--library", str(libraries[2_000])]
    whole = _json(capsys, *argv, *lib)
    assert len(whole) > 3
    pages = []
    for offset in range(0, len(whole) + 7, 7):
        pages += _json(capsys, *argv, *lib, "--limit", "7", "--offset", str(offset))
    assert pages == whole
    assert _json(capsys, *argv, *lib, "--limit", "0") == []


@pytest.mark.parametrize("argv", [["people"], ["search", "--unnamed"], ["search", "--with", "Person 1"]], ids=" ".join)
def test_json_lines_are_the_json_listing_one_item_per_line(libraries, capsys, argv):
    """``--jsonl``: the items of ``--json``, one per line, so ``| head -1`` gets the first item and no more."""
    lib = ["--library", str(libraries[2_000])]
    whole = _json(capsys, *argv, "--json", *lib)
    assert main([*argv, "--jsonl", *lib]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == whole and len(lines) > 3
