"""Options every library command shares: ``--library PATH`` and ``--json``, and opening the library."""

from __future__ import annotations

import argparse
import sys

from ..library.paths import LIBRARY_ENV


def add_library_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library",
        metavar="PATH",
        help=f"library file (default: ${LIBRARY_ENV}, else library.sqlite in the user data folder)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def fail(command: str, message: object) -> int:
    """Report that ``command`` could not run; exit status 1."""
    print(f"faceorganizer {command}: {message}", file=sys.stderr)
    return 1
