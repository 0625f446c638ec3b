"""The `faceorganizer` command: one module per subcommand, each adding its parser here.

The subcommands' modules import the catalog, numpy, Pillow (and some onnxruntime): a tenth of a second
or more. ``--version`` and ``--help`` need none of it, so the command line is read first by a parser that
knows the subcommands by name and help line only (``COMMAND_HELP``); a subcommand's module is imported,
and the whole command line parsed again, only once a subcommand is given.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from .. import __version__

#: The modules of the subcommands (relative to this package), in the order their parsers are added.
COMMAND_MODULES = (".library.backup", ".engine.camera", ".engine.demo", ".engine.detect", ".engine.draw", ".gui",
                   ".library.history", ".engine.match", ".library.people", ".library.scan", ".library.search",
                   ".library.status", ".library.watch", ".library.xmp")  # fmt: skip

#: Every subcommand -> (its module, its help line), in the order COMMAND_MODULES add them: what the top-level
#: ``--help`` shows. Each module's ``add_parser`` must say the same (tests/cli/test_version_import.py checks).
COMMAND_HELP: dict[str, tuple[str, str]] = {
    "backup": (".library.backup", "take a checked backup of the library now (or --list them)"),
    "restore": (".library.backup", "replace the library's contents with a backup (the current ones are kept)"),
    "camera": (".engine.camera", "the live camera view: faces named as they appear (or a video file's)"),
    "demo": (".engine.demo", "analyse the bundled sample photos and save annotated copies"),
    "detect": (".engine.detect", "run detection, landmarks, expressions, age/gender and descriptors"),
    "draw": (".engine.draw", "save a copy of an image with face boxes, landmarks, expressions, age/gender"),
    "gui": (".gui", "open the desktop app (the default with no command)"),
    "undo": (".library.history", "take back the last people operation"),
    "redo": (".library.history", "do the last undone one again"),
    "history": (".library.history", "list the latest people operations (what undo and redo take)"),
    "match": (".engine.match", "label the faces in images using a folder of reference photos per person"),
    "people": (".library.people", "list people and unnamed clusters with their face counts"),
    "person": (".library.people", "name, merge, split, hide a person; reject or confirm faces"),
    "scan": (".library.scan", "add folders to the library and index new or changed photos"),
    "search": (".library.search", "find photos by people, or faces by name status, expression, age, gender"),
    "status": (".library.status", "show what the library holds"),
    "watch": (".library.watch", "index new, changed and removed photos of the library's folders as they change"),
    "export-xmp": (".library.xmp", "write people's names as XMP face regions (photo.jpg.xmp sidecars; "
                   "photos are never modified)"),
    "import-xmp": (".library.xmp", "read names from XMP face regions (sidecars or embedded; MWG and Microsoft) "
                   "into the library"),
}  # fmt: skip


def _command_module(name: str) -> ModuleType:
    return importlib.import_module(name, __name__)


def _top_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    ap = argparse.ArgumentParser(prog="faceorganizer", description="Find, recognize and organize faces in photos.")
    ap.add_argument("--version", action="version", version=f"faceorganizer {__version__}")
    ap.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    ap.add_argument("--library", dest="app_library", metavar="PATH", help="open the app on this library file")
    ap.add_argument("--demo", action="store_true", help="open the app on a demo library of the bundled sample photos")
    return ap, ap.add_subparsers(dest="command")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line: every subcommand's parser (imports all their modules); with ``command``, the
    parser of that subcommand (and of the others of its module), stand-ins for the rest (see
    :func:`build_light_parser`). ``""``: stand-ins only."""
    ap, sub = _top_parser()
    wanted = COMMAND_HELP[command][0] if command else command
    for module in COMMAND_MODULES:
        if wanted is None or module == wanted:
            _command_module(module).add_parser(sub)
            continue
        for name, (of, help_line) in COMMAND_HELP.items():
            if of == module:
                sub.add_parser(name, help=help_line, add_help=False)  # takes no arguments: all left over
    return ap


def build_light_parser() -> argparse.ArgumentParser:
    """The top level of :func:`build_parser` (the same ``--help``, ``--version`` and errors) with each
    subcommand a stand-in whose arguments are all left over (``parse_known_args``): imports no subcommand's
    module."""
    return build_parser("")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_light_parser()
    args, rest = parser.parse_known_args(argv)  # --version, --help and top-level mistakes end here
    if args.command is not None:
        parser = build_parser(args.command)
        args = parser.parse_args(argv)
    elif rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    logging.getLogger("faiss.loader").setLevel(logging.WARNING)  # which SIMD build it loads is not news
    if not getattr(args, "func", None):  # no command: open the desktop app
        from . import gui

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
