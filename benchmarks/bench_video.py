"""Video indexing benchmark: video seconds indexed per wall second and peak RSS of a library scan of a generated
1080p video, next to decoding it alone.

usage: python benchmarks/bench_video.py [--seconds 60 | --full] [--fps 30] [--preset veryfast] [--gop 30]
                                        [--grain 0] [--workers 2] [--keep] [--dir DIR] [--json OUT.json]

Generates (at run time, with PyAV: libx264, yuv420p, High profile as phones write it) a 1920x1080 video of shots
4-12 s long, each a picture of ../shared/faceapi (or $FACEORGANIZER_FACEAPI_DIR: people photos and the group photos)
zoomed in and panned, in a temporary folder (removed unless --keep; --dir reuses/creates one, and a video already
there of the same settings). The default is a 60 s video; --full makes it 10 minutes (issue 17: "a 10-minute phone
video is indexed in well under its playing time on 2 cores; memory stays bounded"). Then, each in its own child
process so peak RSS figures do not mix:
  decode  every frame decoded (FFmpeg threads), none converted: the floor of a scan's decoding;
  scan    library.jobs.scan of the folder into a fresh catalog (IndexOptions defaults, --workers), models warmed
          up first: reading + hashing, decoding, sampling, the face pipeline on the samples, tracking, storing.
Targets: scan speed > 1x (video seconds per wall second; "well under its playing time"), scan peak RSS < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FACEAPI = Path(os.environ.get("FACEORGANIZER_FACEAPI_DIR", REPO.parent / "shared" / "faceapi"))
SIZE = (1920, 1080)


def sources() -> list[Path]:
    found = sorted((FACEAPI / "examples").glob("bbt*.jpg")) + sorted((FACEAPI / "people-photos").glob("*/*.jpg"))
    if not found:
        sys.exit(f"no pictures under {FACEAPI} (set FACEORGANIZER_FACEAPI_DIR)")
    return found


def generate(path: Path, seconds: float, fps: int, preset: str, gop: int, grain: int = 0, seed: int = 0) -> dict:
    """Write the video: shots of random pictures, each zoomed 1.1-1.4x and panned corner to corner, a keyframe
    every ``gop`` frames (phones write one every second or so); ``grain``: noise of +-grain grey levels on every
    frame, so that the bitrate (and the decoding work) is a camera's rather than a still picture's."""
    import av
    import numpy as np
    from PIL import Image

    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    pictures = sources()
    w, h = SIZE
    shots, total = [], 0
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.options = {"preset": preset, "crf": "23", "profile": "high"}
        stream.codec_context.gop_size = gop
        while total < seconds * fps:
            n = min(round(rng.uniform(4, 12) * fps), round(seconds * fps) - total)
            with Image.open(rng.choice(pictures)) as im:
                pic = im.convert("RGB")
            scale = max(w / pic.width, h / pic.height) * rng.uniform(1.1, 1.4)
            big = np.asarray(pic.resize((round(pic.width * scale), round(pic.height * scale)), Image.BILINEAR))
            for i in range(n):
                t = i / max(1, n - 1)
                x, y = round(t * (big.shape[1] - w)), round(t * (big.shape[0] - h))
                pixels = np.ascontiguousarray(big[y : y + h, x : x + w])
                if grain:
                    pixels = np.clip(pixels + noise.integers(-grain, grain + 1, (h, w, 1), dtype=np.int16), 0, 255)
                frame = av.VideoFrame.from_ndarray(pixels.astype(np.uint8), format="rgb24")
                for packet in stream.encode(frame):
                    container.mux(packet)
            shots.append(n / fps)
            total += n
        for packet in stream.encode():
            container.mux(packet)
    size = path.stat().st_size
    return {"seconds": total / fps, "shots": len(shots), "fps": fps, "preset": preset, "gop": gop, "grain": grain,
            "bytes": size, "mbit_per_s": size * 8 / 1e6 / (total / fps)}  # fmt: skip


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def child_decode(video: Path) -> dict:
    from faceorganizer.library.indexing.video.decode import frames, open_video

    start, cpu, n = time.perf_counter(), _cpu_s(), 0
    with open_video(video) as (container, stream):
        for _ in frames(container, stream):
            n += 1
    return {"frames": n, "seconds": time.perf_counter() - start, "cpu_seconds": _cpu_s() - cpu}


def child_scan(folder: Path, library: Path, workers: int) -> dict:
    import numpy as np

    from faceorganizer.api.analyze import analyze
    from faceorganizer.library.catalog import Catalog
    from faceorganizer.library.indexing import IndexOptions, scan
    from faceorganizer.library.indexing.video import analyze as video_analysis

    analyze(np.zeros((720, 1280, 3), np.uint8))  # loads the models: not timed
    samples: list[int] = []
    decoded: list[int] = []
    real = video_analysis.analyze
    real_track = video_analysis.track_faces

    def track(*a, **k):  # notes how many frames the scan decoded
        found = real_track(*a, **k)
        decoded.append(found.decoded)
        return found

    from faceorganizer.library.indexing import media

    media.track_faces = track
    video_analysis.analyze = lambda *a, **k: samples.append(1) or real(*a, **k)  # counts the sampled frames
    with Catalog.open(library) as catalog:
        start, cpu = time.perf_counter(), _cpu_s()
        summary = scan(catalog, [folder], IndexOptions(workers=workers))
        seconds = time.perf_counter() - start
        shots = catalog.scalar("SELECT count(DISTINCT shot) FROM faces WHERE shot IS NOT NULL")
    return {"indexed": summary.indexed, "errors": [e.error for e in summary.errors], "tracks": summary.faces,
            "frames_decoded": decoded[0] if decoded else None,
            "shots_with_faces": shots, "samples": len(samples), "seconds": seconds,
            "cpu_seconds": _cpu_s() - cpu}  # fmt: skip


def run_child(*args: str) -> dict:
    """One measurement in a fresh interpreter; its last stdout line is the JSON result."""
    load = os.getloadavg()[0]
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"child {args[0]} failed:\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["load_before"] = round(load, 2)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60.0, help="length of the generated video (default 60)")
    ap.add_argument("--full", action="store_true", help="a 10-minute video (the issue's case)")
    ap.add_argument("--fps", type=int, default=30)
    ap.add_argument("--preset", default="veryfast", help="libx264 preset of the generated video")
    ap.add_argument("--gop", type=int, default=30, help="frames from one keyframe to the next (default 30: 1 s)")
    ap.add_argument(
        "--grain", type=int, default=0, help="noise on every frame, +-N grey levels (6: ~3, 14: ~49 Mbit/s)"
    )
    ap.add_argument("--workers", type=int, default=2, help="IndexOptions.workers for the scan (default 2)")
    ap.add_argument("--keep", action="store_true", help="keep the generated video and library")
    ap.add_argument("--dir", type=Path, help="folder for the video + library (a video there is reused)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        kind = args.child[0]
        if kind == "decode":
            out = child_decode(Path(args.child[1]))
        else:
            out = child_scan(Path(args.child[1]), Path(args.child[2]), int(args.child[3]))
        out["peak_rss_mb"] = _peak_rss_mb()
        print(json.dumps(out))
        return

    seconds = 600.0 if args.full else args.seconds
    base = args.dir or Path(tempfile.mkdtemp(prefix="bench_video_"))
    folder, library = base / "videos", base / "library.db"
    video = folder / f"video-{int(seconds)}s-{args.fps}fps-{args.preset}-gop{args.gop}-grain{args.grain}.mp4"
    meta = video.with_suffix(".json")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if video.exists() and meta.exists():
            made = json.loads(meta.read_text())
        else:
            for old in folder.glob("video-*"):
                old.unlink()
            t = time.perf_counter()
            made = generate(video, seconds, args.fps, args.preset, args.gop, args.grain)
            made["generate_seconds"] = time.perf_counter() - t
            meta.write_text(json.dumps(made))
        meta_outside = base / meta.name
        shutil.move(str(meta), meta_outside)  # only the video in the scanned folder
        print(f"{made['seconds']:.0f} s 1080p video, {made['shots']} shots, {made['bytes'] / 1e6:.0f} MB: {video}",
              file=sys.stderr)  # fmt: skip
        for f in base.glob("library.db*"):
            f.unlink()
        results: dict = {"machine": {"cpus": os.cpu_count(), "load_start": os.getloadavg()}, "video": made}
        print("measuring decode ...", file=sys.stderr)
        results["decode"] = run_child("decode", str(video))
        print("measuring scan ...", file=sys.stderr)
        results["scan"] = run_child("scan", str(folder), str(library), str(args.workers))
        results["machine"]["load_end"] = os.getloadavg()
        shutil.move(str(meta_outside), meta)
    finally:
        if not args.keep and args.dir is None:
            shutil.rmtree(base, ignore_errors=True)
        elif args.keep:
            print(f"kept {base}", file=sys.stderr)

    decode, scan = results["decode"], results["scan"]
    decode["frames_per_s"] = decode["frames"] / decode["seconds"]
    decode["video_s_per_s"] = made["seconds"] / decode["seconds"]
    scan["video_s_per_s"] = made["seconds"] / scan["seconds"]
    results["targets"] = {
        "faster_than_playing_time": scan["video_s_per_s"] > 1.0,
        "scan_peak_rss_lt_1gb": scan["peak_rss_mb"] < 1024,
        "indexed_without_error": scan["indexed"] == 1 and not scan["errors"],
    }
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
