"""`faceorganizer people` and `search` on big libraries: memory and work bounded by what is printed.

The listings used to build the whole result (every face with its descriptor and landmarks) before printing
the first line: 430 MB for `people --json` and 1 GB for `search --unnamed` on 100k photos. They now stream
rows from the query cursor and page in SQL (``--limit``/``--offset``). These tests compare two runs in
the same process (a ratio, not an absolute time): Python's peak allocation must not grow with the library,
and a ``--limit`` page must cost the database about the same on a library ten times larger.

Run as a script to build a synthetic catalog for measuring by hand (see the report of issue 11):
``python tests/reliability/test_listing_scale.py LIBRARY.sqlite 100000``.
"""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

import numpy as np
import pytest

from faceorganizer.cli import main
from faceorganizer.library.catalog import Catalog

EXPRESSIONS = ("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised")


def build_catalog(path: Path, photos: int, *, faces_per_photo: int = 2, people: int | None = None) -> None:
    """A catalog of ``photos`` photos with ``faces_per_photo`` faces each (with landmarks, descriptor and
    expressions, as the indexer stores them), a tenth of the faces of no one, the rest spread over
    ``people`` people (default: one per 50 photos), a tenth of them named. Written with executemany in
    one transaction: 100k photos take about half a minute."""
    people = people or max(2, photos // 50)
    rng = np.random.default_rng(0)
    landmarks = rng.random((68, 2), dtype=np.float32).tobytes()
    descriptor = rng.random(128, dtype=np.float32).tobytes()
    now = time.time()
    with Catalog.open(path) as cat, cat.transaction():
        cat.executemany(
            "INSERT INTO people (id, name, hidden, created_at) VALUES (?, ?, 0, ?)",
            ((i, f"Person {i}" if i % 10 == 0 else None, now) for i in range(1, people + 1)),
        )
        cat.executemany(
            "INSERT INTO photos (id, path, size, mtime_ns, width, height, taken_at, status, added_at) "
            "VALUES (?, ?, 1000, 0, 4000, 3000, ?, 'indexed', ?)",
            ((i, f"/photos/{i // 1000:03d}/IMG_{i:06d}.jpg", f"20{10 + i % 15}-01-01T00:00:00", now)
             for i in range(1, photos + 1)),
        )  # fmt: skip

        def faces() -> Iterator[tuple]:
            for n in range(photos * faces_per_photo):
                person = None if n % 10 == 0 else 1 + n % people
                expressions = json.dumps({e: 1.0 / 7 for e in EXPRESSIONS})
                yield (n // faces_per_photo + 1, 100.0 + n % 7, 200.0, 150.0, 150.0, 0.9, landmarks, descriptor,
                       expressions, EXPRESSIONS[n % 7], 20.0 + n % 50, ("male", "female")[n % 2], 0.9, 150.0,
                       person, now)  # fmt: skip

        cat.executemany(
            "INSERT INTO faces (photo_id, x, y, width, height, score, landmarks, descriptor, expressions, expression,"
            " age, gender, gender_probability, quality, person_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            faces(),
        )


class Sink(io.TextIOBase):
    """A stdout that keeps nothing: counts what is written."""

    def __init__(self) -> None:
        self.chars = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


@pytest.fixture(scope="module")
def libraries(tmp_path_factory) -> dict[int, str]:
    """Photo count -> a library of that many photos (two faces each), one person per 50 photos: a person
    has as many faces in a small library as in a big one."""
    folder = tmp_path_factory.mktemp("scale")
    for photos in (1000, 10000):
        build_catalog(folder / f"lib{photos}.sqlite", photos)
    return {photos: str(folder / f"lib{photos}.sqlite") for photos in (1000, 10000)}


@pytest.fixture(scope="module")
def crowded(tmp_path_factory) -> dict[int, str]:
    """Photo count -> a library of that many photos (two faces each) of the same 20 people: every person
    has four times the faces in the 4000-photo library."""
    folder = tmp_path_factory.mktemp("crowded")
    for photos in (1000, 4000):
        build_catalog(folder / f"lib{photos}.sqlite", photos, people=20)
    return {photos: str(folder / f"lib{photos}.sqlite") for photos in (1000, 4000)}


def peak_memory(*argv: str) -> tuple[int, int]:
    """(peak bytes Python allocated, characters printed) while the command runs, stdout thrown away."""
    with redirect_stdout(Sink()):
        assert main(list(argv)) == 0  # once for the imports and caches
    sink = Sink()
    tracemalloc.start()
    try:
        with redirect_stdout(sink):
            assert main(list(argv)) == 0
        return tracemalloc.get_traced_memory()[1], sink.chars
    finally:
        tracemalloc.stop()


LISTINGS = [
    ("people", "--json"),
    ("people",),
    ("search", "--unnamed", "--json"),
    ("search", "--unnamed"),
    ("search", "--age", "0-", "--json"),
    ("search", "--any", "1", "2", "3", "--json"),
]


@pytest.mark.parametrize("argv", LISTINGS, ids=" ".join)
def test_a_whole_listing_is_printed_in_constant_memory(crowded, argv):
    small, small_out = peak_memory(*argv, "--library", crowded[1000])
    big, big_out = peak_memory(*argv, "--library", crowded[4000])
    if argv != ("people",):  # the text listing of people counts their faces: 20 lines either way
        assert big_out > 3 * small_out  # four times the results printed...
    assert big < 1.5 * small, f"peak {small / 1e6:.1f} MB -> {big / 1e6:.1f} MB"  # ...not four times the memory


@contextmanager
def database_work(monkeypatch) -> Iterator[list[int]]:
    """Counts the SQLite virtual-machine steps (in thousands) of every connection opened inside."""
    steps = [0]
    connect = sqlite3.connect

    def counting(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_progress_handler(lambda: steps.__setitem__(0, steps[0] + 1), 1000)
        return conn

    monkeypatch.setattr(sqlite3, "connect", counting)
    yield steps
    monkeypatch.setattr(sqlite3, "connect", connect)


def work(monkeypatch, *argv: str, out: io.TextIOBase | None = None) -> tuple[int, str]:
    """(SQLite steps in thousands, what was printed) of the command, printing into ``out`` if given."""
    out = out or io.StringIO()
    with database_work(monkeypatch) as steps, redirect_stdout(out):
        assert main(list(argv)) == 0
    return steps[0], out.getvalue() if isinstance(out, io.StringIO) else ""


class ClosedPipe(Sink):
    """A stdout whose reader goes away after 10 kB (``| head``): writing then raises BrokenPipeError."""

    def __init__(self, devnull: Path) -> None:
        super().__init__()
        self.devnull = devnull.open("w")  # the command points its stdout's descriptor at /dev/null

    def fileno(self) -> int:
        return self.devnull.fileno()

    def write(self, text: str) -> int:
        if self.chars > 10_000:
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


@pytest.mark.parametrize("argv", [("people", "--json"), ("search", "--unnamed", "--json"), ("search", "--unnamed")],
                         ids=" ".join)  # fmt: skip
def test_output_starts_before_the_whole_result_is_built(libraries, monkeypatch, tmp_path, argv):
    """(Not photo searches by people: without ``--limit`` they sort their candidates in SQL first.)"""
    whole, _ = work(monkeypatch, *argv, "--library", libraries[10000])
    pipe = ClosedPipe(tmp_path / "devnull")
    early, _ = work(monkeypatch, *argv, "--library", libraries[10000], out=pipe)
    pipe.devnull.close()
    assert pipe.chars > 10_000 and early < whole / 5, (early, whole)  # `| head` stops the query too


@pytest.mark.parametrize(
    "argv",
    [("people", "--json", "--limit", "5", "--offset", "3"), ("people", "--limit", "5", "--offset", "3"),
     ("search", "--unnamed", "--json", "--limit", "5", "--offset", "3")],
    ids=" ".join,
)  # fmt: skip
def test_a_page_costs_the_same_on_a_library_ten_times_larger(libraries, monkeypatch, argv):
    small, small_out = work(monkeypatch, *argv, "--library", libraries[1000])
    big, big_out = work(monkeypatch, *argv, "--library", libraries[10000])
    if "--json" in argv:
        assert len(json.loads(small_out)) == len(json.loads(big_out)) == 5
    else:
        assert len(small_out.splitlines()) == len(big_out.splitlines()) == 1 + 5 + 1
    whole, _ = work(monkeypatch, *argv[:-4], "--library", libraries[10000])
    assert big < 2 * small + 50 and big < whole / 10, (small, big, whole)


def test_pages_of_people_add_up_to_the_whole_listing(libraries, capsys):
    lib = libraries[1000]
    assert main(["people", "--json", "--library", lib]) == 0
    whole = json.loads(capsys.readouterr().out)
    assert len(whole) == 20 + 1 and whole[-1]["id"] is None  # 20 people, then the faces of no one
    pages = []
    for offset in range(0, 25, 8):
        assert main(["people", "--json", "--limit", "8", "--offset", str(offset), "--library", lib]) == 0
        pages += json.loads(capsys.readouterr().out)
    assert pages == whole


if __name__ == "__main__":
    build_catalog(Path(sys.argv[1]), int(sys.argv[2]))
    raise SystemExit(0)
