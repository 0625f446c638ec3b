"""Indexing benchmark: photos/second and peak RSS of a library scan against the bare engine, and re-scan speed.

usage: python benchmarks/bench_index.py [--photos 200] [--workers 2] [--keep] [--dir DIR] [--json OUT.json]

Generates a folder of photos (half 12 MP 4000x3000, half 2 MP 1600x1200, JPEG quality 90) by tiling
the example images of ../shared/faceapi (or $FACEORGANIZER_FACEAPI_DIR), in a temporary folder
(removed unless --keep; --dir reuses/creates a given folder), then measures, each in its own child
process so peak RSS figures do not mix:
  bare    imaging.decode (full resolution) + api.analyze.analyze over the files in a loop;
  scan    library.jobs.scan into a fresh catalog (IndexOptions defaults, --workers);
  rescan  the same scan again on the unchanged folder (no model may run).
Both timed runs exclude loading the models (a warm-up photo runs first); the re-scan runs in a cold
process with no warm-up, since it must not need the models at all.
Targets (issue 4): scan >= 90% of the bare engine's photos/second, scan peak RSS < 1 GB, re-scan
>= 20x faster than the first scan with zero model calls.
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
# (width, height, columns, rows) of the two photo kinds
SIZES = {"12mp": (4000, 3000, 4, 3), "2mp": (1600, 1200, 2, 2)}
NET_NAMES = ("ssd_mobilenetv1", "tiny_face_detector", "face_landmark_68", "face_landmark_68_tiny",
             "face_expression", "age_gender", "face_recognition")  # fmt: skip


def sources() -> list[Path]:
    found = sorted((FACEAPI / "examples").glob("*.jpg")) + sorted((FACEAPI / "people-photos").glob("*/*.jpg"))
    if not found:
        sys.exit(f"no example images under {FACEAPI} (set FACEORGANIZER_FACEAPI_DIR)")
    return found


def tile(images: list, width: int, height: int, cols: int, rows: int, rng: random.Random):
    """One photo: a cols x rows grid of randomly chosen example images, each scaled to cover its cell."""
    from PIL import Image, ImageOps

    canvas = Image.new("RGB", (width, height))
    cw, ch = width // cols, height // rows
    for r in range(rows):
        for c in range(cols):
            im = rng.choice(images)
            if rng.random() < 0.5:
                im = ImageOps.mirror(im)
            canvas.paste(ImageOps.fit(im, (cw, ch), Image.Resampling.BILINEAR), (c * cw, r * ch))
    return canvas


def generate(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """``count`` photos in ``folder`` (half of each size); existing files of the same names are kept."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    images = [Image.open(p).convert("RGB") for p in sources()]
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        kind = "12mp" if i % 2 == 0 else "2mp"
        path = folder / f"photo_{i:04d}_{kind}.jpg"
        photo = tile(images, *SIZES[kind], rng)  # drawn even when the file exists: same photos either way
        if not path.exists():
            photo.save(path, "JPEG", quality=90)
        paths.append(path)
    return paths


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _model_calls() -> int:
    from faceorganizer.nets import registry

    return sum(getattr(registry(), name).run_count for name in NET_NAMES)


def _loaded() -> list[str]:
    from faceorganizer.nets import registry

    return [name for name in NET_NAMES if getattr(registry(), name).is_loaded]


def _warm_up() -> None:
    from faceorganizer.api.analyze import analyze
    from faceorganizer.imaging import decode

    analyze(decode(sources()[0]).pixels)


def child_bare(folder: Path) -> dict:
    from faceorganizer.api.analyze import analyze
    from faceorganizer.imaging import decode

    paths = sorted(folder.glob("*.jpg"))
    _warm_up()
    calls, cpu, faces = _model_calls(), _cpu_s(), 0
    start = time.perf_counter()
    for path in paths:
        faces += len(analyze(decode(path).pixels))
    seconds = time.perf_counter() - start
    return {"photos": len(paths), "faces": faces, "seconds": seconds, "cpu_seconds": _cpu_s() - cpu,
            "model_calls": _model_calls() - calls}  # fmt: skip


def child_scan(folder: Path, library: Path, workers: int, warm: bool) -> dict:
    from faceorganizer.library.catalog import Catalog
    from faceorganizer.library.indexing import IndexOptions, scan

    if warm:
        _warm_up()
    with Catalog.open(library) as catalog:
        calls, cpu = _model_calls(), _cpu_s()
        start = time.perf_counter()
        summary = scan(catalog, [folder], IndexOptions(workers=workers))
        seconds = time.perf_counter() - start
    return {"photos": summary.seen, "indexed": summary.indexed, "unchanged": summary.unchanged,
            "faces": summary.faces, "errors": len(summary.errors), "seconds": seconds,
            "cpu_seconds": _cpu_s() - cpu, "model_calls": _model_calls() - calls,
            "nets_loaded": _loaded()}  # fmt: skip


def run_child(*args: str) -> dict:
    """Run one measurement in a fresh interpreter; its last stdout line is the JSON result."""
    load = os.getloadavg()[0]
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"child {args[0]} failed:\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["load_before"] = round(load, 2)
    out["photos_per_s"] = out["photos"] / out["seconds"]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--photos", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2, help="IndexOptions.workers for the scan (default 2)")
    ap.add_argument("--keep", action="store_true", help="keep the generated photos and library")
    ap.add_argument("--dir", type=Path, help="folder for photos + library (reused if it has them)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        kind, folder = args.child[0], Path(args.child[1])
        if kind == "bare":
            out = child_bare(folder)
        else:
            out = child_scan(folder, Path(args.child[2]), int(args.child[3]), warm=kind == "scan")
        out["peak_rss_mb"] = _peak_rss_mb()
        print(json.dumps(out))
        return

    base = args.dir or Path(tempfile.mkdtemp(prefix="bench_index_"))
    photos, library = base / "photos", base / "library.db"
    try:
        t = time.perf_counter()
        generate(photos, args.photos)
        print(f"{args.photos} photos in {photos} ({time.perf_counter() - t:.0f} s to generate)", file=sys.stderr)
        for f in base.glob("library.db*"):
            f.unlink()  # a fresh catalog for every run
        results = {"machine": {"cpus": os.cpu_count(), "load_start": os.getloadavg()}}
        for kind in ("bare", "scan", "rescan"):
            print(f"measuring {kind} ...", file=sys.stderr)
            extra = () if kind == "bare" else (str(library), str(args.workers))
            results[kind] = run_child(kind, str(photos), *extra)
        results["machine"]["load_end"] = os.getloadavg()
    finally:
        if not args.keep and args.dir is None:
            shutil.rmtree(base, ignore_errors=True)
        elif args.keep:
            print(f"kept {base}", file=sys.stderr)

    bare, first, again = results["bare"], results["scan"], results["rescan"]
    results["scan_vs_bare"] = first["photos_per_s"] / bare["photos_per_s"]
    results["rescan_speedup"] = first["seconds"] / again["seconds"]
    results["targets"] = {
        "scan_throughput_ge_90pct": results["scan_vs_bare"] >= 0.9,
        "scan_peak_rss_lt_1gb": first["peak_rss_mb"] < 1024,
        "rescan_ge_20x": results["rescan_speedup"] >= 20,
        "rescan_no_model_calls": again["model_calls"] == 0 and not again["nets_loaded"],
    }
    print(f"\n{'run':<8}{'photos':>7}{'faces':>7}{'seconds':>9}{'photos/s':>10}{'cpu s':>8}{'peak RSS MB':>13}"
          f"{'model calls':>13}{'load':>6}")  # fmt: skip
    for kind in ("bare", "scan", "rescan"):
        r = results[kind]
        print(f"{kind:<8}{r['photos']:>7}{r['faces']:>7}{r['seconds']:>9.2f}{r['photos_per_s']:>10.2f}"
              f"{r['cpu_seconds']:>8.1f}{r['peak_rss_mb']:>13.0f}{r['model_calls']:>13}"
              f"{r['load_before']:>6.2f}")  # fmt: skip
    print(f"\nscan / bare throughput: {results['scan_vs_bare']:.1%} (target >= 90%)")
    print(f"re-scan speed-up: {results['rescan_speedup']:.0f}x (target >= 20x), model calls {again['model_calls']}")
    print("targets: " + ", ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in results["targets"].items()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
