"""How the automatic steps (clustering, matching) read the library and write their results without
locking the user out: read once, compute with no transaction open, write in short optimistic batches.

SQLite has one writer at a time. Computing the clustering of a 400k-face library takes minutes; done
inside the write transaction it made every ``person`` command of the user fail with "database is
locked". So each step

1. reads what it needs (:func:`snapshot`: one read transaction, which in WAL mode blocks no writer;
   :func:`described_faces` drops descriptors that are not 128 finite float32 values, e.g. NaN rows an
   older version stored, so that one bad face cannot stop every later scan);
2. computes with no transaction open;
3. writes its changes with :func:`apply_changes`: transactions of at most ~``BATCH_SECONDS`` each,
   with a pause of ``PAUSE_SECONDS`` between them, longer than the poll interval of SQLite's busy
   handler at that point, so a waiting writer always gets its turn; each face is changed only if it
   is still exactly as read (same person, same state, its person still unnamed, the target person
   still there and of the expected kind, not rejected from it), so a decision the user made
   meanwhile always wins. A face left out this way is counted as skipped; the next run sees it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ..catalog import Catalog

log = logging.getLogger("faceorganizer.library.people")

#: A write transaction of an automatic step stops taking more rows once it has run this long.
BATCH_SECONDS = 0.04
#: Rows written per statement inside a batch (the time budget is checked between statements: 5-10 ms).
CHUNK_ROWS = 64
#: Pause between two batches. SQLite's busy handler retries after sleeps of 1, 2, 5, 10, 15, 20, 25, 25,
#: 25 ms (then 50, 50, 100...): a writer that began waiting during the last batch (< 128 ms ago) retries at
#: least every 25 ms, so a pause of twice that is sure to give it the lock.
PAUSE_SECONDS = 0.05
#: Page cache of the connection while it writes (KiB; SQLite's default is 2 MiB): the rows an automatic step
#: changes are spread over the whole faces table and its indexes.
CACHE_KIB = 65536
#: While it writes, the connection checkpoints the write-ahead log itself, after every this many batches and
#: in the pause (PASSIVE: holding no lock others wait for), instead of SQLite doing it inside each commit
#: once the log passes 1000 pages (which tripled the time of a commit at 400k faces).
CHECKPOINT_EVERY = 8
#: Bytes of a stored descriptor: float32 [128], little-endian.
DESCRIPTOR_BYTES = 128 * 4

# Change the face only if it is still as read (?4 person, ?5 state) and free for the automatic steps
# (suggested, or of no person / an unnamed one), the target person ?1 exists and is unnamed (?6 = 0,
# clustering) or named (?6 = 1, matching), and the user never said the face is not ?1.
_UPDATE = (
    "UPDATE faces SET person_id = ?1, state = ?2 WHERE id = ?3 AND person_id IS ?4 AND state = ?5 "
    "AND (?5 = 'suggested' OR person_id IS NULL "
    "     OR EXISTS (SELECT 1 FROM people WHERE id = faces.person_id AND name IS NULL)) "
    "AND (?1 IS NULL OR EXISTS (SELECT 1 FROM people WHERE id = ?1 AND (name IS NOT NULL) = ?6)) "
    "AND NOT EXISTS (SELECT 1 FROM decisions WHERE face_id = ?3 AND kind = 'reject' AND person_id = ?1)"
)


class Change(NamedTuple):
    """Move face ``face_id`` from (``old_person``, ``old_state``), as read, to (``new_person``, ``new_state``).

    A negative ``new_person`` stands for a person still to be created (one per distinct negative value).
    """

    face_id: int
    old_person: int | None
    old_state: str
    new_person: int | None
    new_state: str


@dataclass
class ApplyStats:
    """What :func:`apply_changes` did: faces changed and skipped (the user changed them meanwhile),
    people created, transactions and the longest one in seconds."""

    applied: int = 0
    skipped: int = 0
    created: int = 0
    transactions: int = 0
    longest_s: float = 0.0


@contextmanager
def snapshot(catalog: Catalog) -> Iterator[None]:
    """One read transaction (``BEGIN DEFERRED``): the reads inside see one state of the library and
    block no writer (WAL). Inside a caller's transaction, reads simply join it."""
    if catalog.in_transaction or catalog.conn.in_transaction:
        yield
        return
    with catalog.errors("read"):  # on the connection itself: a read, not one of the catalog's writes
        catalog.conn.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        if catalog.conn.in_transaction:
            with catalog.errors("read"):
                catalog.conn.execute("COMMIT")  # nothing was written: this only ends the read


def described_faces(catalog: Catalog, sql: str, params: Sequence[Any] = ()) -> tuple[list[tuple], np.ndarray]:
    """Rows of ``sql`` (its last column the descriptor BLOB) without that column, and their
    descriptors float32 [n, 128]. Rows whose descriptor is missing, of the wrong size or not finite
    (NaN/inf) are left out, with a warning: they can be neither clustered nor matched."""
    rows = catalog.query(sql, params)
    kept = [r for r in rows if r[-1] is not None and len(r[-1]) == DESCRIPTOR_BYTES]
    vectors = np.frombuffer(b"".join(r[-1] for r in kept), dtype="<f4").reshape(len(kept), 128)
    finite = np.isfinite(vectors).all(axis=1)
    if len(kept) < len(rows) or not finite.all():
        bad = [r[0] for r in rows if r[-1] is None or len(r[-1]) != DESCRIPTOR_BYTES]
        bad += [r[0] for r, ok in zip(kept, finite) if not ok]
        log.warning("library %s: %d faces have an unusable descriptor (NaN/inf or malformed), left out: ids %s",
                    catalog.path, len(bad), bad[:10])  # fmt: skip
    out = [tuple(r)[:-1] for r, ok in zip(kept, finite) if ok]
    return out, np.ascontiguousarray(vectors[finite], dtype=np.float32)


def apply_changes(
    catalog: Catalog,
    changes: Sequence[Change],
    *,
    target_named: bool,
    next_person_id: Callable[[], int] | None = None,
) -> ApplyStats:
    """Write ``changes`` in short transactions (see the module docstring); ``target_named``: the
    target people must be named (matching) or unnamed (clustering). Each negative ``new_person``
    placeholder becomes a new unnamed person when first needed, numbered from ``next_person_id()``
    (asked once per transaction: the write lock keeps the ids above it free until the commit)."""
    stats = ApplyStats()
    created: dict[int, int] = {}
    nested = catalog.in_transaction  # inside a caller's transaction: no pauses (the lock is theirs anyway)
    cache, autocheckpoint = catalog.scalar("PRAGMA cache_size"), catalog.scalar("PRAGMA wal_autocheckpoint")
    catalog.conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
    if not nested:
        catalog.conn.execute("PRAGMA wal_autocheckpoint = 0")
    i = 0
    try:
        while i < len(changes):
            with catalog.transaction():
                start = time.perf_counter()  # the write lock is held from here to the end of the commit
                free_id: int | None = None
                while i < len(changes) and (time.perf_counter() - start < BATCH_SECONDS or nested):
                    rows = []
                    for c in changes[i : i + CHUNK_ROWS]:
                        target = c.new_person
                        if target is not None and target < 0:
                            if target not in created:
                                if next_person_id is None:
                                    raise ValueError("apply_changes: a new person is needed but no next_person_id")
                                free_id = next_person_id() if free_id is None else free_id
                                catalog.execute("INSERT INTO people (id, name, hidden, created_at) "
                                                "VALUES (?, NULL, 0, ?)", (free_id, time.time()))  # fmt: skip
                                created[target], free_id = free_id, free_id + 1
                            target = created[target]
                        rows.append((target, c.new_state, c.face_id, c.old_person, c.old_state, int(target_named)))
                    stats.applied += catalog.executemany(_UPDATE, rows).rowcount
                    i += len(rows)
            stats.transactions += 1
            stats.longest_s = max(stats.longest_s, time.perf_counter() - start)
            if i < len(changes) and not nested:
                gap = time.perf_counter()
                if stats.transactions % CHECKPOINT_EVERY == 0:
                    with catalog.errors("write"):
                        catalog.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                time.sleep(max(0.0, PAUSE_SECONDS - (time.perf_counter() - gap)))
    finally:
        catalog.conn.execute(f"PRAGMA cache_size = {int(cache)}")
        catalog.conn.execute(f"PRAGMA wal_autocheckpoint = {int(autocheckpoint)}")
    stats.skipped = len(changes) - stats.applied
    stats.created = len(created)
    if stats.skipped:
        log.info("%d faces changed by the user meanwhile were left as they are", stats.skipped)
    return stats


def drop_empty_people(catalog: Catalog) -> int:
    """Delete unnamed, visible people with no face left (one short transaction); how many."""
    with catalog.transaction():
        return catalog.execute(
            "DELETE FROM people WHERE name IS NULL AND hidden = 0 AND face_count = 0 "
            "AND NOT EXISTS (SELECT 1 FROM faces WHERE person_id = people.id)"
        ).rowcount
