"""The `faceorganizer` command: `detect` runs the face pipeline on images and prints JSON or a summary."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__

log = logging.getLogger("faceorganizer.cli")

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif", ".heic", ".heif"}


def iter_inputs(paths: Sequence[str]) -> Iterator[Path]:
    """Each path as given; folders expand to the image files below them (hidden ones skipped)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path).parts
                if f.is_file() and f.suffix.lower() in IMAGE_SUFFIXES and not any(p.startswith(".") for p in rel):
                    yield f
        else:
            yield path


def _cmd_detect(args: argparse.Namespace) -> int:
    from .api.analyze import Stages, analyze
    from .api.options import SsdMobilenetv1Options, TinyFaceDetectorOptions
    from .imaging import ImageLoadError, decode

    try:
        if args.detector == "tiny":
            options = TinyFaceDetectorOptions(input_size=args.input_size, score_threshold=args.min_confidence)
        else:
            options = SsdMobilenetv1Options(min_confidence=args.min_confidence)
    except ValueError as exc:
        print(f"faceorganizer detect: {exc}", file=sys.stderr)
        return 2
    stages = Stages(tiny_landmarks=args.tiny_landmarks)
    images, failed = [], 0
    for path in iter_inputs(args.paths):
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
                print(f"{path}: error: {entry['error']}")
            else:
                print(f"{path}: {len(entry['faces'])} face(s)")
                for f in entry["faces"]:
                    b = f["box"]
                    extra = ""
                    if "expressions" in f:
                        extra += f" {max(f['expressions'], key=f['expressions'].get)}"
                    if "age" in f:
                        extra += f" {f['gender']} ~{f['age']:.0f}y"
                    where = f"({b['x']:.0f},{b['y']:.0f} {b['width']:.0f}x{b['height']:.0f})"
                    print(f"  {where} score {f['score']:.2f}{extra}")
    if args.json:
        json.dump({"images": images}, sys.stdout)
        sys.stdout.write("\n")
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="faceorganizer", description="Find, recognize and organize faces in photos.")
    ap.add_argument("--version", action="version", version=f"faceorganizer {__version__}")
    ap.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = ap.add_subparsers(dest="command")
    d = sub.add_parser("detect", help="run detection, landmarks, expressions, age/gender and descriptors")
    d.add_argument("paths", nargs="+", metavar="PATH", help="image files or folders")
    d.add_argument("--detector", choices=["ssd", "tiny"], default="ssd")
    d.add_argument("--min-confidence", type=float, default=0.5, help="SSD min confidence / Tiny score threshold")
    d.add_argument("--input-size", type=int, default=416, help="Tiny Face Detector input size (multiple of 32)")
    d.add_argument("--tiny-landmarks", action="store_true", help="use the tiny 68-point landmark net")
    d.add_argument("--no-exif", action="store_true", help="ignore EXIF orientation (pixels as stored)")
    d.add_argument("--json", action="store_true", help="print one JSON document")
    d.set_defaults(func=_cmd_detect)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
