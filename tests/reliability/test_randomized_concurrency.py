"""Several processes on one library for a bounded time — scans, a watcher, person operations and readers, all
through the real CLI — then the library must be whole: integrity_check ok, no duplicate photos or faces, every
acknowledged decision present, no traceback on any stderr and no operation failing "locked".

The networks are replaced (in each process, by a launcher script) with a stand-in that finds one face per
photo, derived from its pixels: the test is about the catalog, the locks and the processes, not the models.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: How long the processes run together (seconds); each CLI process costs about a second to start.
DURATION = 25.0

LAUNCHER = """
import sys

import numpy as np

from faceorganizer.api.results import FaceResult
from faceorganizer.geometry import Box, Detection
from faceorganizer.library.indexing import photo_reader


def analyze(pixels, options=None, stages=None, nets=None):
    h, w = pixels.shape[:2]
    mean = pixels.reshape(-1, 3).mean(axis=0) / 255.0
    descriptor = np.resize(np.concatenate([mean, [0.5]]), 128).astype(np.float32)
    box = Box(w * 0.25, h * 0.25, w * 0.5, h * 0.5)
    return [FaceResult(detection=Detection(box, 0.9, w, h), descriptor=descriptor)]


photo_reader.analyze = analyze
from faceorganizer.cli import main

sys.exit(main(sys.argv[1:]))
"""


@dataclass
class Run:
    """One finished CLI process."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Background:
    """A CLI process running in the background."""

    args: list[str]
    proc: subprocess.Popen
    stdout: Path
    stderr: Path


@dataclass
class Harness:
    """Starts CLI processes on one library and keeps what each printed."""

    launcher: Path
    library: Path
    runs: list[Run] = field(default_factory=list)
    _started: itertools.count = field(default_factory=lambda: itertools.count(1000))

    def command(self, *args: str) -> list[str]:
        return [sys.executable, str(self.launcher), *args, "--library", str(self.library)]

    def run(self, *args: str, timeout: float = 120) -> Run:
        """Runs one command to its end."""
        env = {**os.environ, "PYTHONFAULTHANDLER": "1"}
        proc = subprocess.run(self.command(*args), capture_output=True, text=True, timeout=timeout, env=env)
        done = Run(list(args), proc.returncode, proc.stdout, proc.stderr)
        self.runs.append(done)
        return done

    def start(self, *args: str) -> Background:
        """Starts one command in the background, its output going to files (no pipe can fill up)."""
        n = len(self.runs) + next(self._started)
        out, err = self.library.parent / f"out{n}.txt", self.library.parent / f"err{n}.txt"
        env = {**os.environ, "PYTHONFAULTHANDLER": "1"}
        with out.open("w") as fo, err.open("w") as fe:
            proc = subprocess.Popen(self.command(*args), stdout=fo, stderr=fe, text=True, env=env)
        return Background(list(args), proc, out, err)

    def finish(self, bg: Background) -> None:
        """Records a background command that has ended."""
        returncode = bg.proc.wait()
        self.runs.append(Run(bg.args, returncode, bg.stdout.read_text(), bg.stderr.read_text()))


def _photos(folder: Path, plain_image, rng: random.Random, start: int, count: int) -> list[Path]:
    return [
        plain_image(folder / f"p{n}.jpg", seed=n, size=(rng.randint(64, 160), 64)) for n in range(start, start + count)
    ]


@pytest.mark.slow
def test_processes_on_one_library_leave_it_whole(tmp_path, plain_image):
    rng = random.Random(int(os.environ.get("FACEORGANIZER_TEST_SEED", "11")))
    launcher = tmp_path / "launch.py"
    launcher.write_text(LAUNCHER)
    library = tmp_path / "library.sqlite"
    photos = tmp_path / "photos"
    h = Harness(launcher, library)
    _photos(photos, plain_image, rng, 0, 12)
    first = h.run("scan", str(photos), "--json")
    assert first.returncode == 0, first.stderr

    with sqlite3.connect(library) as conn:
        faces = [r[0] for r in conn.execute("SELECT id FROM faces ORDER BY id")]
    assert len(faces) == 12

    watcher = h.start("watch", "--debounce", "0.2")
    scanners: list[Background] = []
    named: dict[int, str] = {}  # face id -> the name its person got, acknowledged (exit 0)
    rejected: set[int] = set()
    next_photo = 12
    deadline = time.monotonic() + DURATION
    try:
        while time.monotonic() < deadline:
            for done in [s for s in scanners if s.proc.poll() is not None]:
                h.finish(done)
                scanners.remove(done)
            scanners += [h.start("scan") for _ in range(2 - len(scanners))]
            action = rng.choice(["add", "remove", "name", "reject", "read", "read"])
            if action == "add":
                _photos(photos, plain_image, rng, next_photo, rng.randint(1, 4))
                next_photo += 4
            elif action == "remove":
                existing = sorted(photos.glob("*.jpg"))
                if len(existing) > 4:
                    rng.choice(existing).unlink()
            elif action == "name":
                free = [f for f in faces if f not in named and f not in rejected]
                if free:
                    face = rng.choice(free)
                    split = h.run("person", "split", str(face), "--new", "--json")
                    if split.returncode == 0:
                        person = json.loads(split.stdout)["person"]
                        name = f"Person {rng.randint(0, 3)}"  # repeated names merge people: also a decision
                        if h.run("person", "name", str(person), name).returncode == 0:
                            named[face] = name
            elif action == "reject":
                free = [f for f in faces if f not in named and f not in rejected]
                if free:
                    face = rng.choice(free)
                    if h.run("person", "reject", str(face)).returncode == 0:
                        rejected.add(face)
            else:
                h.run(*rng.choice([["people"], ["status"], ["search", "--unnamed"]]), "--json")
    finally:
        for s in scanners:
            s.proc.wait(timeout=120)
            h.finish(s)
        watcher.proc.send_signal(signal.SIGTERM)
        try:
            watcher.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            watcher.proc.kill()
            watcher.proc.wait()
            pytest.fail(f"watch did not stop on SIGTERM within 30 s; stderr: {watcher.stderr.read_text()[-2000:]}")
        h.finish(watcher)

    last = h.run("scan", "--json")  # settles what the last removals and additions changed
    assert last.returncode == 0, last.stderr
    for run in h.runs:
        assert "Traceback" not in run.stderr, f"{run.args}: {run.stderr[-3000:]}"
        assert "locked" not in run.stderr.lower(), f"{run.args} failed locked: {run.stderr[-1000:]}"
        if run.args[0] != "watch":
            assert run.returncode == 0, f"{run.args} exited {run.returncode}: {run.stderr[-1000:]}"
    assert named or rejected, "no decision was taken: the run proves nothing"

    conn = sqlite3.connect(library)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        dup_paths = conn.execute("SELECT path FROM photos GROUP BY path HAVING count(*) > 1").fetchall()
        assert dup_paths == []
        on_disk = {str(p) for p in photos.glob("*.jpg")}
        in_catalog = {r[0] for r in conn.execute("SELECT path FROM photos WHERE status != 'missing'")}
        assert on_disk <= in_catalog
        per_photo = conn.execute(
            "SELECT photo_id FROM faces WHERE source != 'manual' GROUP BY photo_id HAVING count(*) > 1"
        ).fetchall()
        assert per_photo == [], "a photo's faces were stored twice"
        for face, name in named.items():
            row = conn.execute(
                "SELECT f.state, p.name FROM faces f LEFT JOIN people p ON p.id = f.person_id WHERE f.id = ?", (face,)
            ).fetchone()
            if row is None:  # its photo was removed from disk and the face with it
                continue
            assert row == ("confirmed", name), f"face {face}: named {name!r}, now {row}"
        for face in rejected:  # "not this person": the face is free, and never again that person's
            row = conn.execute("SELECT state, person_id FROM faces WHERE id = ?", (face,)).fetchone()
            sql = "SELECT person_id FROM decisions WHERE kind = 'reject' AND face_id = ?"
            not_of = {r[0] for r in conn.execute(sql, (face,))}
            assert not_of, f"face {face}: its rejection was lost"
            assert row is None or row[0] == "rejected" or row[1] not in not_of, f"face {face}: back with {row}"
    finally:
        conn.close()
