"""`faceorganizer watch`: catch up with the library's folders, then index changes as they happen."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..arguments import add_index_arguments, add_library_arguments, index_options
from ..output import fail, printable

if TYPE_CHECKING:
    from ...library.indexing import IndexOptions


def run(args: argparse.Namespace) -> int:
    from ...library.catalog import resolve_library_path

    try:
        options = index_options(args)
    except ValueError as exc:
        print(f"faceorganizer watch: {exc}", file=sys.stderr)
        return 2
    path = resolve_library_path(args.library)

    def report(summary) -> None:
        if args.json:
            print(json.dumps(summary.to_json()), flush=True)
            return
        for err in summary.unavailable:  # an unmounted drive: its photos are kept, not marked missing
            print(f"faceorganizer watch: {printable(err.path)}: {printable(err.error)}", file=sys.stderr, flush=True)
        if summary.indexed or summary.missing or summary.moved or summary.errors:
            print(f"{summary.indexed} indexed ({summary.faces} faces), {summary.moved} moved, "
                  f"{summary.missing} missing, {len(summary.errors)} errors", flush=True)  # fmt: skip
            for err in summary.errors:
                print(f"  {printable(err.path)}: {printable(err.error)}", flush=True)

    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        return _watch(args, path, options, stop, report)
    except KeyboardInterrupt:
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def _watch(args: argparse.Namespace, path: Path, options: IndexOptions, stop: threading.Event, report) -> int:
    """Start watching first (nothing changing during the catch-up scan is missed), then catch up."""
    from ...library.catalog import Catalog, CatalogError
    from ...library.indexing import FolderWatcher, scan

    watcher = None
    try:
        with Catalog.open(path, create=False) as catalog:
            roots = [r.path for r in catalog.roots()]
            if not roots:
                return fail("watch", f"library {path} has no folders yet: faceorganizer scan FOLDER...")
            watcher = FolderWatcher(path, options, debounce=args.debounce, on_batch=report).start(roots)
            report(scan(catalog, roots, options, cancel=stop))
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
    p.add_argument("--debounce", type=float, default=2.0, help="seconds of quiet before changes are handled")
    p.set_defaults(func=run)
