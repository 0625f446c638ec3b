"""`faceorganizer detect`: run the face pipeline on images and print JSON or a summary."""

from __future__ import annotations

import argparse
import sys

from ...library.indexing.video import is_video
from ..arguments import add_detector_args, options_from_args
from ..output import print_json, printable
from .detect_video import print_video, video_entry
from .inputs import iter_inputs


def face_summary(face: dict) -> str:
    """One face of ``FaceResult.to_json()`` in a line: where, score, top expression, gender and age.

    The score is written as the box's label in ``draw``'s image (``score_label``: face-api.js floors it to 2
    decimals), so ``detect`` and ``draw`` print the same number for the same face."""
    from ...api.draw import score_label

    b = face["box"]
    extra = ""
    if "expressions" in face:
        extra += f" {max(face['expressions'], key=face['expressions'].get)}"
    if "age" in face:
        extra += f" {face['gender']} ~{face['age']:.0f}y"
    return f"({b['x']:.0f},{b['y']:.0f} {b['width']:.0f}x{b['height']:.0f}) score {score_label(face['score'])}{extra}"


def run(args: argparse.Namespace) -> int:
    from ...api.analyze import Stages, analyze
    from ...imaging import ImageLoadError, decode

    try:
        options = options_from_args(args)
    except ValueError as exc:
        print(f"faceorganizer detect: {exc}", file=sys.stderr)
        return 2
    stages = Stages(tiny_landmarks=args.tiny_landmarks)
    images, failed = [], 0
    videos: list[dict] = []
    for path in iter_inputs(args.paths):
        if is_video(path):  # a video: its face tracks (detect_video.py)
            videos.append(video := video_entry(path, options))
            failed += video["error"] is not None
            if not args.json:
                print_video(path, video, face_summary)
            continue
        entry: dict = {"path": str(path.resolve()) if path.exists() else str(path), "width": None, "height": None}
        try:
            decoded = decode(path, exif=not args.no_exif)
            entry["width"], entry["height"] = decoded.width, decoded.height
            faces = analyze(decoded.pixels, options, stages)
            entry.update(error=None, faces=[f.to_json() for f in faces])
        except ImageLoadError as exc:
            failed += 1
            entry.update(error=str(exc), faces=[])
        images.append(entry)
        if not args.json:
            if entry["error"]:
                print(f"{printable(path)}: error: {printable(entry['error'])}")
            else:
                print(f"{printable(path)}: {len(entry['faces'])} face(s)")
                for f in entry["faces"]:
                    print(f"  {face_summary(f)}")
    if args.json:
        print_json({"images": images, **({"videos": videos} if videos else {})})
    elif not images and not videos:
        print(f"faceorganizer detect: no images in {printable(', '.join(args.paths))}", file=sys.stderr)
    return 1 if failed else 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("detect", help="run detection, landmarks, expressions, age/gender and descriptors")
    d.add_argument("paths", nargs="+", metavar="PATH", help="image or video files, or folders of images")
    add_detector_args(d)
    d.add_argument("--tiny-landmarks", action="store_true", help="use the tiny 68-point landmark net")
    d.add_argument("--no-exif", action="store_true", help="ignore EXIF orientation (pixels as stored)")
    d.add_argument("--json", action="store_true", help="print one JSON document")
    d.set_defaults(func=run)
