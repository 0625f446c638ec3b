"""`faceorganizer camera`: the live view (the Camera window) on the default camera or on a video file; with
``--no-window`` the same analysis loop runs headless on a video file at its frame rate and prints what it sees,
one line per analysed frame, then the frames per second it reached and the frames it dropped."""

from __future__ import annotations

import argparse
import queue
import sys
from pathlib import Path
from typing import Any

from ..output import fail, print_json, printable

COMMAND = "camera"


def load_matcher(library: str | None) -> Any:
    """The FaceMatcher of the library's named people (None: the library has none, or there is no library at
    the default place). A library given with ``--library`` that is missing or unreadable raises CatalogError."""
    from ...library.catalog import Catalog, CatalogError, resolve_library_path
    from ...library.people import People

    path = resolve_library_path(library)
    if not path.exists():
        if library:
            raise CatalogError(f"no library at {path}")
        return None
    with Catalog.open(path, read_only=True) as catalog:
        return People(catalog).face_matcher()


def face_text(face: dict[str, Any]) -> str:
    """A face of a frame in words: "Ann (happy, 31 years, female)"."""
    details = [face[k] for k in ("expression",) if k in face]
    if "age" in face:
        details += [f"{face['age']:.0f} years", str(face["gender"])]
    return f"{printable(face['name'])} ({', '.join(details)})" if details else printable(face["name"])


def run_headless(args: argparse.Namespace) -> int:
    """The live loop on ``args.source`` without a window: one line per analysed frame, then the summary."""
    from ...api.live import FrameAnalyzer, LiveLoop, VideoError, VideoFile, live_options
    from ...library.catalog import CatalogError

    try:
        options = live_options(args.input_size, args.min_confidence)
    except ValueError as exc:
        print(f"faceorganizer {COMMAND}: {exc}", file=sys.stderr)
        return 2
    try:
        matcher = load_matcher(args.library)
        video = VideoFile(args.source)
    except (CatalogError, VideoError) as exc:
        return fail(COMMAND, exc)
    analyzer = FrameAnalyzer(options, matcher)
    analyzer.warm_up()  # the models load before the first frame, not while frames arrive
    results: queue.Queue = queue.Queue()
    loop: LiveLoop = LiveLoop(analyzer, results.put)

    def print_results() -> None:
        while not results.empty():
            line = results.get_nowait().to_json()
            if args.json:
                print_json(line)
            else:
                faces = "; ".join(face_text(f) for f in line["faces"]) or "no face"
                print(f"{line['time']:8.3f} s  {faces}")
        sys.stdout.flush()

    try:
        with video:
            for pixels, at in video.play():
                loop.submit(pixels, at)
                print_results()
    except VideoError as exc:
        loop.close()
        return fail(COMMAND, exc)
    finally:
        stats = loop.close(drain=True)
    print_results()
    summary = {**stats.to_json(), "source_fps": round(video.frame_rate, 3)}
    if args.json:
        print_json(summary)
    else:
        print(f"{summary['fps']:.1f} frames per second analysed ({stats.analysed} of {stats.submitted} frames, "
              f"{stats.dropped} dropped; the video plays at {video.frame_rate:g} fps)")  # fmt: skip
    return 0 if stats.analysed else 1


def run(args: argparse.Namespace) -> int:
    if args.no_window:
        if not args.source:
            return fail(COMMAND, "--no-window needs --source FILE: without a window the loop reads a video file")
        return run_headless(args)
    if args.json:
        return fail(COMMAND, "--json goes with --no-window (the window shows what it sees)")
    if args.source and not Path(args.source).is_file():
        return fail(COMMAND, f"{args.source}: no such file")
    try:
        from ...gui import display
        from ...gui.app import run_camera
    except ImportError as exc:  # PySide6 missing or Qt's libraries not loadable
        return fail(COMMAND, f"cannot open the camera window: Qt is not available ({exc}); "
                             "--no-window --source FILE works without it")  # fmt: skip
    if problem := display.display_problem():
        return fail(COMMAND, problem)
    return run_camera(args.source, library=args.library, input_size=args.input_size)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(COMMAND, help="the live camera view: faces named as they appear (or a video file's)")
    p.add_argument("--source", metavar="FILE", help="a video file instead of the camera")
    p.add_argument("--no-window", action="store_true",
                   help="run headless on --source at its frame rate, printing each analysed frame")  # fmt: skip
    p.add_argument("--json", action="store_true",
                   help="with --no-window: one JSON line per analysed frame, then a summary line")  # fmt: skip
    p.add_argument("--library", metavar="PATH", help="name the library's people (default: the default library)")
    p.add_argument("--input-size", type=int, default=320,
                   help="the Tiny Face Detector's input size (multiple of 32; default 320)")  # fmt: skip
    p.add_argument("--min-confidence", type=float, default=0.5, help="the detector's score threshold (default 0.5)")
    p.set_defaults(func=run)
