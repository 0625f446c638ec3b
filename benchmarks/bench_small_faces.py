"""Small faces in 12 MP photos: recall, false boxes and cost of the small-face mode against the plain pipeline.

usage: python benchmarks/bench_small_faces.py [FOLDER] [--widths 24,32,40,60,100,130] [--canvases 2]
       [--people PEOPLE_FOLDER] [--json OUT.json]

FOLDER holds group photos and ``group-labels.json`` (default: ../shared/faceapi/examples, or
$FACEORGANIZER_FACEAPI_DIR/examples): ``{"faces": {"photo.jpg": [{"box": {x, y, width, height}, "person": ...,
"uncertain": bool}, ...]}}``. For each face width the benchmark builds 4000x3000 composites: the group photos
scaled so their faces are that wide, packed on a realistic background (another group photo upscaled to the
canvas and blurred; its own faces, and faces marked uncertain, are excluded from scoring), saved as JPEG
(quality 92). Each composite is indexed as the app indexes a photo (read, reduced decode, detection, the
face nets) with the small-face mode off and on, in the same run. A detection matches a labelled face at
IoU > 0.3; a false box matches none and is not on an excluded face.

Identification: the faces found in the composites are matched against the people of PEOPLE_FOLDER (default
../shared/faceapi/people-photos: one folder per person) by the nearest person at distance 0.6
(face-api.js's FaceMatcher): right, wrong or unknown.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFilter

from faceorganizer.api.analyze import analyze
from faceorganizer.api.matching import FaceMatcher, LabeledFaceDescriptors
from faceorganizer.api.options import SsdMobilenetv1Options
from faceorganizer.api.small_faces import SmallFacesOptions
from faceorganizer.geometry import Box
from faceorganizer.imaging import load_image
from faceorganizer.library.indexing.photo_reader import analyze_photo, read_photo

REPO = Path(__file__).resolve().parents[1]
FACEAPI = Path(os.environ.get("FACEORGANIZER_FACEAPI_DIR", REPO.parent / "shared" / "faceapi"))
CANVAS = (4000, 3000)
MARGIN = 24
MATCH_IOU = 0.3
#: The indexer's reduced decode (IndexOptions.max_side).
MAX_SIDE = 1280


@dataclass
class Composite:
    """One canvas: its JPEG path, labelled faces (box, person) and the boxes excluded from scoring."""

    path: Path
    faces: list[tuple[Box, str]]
    excluded: list[Box]


def _box(d: dict, scale: float = 1.0, dx: float = 0.0, dy: float = 0.0) -> Box:
    return Box(d["x"] * scale + dx, d["y"] * scale + dy, d["width"] * scale, d["height"] * scale)


def build_composites(folder: Path, width: int, count: int, out: Path, most: int = 92) -> list[Composite]:
    """``count`` 4000x3000 canvases whose pasted group photos have faces ``width`` px wide (median), at most
    ``most`` labelled faces each (as many as fit when they are larger)."""
    labels = json.loads((folder / "group-labels.json").read_text())["faces"]
    names = sorted(labels)
    made = []
    for k in range(count):
        bg_name = names[k % len(names)]
        bg = Image.open(folder / bg_name).convert("RGB")
        sx, sy = CANVAS[0] / bg.width, CANVAS[1] / bg.height
        canvas = bg.resize(CANVAS, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(12))
        excluded = [Box(f["box"]["x"] * sx, f["box"]["y"] * sy, f["box"]["width"] * sx, f["box"]["height"] * sy)
                    for f in labels[bg_name]]  # fmt: skip
        faces: list[tuple[Box, str]] = []
        x = y = MARGIN
        row_h = 0
        order = [n for n in names[k + 1 :] + names[: k + 1]]
        i = misses = 0
        while misses < len(order) and len(faces) < most:
            name = order[i % len(order)]
            i += 1
            entries = labels[name]
            scale = width / statistics.median(f["box"]["width"] for f in entries)
            photo = Image.open(folder / name).convert("RGB")
            pw, ph = round(photo.width * scale), round(photo.height * scale)
            if x + pw + MARGIN > CANVAS[0]:
                x, y, row_h = MARGIN, y + row_h + MARGIN, 0
            if pw + 2 * MARGIN > CANVAS[0] or y + ph + MARGIN > CANVAS[1]:
                misses += 1
                continue
            misses = 0
            canvas.paste(photo.resize((pw, ph), Image.Resampling.LANCZOS), (x, y))
            for f in entries:
                box = _box(f["box"], scale, x, y)
                (excluded.append(box) if f.get("uncertain") else faces.append((box, f["person"])))
            x += pw + MARGIN
            row_h = max(row_h, ph)
        path = out / f"composite_{width}px_{k}.jpg"
        canvas.save(path, quality=92)
        made.append(Composite(path, faces, excluded))
    return made


def score(found: list[Box], comp: Composite) -> tuple[list[int | None], int]:
    """For each labelled face the index of the detection matching it (or None), and the number of false boxes."""
    pairs = sorted(
        ((f.iou(g), fi, gi) for fi, f in enumerate(found) for gi, (g, _) in enumerate(comp.faces)), reverse=True
    )
    match: list[int | None] = [None] * len(comp.faces)
    used: set[int] = set()
    for v, fi, gi in pairs:
        if v <= MATCH_IOU:
            break
        if match[gi] is None and fi not in used:
            match[gi], _ = fi, used.add(fi)
    false = sum(
        1 for fi, f in enumerate(found) if fi not in used and not any(f.iou(e) > MATCH_IOU for e in comp.excluded)
    )
    return match, false


def reference_matcher(people: Path) -> FaceMatcher:
    labelled = []
    for person in sorted(p for p in people.iterdir() if p.is_dir()):
        descriptors = []
        for photo in sorted(person.iterdir()):
            faces = analyze(load_image(photo))
            if faces:
                descriptors.append(max(faces, key=lambda f: f.score).descriptor)
        labelled.append(LabeledFaceDescriptors(person.name, descriptors))
    return FaceMatcher(labelled, 0.6)


def few_faces_cost(folder: Path, out: Path, repeats: int = 5) -> dict:
    """Seconds per photo, off and on, of 12 MP photos holding one group photo with large faces (200 px):
    the common photo of a library, where the mode finds nothing new and only costs."""
    comps = [c for w in (200,) for c in build_composites(folder, w, 3, out, most=1)]
    modes = {"off": SsdMobilenetv1Options(), "on": SmallFacesOptions()}
    seconds: dict[str, list[float]] = {m: [] for m in modes}
    for _ in range(repeats):
        for mode, options in modes.items():  # interleaved, so both see the same load
            for comp in comps:
                start = time.perf_counter()
                analyze_photo(str(comp.path), read_photo(str(comp.path)), options, "ssd_mobilenetv1", MAX_SIDE)
                seconds[mode].append(time.perf_counter() - start)
    row = {m: statistics.median(v) for m, v in seconds.items()}
    row["faces_per_photo"] = statistics.mean(len(c.faces) for c in comps)
    row["cost_ratio"] = row["on"] / row["off"]
    return row


def run(folder: Path, people: Path | None, widths: list[int], canvases: int, out: Path) -> list[dict]:
    matcher = reference_matcher(people) if people is not None else None
    modes = {"off": SsdMobilenetv1Options(), "on": SmallFacesOptions()}
    rows = []
    for width in widths:
        comps = build_composites(folder, width, canvases, out)
        row: dict = {"width": width, "faces": sum(len(c.faces) for c in comps), "photos": len(comps)}
        for mode, options in modes.items():
            found_total = false_total = 0
            seconds = []
            ident = {"right": 0, "wrong": 0, "unknown": 0}
            for comp in comps:
                start = time.perf_counter()
                read = read_photo(str(comp.path))
                _, faces = analyze_photo(str(comp.path), read, options, "ssd_mobilenetv1", MAX_SIDE)
                seconds.append(time.perf_counter() - start)
                match, false = score([f.box for f in faces], comp)
                found_total += sum(m is not None for m in match)
                false_total += false
                if matcher is not None:
                    for (_, person), m in zip(comp.faces, match, strict=True):
                        if m is None or faces[m].descriptor is None:
                            continue
                        label = matcher.find_best_match(faces[m].descriptor).label
                        ident["unknown" if label == "unknown" else "right" if label == person else "wrong"] += 1
            row[mode] = {
                "recall": found_total / max(1, row["faces"]),
                "false_per_photo": false_total / len(comps),
                "seconds_per_photo": statistics.median(seconds),
                "identified": ident,
            }
        row["cost_ratio"] = row["on"]["seconds_per_photo"] / row["off"]["seconds_per_photo"]
        rows.append(row)
        print(_line(row), flush=True)
    return rows


def _line(row: dict) -> str:
    parts = [f"{row['width']:>4} px  {row['faces']:>3} faces"]
    for mode in ("off", "on"):
        r = row[mode]
        i = r["identified"]
        parts.append(
            f"{mode}: recall {r['recall']:6.1%} false/photo {r['false_per_photo']:4.1f} "
            f"{r['seconds_per_photo']:5.2f} s  id {i['right']}/{i['wrong']}/{i['unknown']}"
        )
    parts.append(f"cost on/off {row['cost_ratio']:.1f}x")
    return "  |  ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=FACEAPI / "examples")
    parser.add_argument("--people", type=Path, default=FACEAPI / "people-photos")
    parser.add_argument("--widths", default="24,32,40,60,100,130")
    parser.add_argument("--canvases", type=int, default=2)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="write the composites here (default: a temporary folder)")
    args = parser.parse_args()
    if not (args.folder / "group-labels.json").is_file():
        sys.exit(f"{args.folder}: no group-labels.json (give a folder of group photos with their labels)")
    people = args.people if args.people.is_dir() else None
    widths = [int(w) for w in args.widths.split(",")]
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        print("identification: right/wrong/unknown at distance 0.6" + ("" if people else " (no people folder)"))
        rows = run(args.folder, people, widths, args.canvases, out)
        few = few_faces_cost(args.folder, out)
    print(
        f"12 MP photos with {few['faces_per_photo']:.0f} large faces: off {few['off']:.2f} s, on {few['on']:.2f} s"
        f" per photo, cost on/off {few['cost_ratio']:.1f}x"
    )
    if args.json:
        args.json.write_text(json.dumps({"widths": rows, "few_large_faces": few}, indent=2))


if __name__ == "__main__":
    main()
