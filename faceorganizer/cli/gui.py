"""`faceorganizer gui` (also `faceorganizer` with no arguments): open the desktop app, or render a view to a PNG."""

from __future__ import annotations

import argparse
import os

from .output import fail


def run(args: argparse.Namespace) -> int:
    from ..library.catalog import resolve_library_path

    path = resolve_library_path(getattr(args, "library", None))
    folders: list[str] = []
    if getattr(args, "demo", False):  # the bundled photos in a library of their own, added (and scanned) at start
        from ..library.catalog import data_dir
        from .engine.demo import DEMO_LIBRARY, samples_dir

        if not getattr(args, "library", None):
            path = data_dir() / DEMO_LIBRARY
        folders.append(str(samples_dir()))
    screenshot = getattr(args, "screenshot", None)
    if screenshot and not path.exists():  # a picture of a library that is not there: say so, create nothing
        return fail("gui", f"no library at {path}")
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window appears: works without a display
    try:
        from ..gui import app, display
    except ImportError as exc:  # PySide6 missing or Qt's libraries not loadable
        return fail("gui", f"cannot start the desktop app: Qt is not available ({exc}); the command-line tools "
                           "still work (faceorganizer --help)")  # fmt: skip
    if not screenshot and (problem := display.display_problem()):
        return fail("gui", problem)
    from ..library.catalog import CatalogError

    try:
        if screenshot:
            out = app.render_screenshot(path, screenshot, getattr(args, "view", "people"),
                                        getattr(args, "color_scheme", None))  # fmt: skip
            print(out)
            return 0
        return app.run_gui(path, add_folders=folders, scheme=getattr(args, "color_scheme", None))
    except (CatalogError, OSError, RuntimeError) as exc:
        return fail("gui", exc)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="open the desktop app (the default with no command)")
    p.add_argument("--library", metavar="PATH", help="library file (default: as for the other commands)")
    p.add_argument("--screenshot", metavar="OUT.png", help="render a view offscreen at 1280x800 to a PNG and exit")
    p.add_argument("--view", choices=("people", "photos", "photo", "person", "review"), default="people",
                   help="the view to render (default people)")  # fmt: skip
    p.add_argument("--color-scheme", choices=("light", "dark"),
                   help="light or dark colours (default: the system's)")  # fmt: skip
    p.set_defaults(func=run)
