"""`faceorganizer scan`: add folders to the library and index what is new or changed.

``--cluster tcp://HOST:8786`` runs the model work on a Dask cluster's workers (the library stays here and is
written by this process alone); ``distributed`` is imported only then (extra ``faceorganizer[cluster]``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ..arguments import add_index_arguments, add_library_arguments, add_verbose_argument, index_options
from ..output import fail, print_json, printable

if TYPE_CHECKING:
    from ...library.catalog import Catalog
    from ...library.indexing import Progress, ProgressCallback, ScanSummary


def photo_line(path: str, outcome: str) -> str:
    """One photo in a line, ``PATH: OUTCOME`` (``2 faces``, ``unchanged``, ``error: REASON``), safe for a
    terminal."""
    return f"{printable(path)}: {printable(outcome)}"


def faces_text(n: int) -> str:
    return f"{n} face{'' if n == 1 else 's'}"


class PhotoOutcomes:
    """A progress callback that tells each photo's outcome as it is stored: ``on_photo(path, outcome)``.

    The indexer's progress events (one per photo finished, on the thread that runs the indexer and owns
    ``catalog``) carry running totals; a photo's faces are the difference from the event before. Whether it
    failed, and why, is read from the catalog (``photos.error``, set with its status); a photo whose bytes
    were unchanged (touched, moved) was not indexed again: its ``indexed_at`` is older than ``since``.
    ``then`` gets every event as well (the terminal's progress line). ``reset()`` starts a new indexer run
    (the watcher runs one per batch: its totals start again at 0).
    """

    def __init__(
        self,
        catalog: Catalog,
        on_photo: Callable[[str, str], object],
        then: ProgressCallback | None = None,
    ) -> None:
        self.catalog, self.on_photo, self.then = catalog, on_photo, then
        self.reset()

    def reset(self) -> None:
        self._faces = 0
        self.since = time.time()

    def __call__(self, p: Progress) -> None:
        if p.phase == "indexing" and p.path is not None:
            faces, self._faces = p.faces - self._faces, p.faces
            self.on_photo(p.path, self.outcome(p.path, faces))
        if self.then is not None:
            self.then(p)

    def outcome(self, path: str, faces: int) -> str:
        """``N faces``, ``unchanged`` or ``error: REASON`` for the photo at ``path`` just finished."""
        photo = self.catalog.photo_by_path(path)
        if photo is not None and photo.error is not None:
            return f"error: {photo.error}"
        if faces == 0 and photo is not None and photo.indexed_at is not None and photo.indexed_at < self.since:
            return "unchanged (same content)"
        return faces_text(faces)


def _verbose_writer(stream: TextIO, live: bool) -> Callable[[str, str], None]:
    """Writes one photo's line to ``stream``; ``live``: over the progress line (which is drawn again next)."""

    def write(path: str, outcome: str) -> None:
        line = photo_line(path, outcome)
        if live:
            line = "\r" + line.ljust(shutil.get_terminal_size((100, 20)).columns - 1)
        stream.write(line + "\n")
        stream.flush()

    return write


def failed_before(catalog: Catalog, retry_errors: bool, summary: ScanSummary) -> str | None:
    """The line saying that photos failed in earlier scans and were not tried again, or None (there are none,
    or ``--retry-errors`` tried them): a re-scan skips them, and its "0 errors" alone would hide them.

    They are the photos with status ``error`` in the catalog (``stats().errors``) other than those that failed
    in this scan (``summary.errors``, listed already)."""
    if retry_errors or not catalog.stats().errors:
        return None
    now = {e.path for e in summary.errors}
    n = sum(1 for photo in catalog.photos(status="error") if photo.path not in now)
    if not n:
        return None
    return f"{n} photo{'' if n == 1 else 's'} failed before (faceorganizer scan --retry-errors to try them again)"


def _progress_printer(stream):
    """A one-line progress display for a terminal (rewritten in place)."""

    def show(p) -> None:
        from ...library.catalog import display_path

        width = shutil.get_terminal_size((100, 20)).columns
        if p.phase == "scanning":
            head = f"scanning: {p.done} photos found"
            head += f", {p.unavailable} folders unavailable" if p.unavailable else ""
        else:
            pct = f" {100 * p.done // p.total:3d}%" if p.total else ""
            head = f"indexing {p.done}/{p.total}{pct}, {p.faces} faces, {p.errors} errors"
        tail = display_path(p.path or "")
        room = width - len(head) - 3
        if room < 10:
            tail = ""
        elif len(tail) > room:
            tail = "..." + tail[-(room - 3) :]
        stream.write(f"\r{head}  {tail}".ljust(width - 1)[: width - 1])
        stream.flush()

    return show


def run(args: argparse.Namespace) -> int:
    from ...library.catalog import Catalog, CatalogError, resolve_library_path
    from ...library.indexing import IndexOptions, scan

    try:
        options = index_options(args, max_side=None if args.full_size else IndexOptions.max_side)
    except ValueError as exc:
        print(f"faceorganizer scan: {exc}", file=sys.stderr)
        return 2
    if (args.send_bytes or args.batch_size is not None) and not args.cluster:
        print("faceorganizer scan: --send-bytes and --batch-size apply to --cluster only", file=sys.stderr)
        return 2
    if args.batch_size is not None and args.batch_size < 1:
        print("faceorganizer scan: --batch-size must be at least 1", file=sys.stderr)
        return 2
    if args.folders and not any(os.path.isdir(f) for f in args.folders):
        return fail("scan", f"no such folder: {', '.join(args.folders)}")
    path = resolve_library_path(args.library)
    show = _progress_printer(sys.stderr) if not args.json and sys.stderr.isatty() else None
    earlier: str | None = None
    try:
        with Catalog.open(path) as catalog, contextlib.ExitStack() as stack:
            progress: ProgressCallback | None = show
            if getattr(args, "verbose", False):  # one line per photo as it is stored, on stderr
                progress = PhotoOutcomes(catalog, _verbose_writer(sys.stderr, show is not None), show)
            if not args.folders and not catalog.roots():
                return fail("scan", "no folders given and the library has none yet: faceorganizer scan FOLDER...")
            targets = len(args.folders) or len(catalog.roots())
            analyzer = None
            if args.cluster:
                analyzer = _connect(args, options.detector_name)
                if analyzer is None:
                    return 1
                stack.enter_context(analyzer)
            summary = scan(
                catalog, args.folders, options, progress=progress, retry_errors=args.retry_errors, analyzer=analyzer
            )
            # photos of this scan that failed are in summary.errors; the rest failed in an earlier one
            earlier = failed_before(catalog, args.retry_errors, summary)
    except CatalogError as exc:
        if show:
            sys.stderr.write("\n")
        return fail("scan", exc)
    except KeyboardInterrupt:
        print("\nfaceorganizer scan: interrupted; run it again to continue where it stopped", file=sys.stderr)
        return 130
    if show:
        sys.stderr.write("\n")
    # an unavailable folder (unmounted drive, ...) is not "0 photos": it is said on stderr, its photos are kept,
    # and a scan that could scan none of its folders exits 1
    for err in summary.unavailable:
        print(f"faceorganizer scan: {printable(err.path)}: {printable(err.error)}", file=sys.stderr)
    code = 1 if summary.unavailable and len(summary.unavailable) >= targets else 0
    if args.json:
        print_json(summary.to_json())
        return code
    counts = ((summary.moved, "moved"), (summary.copies, "copies of photos already indexed"),
              (summary.missing, "missing"), (len(summary.unavailable), "folders unavailable"))  # fmt: skip
    extra = "".join(f", {n} {what}" for n, what in counts if n)
    print(f"{summary.seen} photos seen: {summary.indexed} indexed, {summary.unchanged} unchanged{extra}, "
          f"{summary.faces} faces found, {len(summary.errors)} errors")  # fmt: skip
    for err in summary.errors:
        print(f"  {printable(err.path)}: {printable(err.error)}")
    if earlier:
        print(earlier)
    return code


def _connect(args: argparse.Namespace, detector: str):
    """The DaskAnalyzer for ``--cluster`` (None, the reason said on stderr, when the cluster cannot be used)."""
    from ...library.indexing.distributed import PIPELINE_NETS, ClusterError, DaskAnalyzer

    try:
        return DaskAnalyzer.connect(
            args.cluster,
            send_bytes=args.send_bytes,
            batch_size=args.batch_size or 4,
            preload=(detector, *PIPELINE_NETS),
        )
    except ClusterError as exc:
        fail("scan", exc)
        return None


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scan", help="add folders to the library and index new or changed photos")
    p.add_argument(
        "folders", nargs="*", metavar="FOLDER", help="folders to add and scan (default: all of the library's)"
    )
    add_library_arguments(p)
    add_index_arguments(p)
    add_verbose_argument(p)
    p.add_argument("--retry-errors", action="store_true", help="try again photos that failed before")
    p.add_argument("--full-size", action="store_true", help="decode large JPEGs at full size (slower)")
    p.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="run the face analysis on a Dask cluster's workers (scheduler address, e.g. tcp://host:8786; "
        "needs faceorganizer[cluster]); the workers read the photos at the same paths unless --send-bytes",
    )
    p.add_argument(
        "--send-bytes",
        action="store_true",
        help="with --cluster: send the photos' bytes to the workers (for workers that cannot see the photos)",
    )
    p.add_argument("--batch-size", type=int, metavar="N", help="with --cluster: photos per task (default 4)")
    p.set_defaults(func=run)
