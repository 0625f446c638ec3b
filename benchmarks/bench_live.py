"""The live loop's frames per second on a 640x480 source (issue 17: the Camera window's analysis, at >= 15 fps
on 2 cores with the Tiny Face Detector at 320).

Makes 640x480 videos with PyAV (a bundled portrait moving across the frame: one face; face-api.js's group
photo bbt1.jpg fitted in the frame: 4 faces, when ../shared/faceapi is there), then runs the same loop as
`faceorganizer camera --source FILE --no-window` on each: the Tiny Face Detector at 320, tiny landmarks,
expressions, age/gender, and descriptors matched against the people of people-photos (8 people, 5 photos
each) when that folder is there, else against the portrait itself. Two ways per video:

- paced: frames handed in at the video's 30 fps, as a camera delivers them; the fps reached and the frames
  dropped (the live view's own numbers);
- flat out: each frame handed in as soon as the one before is analysed, so the analysis never waits for a
  frame (nor drops one): the most frames per second the loop can analyse on this machine.

    python benchmarks/bench_live.py [--seconds 10] [--input-size 320]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from importlib import resources
from pathlib import Path

import numpy as np
from PIL import Image

from faceorganizer.api.analyze import analyze
from faceorganizer.api.live import FrameAnalyzer, LiveLoop, VideoFile, live_options, write_video
from faceorganizer.api.matching import FaceMatcher, LabeledFaceDescriptors
from faceorganizer.imaging import decode

FACEAPI = Path(os.environ.get("FACEORGANIZER_FACEAPI_DIR", Path(__file__).resolve().parents[2] / "shared" / "faceapi"))
SIZE, FPS = (640, 480), 30


def portrait_frames(count: int):
    """The bundled Grace Hopper portrait, 360 px high, moving across a grey 640x480 frame."""
    photo = Image.open(str(resources.files("faceorganizer.samples") / "grace_hopper.jpg")).convert("RGB")
    face = np.asarray(photo.resize((307, 360)))
    for i in range(count):
        frame = np.full((SIZE[1], SIZE[0], 3), 96, np.uint8)
        x = round((SIZE[0] - 307) * i / max(1, count - 1))
        frame[60:420, x : x + 307] = face
        yield frame


def group_frames(count: int, photo: Path):
    """A group photo fitted in the 640x480 frame, moving by a few pixels a frame (a hand-held camera)."""
    image = Image.open(photo).convert("RGB")
    image.thumbnail((SIZE[0] + 40, SIZE[1] + 40))
    pixels = np.asarray(image)
    for i in range(count):
        frame = np.full((SIZE[1], SIZE[0], 3), 96, np.uint8)
        dx, dy = (i * 2) % 40, (i // 2) % 20
        part = pixels[dy : dy + SIZE[1], dx : dx + SIZE[0]]
        frame[: part.shape[0], : part.shape[1]] = part
        yield frame


def people_matcher() -> tuple[FaceMatcher, str]:
    """The people of people-photos (their photos' descriptors), else the portrait's own face."""
    folder = FACEAPI / "people-photos"
    labelled = []
    if folder.is_dir():
        for person in sorted(p for p in folder.iterdir() if p.is_dir()):
            descriptors = [f.descriptor for path in sorted(person.glob("*.jpg"))
                           for f in analyze(decode(path).pixels)[:1]]  # fmt: skip
            if descriptors:
                labelled.append(LabeledFaceDescriptors(person.name, descriptors))
        return FaceMatcher(labelled), f"{len(labelled)} people of people-photos"
    first = next(iter(portrait_frames(1)))
    return FaceMatcher([LabeledFaceDescriptors("grace", [analyze(first)[0].descriptor])]), "the portrait"


def run(video: Path, analyzer: FrameAnalyzer, paced: bool) -> dict:
    loop: LiveLoop = LiveLoop(analyzer)
    faces: list[int] = []
    loop.on_result = lambda r: faces.append(len(r.faces))
    with VideoFile(video) as source:
        for pixels, at in source.play() if paced else source.frames():
            loop.submit(pixels, at)
            if not paced:
                loop.wait_idle()  # the next frame as soon as this one is analysed
    stats = loop.close(drain=True)
    return {**stats.to_json(), "faces_per_frame": round(float(np.mean(faces)), 2) if faces else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10.0, help="length of each test video (default 10)")
    ap.add_argument("--input-size", type=int, default=320, help="the Tiny Face Detector's input size")
    args = ap.parse_args()
    count = round(args.seconds * FPS)
    matcher, matched = people_matcher()
    analyzer = FrameAnalyzer(live_options(args.input_size), matcher)
    analyzer.warm_up()
    print(f"live loop, {SIZE[0]}x{SIZE[1]} at {FPS} fps, {args.seconds:g} s; Tiny Face Detector {args.input_size}, "
          f"tiny landmarks, expressions, age/gender, descriptors matched against {matched}; "
          f"{os.cpu_count()} cores")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        videos = {"portrait (1 face)": Path(tmp) / "portrait.mp4"}
        write_video(videos["portrait (1 face)"], portrait_frames(count), fps=FPS)
        group = FACEAPI / "examples" / "bbt1.jpg"
        if group.is_file():
            videos["group photo bbt1"] = Path(tmp) / "group.mp4"
            write_video(videos["group photo bbt1"], group_frames(count, group), fps=FPS)
        print(f"{'source':<20} {'mode':<9} {'fps':>6} {'analysed':>9} {'dropped':>8} {'ms/frame':>9} {'faces':>6}")
        for name, video in videos.items():
            for paced in (True, False):
                r = run(video, analyzer, paced)
                mode = "paced" if paced else "flat out"
                print(f"{name:<20} {mode:<9} {r['fps']:>6.1f} {r['analysed']:>9} {r['dropped']:>8} "
                      f"{r['mean_analysis_ms']:>9.1f} {r['faces_per_frame']:>6}")  # fmt: skip


if __name__ == "__main__":
    main()
