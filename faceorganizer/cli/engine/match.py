"""`faceorganizer match --reference DIR IMAGE...`: name the faces in images from labeled reference photos.

DIR holds one subfolder per person (like face-api.js's bbt face-matching example); each reference
photo contributes the descriptor of its best face, or, when no face is detected in it (tight face
crops, which face-api.js's detectors mostly miss), of the whole image taken as the face, as that
example does.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ..arguments import add_detector_args, options_from_args
from ..output import print_json, printable
from .inputs import iter_inputs

log = logging.getLogger("faceorganizer.cli")


def _reference_descriptors(folder: Path, options) -> tuple[dict[str, list], list[dict]]:
    from ...api.lowlevel import compute_face_descriptor
    from ...api.tasks import detect_single_face
    from ...imaging import ImageLoadError, decode

    by_label: dict[str, list] = {}
    errors: list[dict] = []
    for person in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for path in iter_inputs([str(person)]):
            try:
                pixels = decode(path).pixels
            except ImageLoadError as exc:
                errors.append({"path": str(path), "error": str(exc)})
                continue
            face = detect_single_face(pixels, options).with_face_landmarks().with_face_descriptor().run()
            if face is None:
                log.info("%s: no face detected; using the whole image as the face", path)
                descriptor = compute_face_descriptor(pixels)
            else:
                descriptor = face.descriptor
            by_label.setdefault(person.name, []).append(descriptor)
    return by_label, errors


def run(args: argparse.Namespace) -> int:
    from ...api.analyze import analyze
    from ...api.matching import FaceMatcher, LabeledFaceDescriptors
    from ...imaging import ImageLoadError, decode

    folder = Path(args.reference)
    if not folder.is_dir():
        print(f"faceorganizer match: {printable(folder)}: not a folder of per-person subfolders", file=sys.stderr)
        return 2
    try:
        options = options_from_args(args)
    except ValueError as exc:
        print(f"faceorganizer match: {printable(exc)}", file=sys.stderr)
        return 2
    by_label, errors = _reference_descriptors(folder, options)
    if not by_label:
        print(f"faceorganizer match: {printable(folder)}: no reference photos in per-person subfolders",
              file=sys.stderr)  # fmt: skip
        return 2
    matcher = FaceMatcher(
        [LabeledFaceDescriptors(label, ds) for label, ds in by_label.items()], distance_threshold=args.threshold
    )
    images = []
    for path in iter_inputs(args.images):
        entry: dict = {"path": str(path), "error": None, "faces": []}
        try:
            faces = analyze(decode(path).pixels, options)
        except ImageLoadError as exc:
            entry["error"] = str(exc)
            errors.append({"path": str(path), "error": str(exc)})
            faces = []
        matches = matcher.match_many([f.descriptor for f in faces]) if faces else []
        for face, m in zip(faces, matches):
            entry["faces"].append({"box": face.box.as_dict(), "label": m.label, "distance": float(m.distance)})
            if not args.json:
                b = face.box
                where = f"{b.x:.0f},{b.y:.0f},{b.width:.0f},{b.height:.0f}"
                print(f"{printable(path)} {where} {printable(m.label)} {m.distance:.2f}")
        if entry["error"] and not args.json:
            print(f"{printable(path)}: error: {printable(entry['error'])}", file=sys.stderr)
        images.append(entry)
    if args.json:
        refs = {label: len(ds) for label, ds in by_label.items()}
        print_json({"reference": refs, "images": images, "errors": errors})
    return 1 if any(im["error"] for im in images) else 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    m = sub.add_parser("match", help="label the faces in images using a folder of reference photos per person")
    m.add_argument("--reference", required=True, metavar="DIR", help="folder with one subfolder of photos per person")
    m.add_argument("images", nargs="+", metavar="IMAGE", help="images or folders to label")
    m.add_argument("--threshold", type=float, default=0.6, help="largest mean distance of a match (face-api.js 0.6)")
    m.add_argument("--json", action="store_true", help="print one JSON document")
    add_detector_args(m)
    m.set_defaults(func=run)
