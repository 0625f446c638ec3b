"""`faceorganizer watch`: catch up with the library's folders, then index changes as they happen."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..arguments import add_index_arguments, add_library_arguments, add_verbose_argument, index_options
from ..output import fail, printable
from .scan import faces_text

if TYPE_CHECKING:
    from ...library.catalog import Catalog
    from ...library.indexing import IndexOptions, Progress, ScanSummary


class BatchReport:
    """What ``watch`` prints for each batch it indexed (and for its catch-up scan): the files by name, with
    the counts of that batch alone.

    A batch's ``ScanSummary`` has counts and the failed files; the rest is gathered here: ``progress`` (the
    indexer's callback, one event per photo finished, with running totals of that indexer run) gives the
    photos indexed and each one's faces; the catalog, read after the batch, tells a photo indexed again from
    one whose bytes were unchanged (touched, moved: its ``indexed_at`` is older than the batch) and which
    photos became missing since the last report. The watcher's thread and the catch-up scan (this thread)
    report concurrently: each thread's photos are kept apart.
    """

    def __init__(self, library: Path, as_json: bool) -> None:
        self.library, self.as_json = library, as_json
        self._lock = threading.Lock()
        self._photos: dict[int, list[tuple[str, int]]] = {}  # thread -> (path, faces) since its last report
        self._faces: dict[int, int] = {}  # thread -> the running total of faces of its last event
        self._since: dict[int, float] = {}  # thread -> the time of its last report
        self._started = time.time()
        self._missing: set[str] = set()

    def begin(self, catalog: Catalog) -> None:
        """Note the photos missing already (before watching): only those missing later are reported."""
        self._started = time.time()
        self._missing = {p.path for p in catalog.photos(status="missing")}

    def progress(self, p: Progress) -> None:
        """The indexer's progress callback: remember the photo just finished and its faces."""
        if p.phase != "indexing" or p.path is None:
            return
        me = threading.get_ident()
        with self._lock:
            faces = p.faces - self._faces.get(me, 0)
            self._faces[me] = p.faces
            self._photos.setdefault(me, []).append((p.path, faces))

    def sidecars(self, summary: Any) -> None:
        """Print what importing the batch's changed XMP sidecars did (JSON: one ``{"sidecars": ...}`` line)."""
        if self.as_json:
            print(json.dumps({"sidecars": summary.to_json()}), flush=True)
            return
        for line in sidecar_lines(summary):
            print(line, flush=True)

    def __call__(self, summary: ScanSummary) -> None:
        """Print the batch (or catch-up scan) that ``summary`` reports, on the thread that ran it."""
        from ...library.catalog import Catalog

        me = threading.get_ident()
        with self._lock:
            photos = self._photos.pop(me, [])
            self._faces.pop(me, None)
            since = self._since.get(me, self._started)
            self._since[me] = time.time()
        if self.as_json:
            print(json.dumps(summary.to_json()), flush=True)
            return
        for err in summary.unavailable:  # an unmounted drive: its photos are kept, not marked missing
            print(f"faceorganizer watch: {printable(err.path)}: {printable(err.error)}", file=sys.stderr, flush=True)
        failed = {e.path for e in summary.errors}
        indexed: list[tuple[str, int]] = []
        unchanged: list[str] = []
        with Catalog.open(self.library, read_only=True) as catalog:
            for path, faces in photos:
                if path in failed:
                    continue
                photo = catalog.photo_by_path(path)
                old = photo is not None and photo.indexed_at is not None and photo.indexed_at < since
                if faces == 0 and old:
                    unchanged.append(path)
                else:
                    indexed.append((path, faces))
            missing_now = {p.path for p in catalog.photos(status="missing")}
        with self._lock:
            missing = sorted(missing_now - self._missing)
            self._missing = missing_now
        line = batch_line(indexed, unchanged, missing, len(summary.errors))
        if line:
            print(line, flush=True)
            for err in summary.errors:
                print(f"  {printable(err.path)}: {printable(err.error)}", flush=True)


def sidecar_lines(summary: Any) -> list[str]:
    """What importing changed sidecars did (a ``metadata.exchange.ImportSummary``): a line of counts, then one
    line per conflict (a face the sidecar names otherwise than the library: left as the user named it)."""
    if not (summary.regions or summary.errors):
        return []
    imported = summary.matched + summary.created
    lines = [
        f"sidecars: {summary.regions} named region(s): {imported} imported, {summary.unchanged} unchanged, "
        f"{summary.conflicts} conflict(s), {summary.rejected} left as you decided"
    ]
    for c in summary.conflict_list:
        lines.append(
            f"  conflict: {printable(c.path)}: face {c.face_id} is {c.here!r} here, {c.in_sidecar!r} in its sidecar"
        )
    lines += [f"  {printable(e.path)}: {printable(e.error)}" for e in summary.errors]
    return lines


def batch_line(indexed: list[tuple[str, int]], unchanged: list[str], missing: list[str], errors: int) -> str:
    """One batch in a line naming its files, each part counted for this batch alone, e.g.
    ``2 indexed (3 faces): a.jpg (2 faces), b.jpg (1 face); 1 missing: c.jpg; 1 error`` ("" when nothing
    happened). The failed files follow it, one a line, with the reason."""
    parts = []
    if indexed:
        names = ", ".join(f"{printable(path)} ({faces_text(n)})" for path, n in indexed)
        parts.append(f"{len(indexed)} indexed ({faces_text(sum(n for _, n in indexed))}): {names}")
    if unchanged:
        parts.append(f"{len(unchanged)} unchanged or moved: {', '.join(map(printable, unchanged))}")
    if missing:
        parts.append(f"{len(missing)} missing: {', '.join(map(printable, missing))}")
    if errors:
        parts.append(f"{errors} error{'' if errors == 1 else 's'}")
    return "; ".join(parts)


def run(args: argparse.Namespace) -> int:
    from ...library.catalog import resolve_library_path

    try:
        options = index_options(args)
    except ValueError as exc:
        print(f"faceorganizer watch: {exc}", file=sys.stderr)
        return 2
    path = resolve_library_path(args.library)
    report = BatchReport(path, args.json)

    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        return _watch(args, path, options, stop, report)
    except KeyboardInterrupt:
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def _watch(
    args: argparse.Namespace, path: Path, options: IndexOptions, stop: threading.Event, report: BatchReport
) -> int:
    """Start watching first (nothing changing during the catch-up scan is missed), then catch up."""
    from ...library.catalog import Catalog, CatalogError
    from ...library.indexing import FolderWatcher, scan

    watcher = None
    try:
        with Catalog.open(path, create=False) as catalog:
            roots = [r.path for r in catalog.roots()]
            if not roots:
                return fail("watch", f"library {path} has no folders yet: faceorganizer scan FOLDER...")
            report.begin(catalog)
            watcher = FolderWatcher(
                path,
                options,
                debounce=args.debounce,
                progress=report.progress,
                on_batch=report,
                on_sidecars=report.sidecars,
            ).start(roots)
            report(scan(catalog, roots, options, cancel=stop, progress=report.progress))
    except CatalogError as exc:
        if watcher is not None:
            watcher.stop()
        return fail("watch", exc)
    if not args.json:
        print(f"watching {len(roots)} folder(s) of {path}; Ctrl-C to stop", file=sys.stderr)
    try:
        # Poll with sleep, never stop.wait(): the SIGTERM handler calls stop.set(), which takes the
        # Event's lock, and a handler interrupting this thread inside its own wait() (lock held)
        # deadlocks (seen once in CI: `watch` hung after SIGTERM).
        while not stop.is_set() and watcher.running:
            time.sleep(0.5)
    finally:
        watcher.stop()
    if watcher.error is not None:
        return fail("watch", watcher.error)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("watch", help="index new, changed and removed photos of the library's folders as they change")
    add_library_arguments(p)
    add_index_arguments(p)
    add_verbose_argument(p)
    p.add_argument("--debounce", type=float, default=2.0, help="seconds of quiet before changes are handled")
    p.set_defaults(func=run)
