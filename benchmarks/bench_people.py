"""People at scale (issue 13): the first clustering of a library, and the incremental updates after it.

The library: ``--faces`` synthetic detector faces (bench_clustering.py's descriptors: people of 1..~200 faces,
heavy-tailed, 10% one-off strangers; 4 faces per photo), written with executemany, all free, as after a first
scan. Then, in this process:

- ``cluster_s``: the first ``People.update()`` (a full pass: matching, nothing to match yet, and clustering);
- ``rematch_after_names_s``: ``--names`` of the biggest people are named (each a user action), and the next
  update matches every free face against them (what follows the user's actions);
- ``update_after_add_s``: ``--add`` new faces (of existing identities, and some strangers) are stored as a
  scan stores them, then ``People.update()``: incremental, in proportion to the new faces;
- ``update_nothing_new_s``: ``People.update()`` again, nothing new.

Printed: one JSON line with those figures, ``peak_rss_mb`` (this process's maximum resident set) and the
counts. Goals at 100,000 faces: update after adding 70 faces < 1 s, with nothing new < 0.2 s; at 1,000,000
faces: full clustering < 5 min, peak RSS < 4 GB.

    python benchmarks/bench_people.py --faces 100000
    python benchmarks/bench_people.py --faces 1000000 --names 0
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_clustering import synthetic_descriptors  # noqa: E402

from faceorganizer.library.catalog import Catalog  # noqa: E402
from faceorganizer.library.people import People  # noqa: E402


def _insert_faces(cat: Catalog, vectors: np.ndarray, first_photo: int) -> None:
    """Detector faces, 4 per photo, as a scan stores them (the schema's trigger marks them new for people)."""
    now = time.time()
    blobs = [row.tobytes() for row in vectors.astype("<f4")]
    photos = (len(blobs) + 3) // 4
    with cat.transaction():
        cat.executemany(
            "INSERT INTO photos (id, path, size, mtime_ns, status, added_at) VALUES (?, ?, 1, 1, 'indexed', ?)",
            ((first_photo + i, f"/photos/IMG_{first_photo + i:07d}.jpg", now) for i in range(photos)),
        )
        cat.executemany(
            "INSERT INTO faces (photo_id, x, y, width, height, score, descriptor, quality, state, source, "
            "created_at) VALUES (?, ?, 100, 120, 120, 0.9, ?, 120, 'auto', 'detector', ?)",
            ((first_photo + i // 4, 150 * (i % 4), blobs[i], now) for i in range(len(blobs))),
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--faces", type=int, default=100_000)
    ap.add_argument("--add", type=int, default=70, help="new faces for the incremental update")
    ap.add_argument("--names", type=int, default=200, help="people named before the incremental update")
    ap.add_argument("--db", type=Path, default=Path("/tmp/bench_people.sqlite"))
    args = ap.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    x, truth = synthetic_descriptors(args.faces + args.add, seed=0)
    old, new = x[: args.faces], x[args.faces :]
    out: dict[str, object] = {"faces": args.faces, "added": args.add, "named": args.names,
                              "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE")}  # fmt: skip
    with Catalog.open(args.db) as cat:
        cat.conn.execute("PRAGMA synchronous = OFF")
        t = time.perf_counter()
        _insert_faces(cat, old, 1)
        out["build_s"] = round(time.perf_counter() - t, 2)
        people = People(cat)
        t = time.perf_counter()
        first = people.update()
        out["cluster_s"] = round(time.perf_counter() - t, 2)
        out["people"] = first.people_created
        if args.names:
            biggest = [p.id for p in sorted(cat.people(), key=lambda p: -p.face_count)[: args.names]]
            for i, pid in enumerate(biggest):
                people.name(pid, f"Person {i:04d}")
            t = time.perf_counter()
            people.update()
            out["rematch_after_names_s"] = round(time.perf_counter() - t, 2)
        _insert_faces(cat, new, args.faces)  # photo ids from args.faces on: past every photo above
        t = time.perf_counter()
        added = people.update()
        out["update_after_add_s"] = round(time.perf_counter() - t, 3)
        out["add_changed"] = added.faces_changed
        t = time.perf_counter()
        people.update()
        out["update_nothing_new_s"] = round(time.perf_counter() - t, 4)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
