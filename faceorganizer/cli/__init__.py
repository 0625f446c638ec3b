"""The `faceorganizer` command: one module per subcommand, each adding its parser here."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from .. import __version__
from . import gui
from .engine import demo, detect, draw, match
from .library import backup, history, people, scan, search, status, watch, xmp

COMMANDS = (backup, demo, detect, draw, gui, history, match, people, scan, search, status, watch, xmp)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="faceorganizer", description="Find, recognize and organize faces in photos.")
    ap.add_argument("--version", action="version", version=f"faceorganizer {__version__}")
    ap.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    ap.add_argument("--library", dest="app_library", metavar="PATH", help="open the app on this library file")
    ap.add_argument("--demo", action="store_true", help="open the app on a demo library of the bundled sample photos")
    sub = ap.add_subparsers(dest="command")
    for command in COMMANDS:
        command.add_parser(sub)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    if not getattr(args, "func", None):  # no command: open the desktop app
        args.func, args.library = gui.run, args.app_library
    elif args.demo or args.app_library:
        parser.error("--demo and --library before a command open the app; give --library after the command")
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
