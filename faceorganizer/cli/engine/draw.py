"""`faceorganizer draw`: detect faces in one image and save a copy with face-api.js-style drawings."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..arguments import add_detector_args, options_from_args
from ..output import printable
from .detect import face_summary

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

    from ...api.results import FaceResult


def _fail(message: str, code: int = 1) -> int:
    print(f"faceorganizer draw: {printable(message)}", file=sys.stderr)
    return code


def annotated(
    pixels: np.ndarray,
    faces: Sequence[FaceResult],
    landmarks: bool,
    expressions: bool,
    age_gender: bool,
    min_probability: float = 0.05,
) -> Image.Image:
    """A copy of ``pixels`` with face-api.js's drawings: boxes with scores, then each part asked for."""
    from PIL import Image

    from ...api.draw import (
        DrawTextField,
        age_gender_lines,
        draw_detections,
        draw_face_expressions,
        draw_face_landmarks,
        expression_lines,
    )
    from ...geometry import Point

    image = Image.fromarray(pixels)
    draw_detections(image, faces)
    if landmarks:
        draw_face_landmarks(image, faces)
    for face in faces:
        below = face.box.bottom
        if expressions and face.expressions is not None:
            draw_face_expressions(image, face, min_probability=min_probability)
            below += DrawTextField(expression_lines(face.expressions, min_probability), (0, 0)).measure_height()
        if age_gender and face.age is not None:
            lines = age_gender_lines(face.age, face.gender, face.gender_probability or 0.0)
            DrawTextField(lines, Point(face.box.left, below)).draw(image)
    return image


def run(args: argparse.Namespace) -> int:
    from PIL import Image

    from ...api.analyze import Stages, analyze
    from ...imaging import ImageLoadError, decode

    out = Path(args.output)
    if out.suffix.lower() not in Image.registered_extensions():
        return _fail(f"cannot tell the image format from the output name {str(out)!r} (use .png or .jpg)", 2)
    try:
        options = options_from_args(args)
    except ValueError as exc:
        return _fail(str(exc), 2)
    try:
        decoded = decode(args.image)
    except ImageLoadError as exc:
        return _fail(str(exc))

    # Landmarks also align the face for the expression and age/gender nets, as .withFaceLandmarks() does.
    need_landmarks = args.landmarks or args.expressions or args.age_gender
    stages = Stages(landmarks=need_landmarks, expressions=args.expressions, age_gender=args.age_gender,
                    descriptors=False)  # fmt: skip
    faces = analyze(decoded.pixels, options, stages)

    image = annotated(decoded.pixels, faces, args.landmarks, args.expressions, args.age_gender, args.min_probability)

    try:
        image.save(out)
    except (OSError, ValueError, KeyError) as exc:
        return _fail(f"cannot write {out}: {exc}")
    print(f"{printable(out)}: {len(faces)} face(s)")
    for face in faces:  # the lines of `detect`, with the score as the image's label shows it
        print(f"  {face_summary(face.to_json())}")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("draw", help="save a copy of an image with face boxes, landmarks, expressions, age/gender")
    d.add_argument("image", metavar="IMAGE", help="image file (EXIF orientation applied)")
    d.add_argument("-o", "--output", required=True, metavar="OUT", help="output image; format from the suffix")
    d.add_argument("--landmarks", action="store_true", help="draw the 68 landmarks as contours and points")
    d.add_argument("--expressions", action="store_true", help="draw an expression field under each face")
    d.add_argument("--age-gender", action="store_true", help='draw "age years" and "gender (probability)"')
    add_detector_args(d)
    d.add_argument("--min-probability", type=float, default=0.05, help="smallest expression probability shown")
    d.set_defaults(func=run)
