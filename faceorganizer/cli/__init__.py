"""The `faceorganizer` command: one module per subcommand, each adding its parser here."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from .. import __version__
from . import gui
from .engine import detect, draw, match
from .library import people, scan, search, status, watch, xmp

COMMANDS = (detect, draw, gui, match, people, scan, search, status, watch, xmp)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="faceorganizer", description="Find, recognize and organize faces in photos.")
    ap.add_argument("--version", action="version", version=f"faceorganizer {__version__}")
    ap.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = ap.add_subparsers(dest="command")
    for command in COMMANDS:
        command.add_parser(sub)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    if not getattr(args, "func", None):  # no command: open the desktop app
        args.func = gui.run
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
