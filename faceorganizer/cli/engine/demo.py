"""`faceorganizer demo`: the face pipeline on the bundled sample photos, with annotated copies to look at, so a
fresh install shows what it does before you point it at your own photos."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from ..output import fail, printable

DEMO_LIBRARY = "demo.sqlite"  # beside the user's library in the data folder; `faceorganizer --demo` opens it


def samples_dir() -> Path:
    """The bundled sample photos (``resources/samples`` in a checkout, ``faceorganizer/samples`` installed)."""
    try:
        return Path(str(resources.files("faceorganizer.samples")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[3] / "resources" / "samples"


def sample_photos() -> list[Path]:
    return sorted(samples_dir().glob("*.jpg"))


def run(args: argparse.Namespace) -> int:
    from ...api.analyze import analyze
    from ...api.matching import euclidean_distance
    from ...api.options import SsdMobilenetv1Options
    from ...imaging import ImageLoadError, decode
    from .detect import face_summary
    from .draw import annotated

    photos = sample_photos()
    if not photos:
        return fail("demo", f"no sample photos in {samples_dir()} (the installation is incomplete)")
    out = Path(args.output)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return fail("demo", f"cannot create {out}: {exc}")
    print(f"Faces in the {len(photos)} sample photos of {printable(samples_dir())}")
    print("(SSD MobileNetV1 detector, 68 landmarks, expressions, age and gender, 128-d descriptors):")
    found = []
    for photo in photos:
        try:
            decoded = decode(photo)
        except ImageLoadError as exc:
            return fail("demo", exc)
        faces = analyze(decoded.pixels, SsdMobilenetv1Options())
        print(f"  {photo.name} ({decoded.width}x{decoded.height}): {len(faces)} face(s)")
        for face in faces:
            print(f"    {face_summary(face.to_json())}")
            found.append((photo.name, face))
        target = out / f"{photo.stem}.annotated.png"
        try:
            annotated(decoded.pixels, faces, landmarks=True, expressions=True, age_gender=True).save(target)
        except OSError as exc:
            return fail("demo", f"cannot write {target}: {exc}")
    drawn = printable(out.resolve())
    print(f"Drawn face-api.js-style (boxes, landmarks, expressions, age/gender): {drawn}/*.annotated.png")
    if len(found) > 1:
        print("Who is who: each face's nearest other face (the same person is closer than 0.6):")
        for name, face in found:
            others = [(euclidean_distance(face.descriptor, f.descriptor), n) for n, f in found if f is not face]
            distance, nearest = min(others)
            verdict = "same person" if distance < 0.6 else "a different person"
            print(f"  {name}: {nearest} at {distance:.2f}, {verdict}")
    print("Next: `faceorganizer --demo` opens the app on these photos; `faceorganizer detect YOUR_PHOTOS` and")
    print("`faceorganizer` (the app: add a folder) work on your own.")
    sys.stdout.flush()
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("demo", help="analyse the bundled sample photos and save annotated copies")
    d.add_argument("-o", "--output", default="faceorganizer-demo", metavar="DIR",
                   help="folder for the annotated copies (default ./faceorganizer-demo)")  # fmt: skip
    d.set_defaults(func=run)
