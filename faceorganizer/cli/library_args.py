"""Options every library command shares: ``--library PATH`` and ``--json``, and opening the library."""

from __future__ import annotations

import argparse
import json
import sys

from ..library.paths import LIBRARY_ENV


def add_library_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library",
        metavar="PATH",
        help=f"library file (default: ${LIBRARY_ENV}, else library.sqlite in the user data folder)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def print_json(document: object) -> None:
    """Print ``document`` as one JSON document on its own line (the shape scripts rely on)."""
    json.dump(document, sys.stdout)
    sys.stdout.write("\n")


def fail(command: str, message: object) -> int:
    """Report that ``command`` could not run; exit status 1."""
    print(f"faceorganizer {command}: {message}", file=sys.stderr)
    return 1


def add_index_arguments(parser: argparse.ArgumentParser) -> None:
    """How photos are indexed: the detector's options plus workers, minimum face size, excluded folders."""
    from .detector_args import add_detector_args

    add_detector_args(parser)
    parser.add_argument("--workers", type=int, default=2, help="worker threads (default 2)")
    parser.add_argument(
        "--min-face-size", type=int, default=0, metavar="PX", help="do not store faces smaller than PX pixels"
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="FOLDER_OR_PATTERN",
        help='skip folders: a path, or a glob on names ("Trash") or paths ("*/private"); repeatable',
    )


def index_options(args: argparse.Namespace, **extra):
    """The IndexOptions the arguments of add_index_arguments select (ValueError for bad values)."""
    from ..library.indexer import IndexOptions
    from .detector_args import input_size_from_args

    return IndexOptions(
        detector=args.detector,
        min_confidence=args.min_confidence,
        input_size=input_size_from_args(args),
        workers=args.workers,
        min_face_size=args.min_face_size,
        exclude=tuple(args.exclude),
        **extra,
    )
