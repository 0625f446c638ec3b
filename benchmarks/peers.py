"""Times face-api.js itself (Node peers) on the same pixels as our engine, for side-by-side benchmarks."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

NODE_DIR = Path(__file__).resolve().parent / "node"
SCRIPT = NODE_DIR / "bench_faceapi.js"
# Each peer gets its own npm prefix (face-api.js pins tfjs-core 1.7.0, the @vladmandic build wants
# tfjs 4.22.0); under node_modules/ so that git ignores the installs (.gitignore).
DEFAULT_CACHE_DIR = NODE_DIR / "node_modules" / ".peers"

STAGES: tuple[str, ...] = (
    "ssd_detect",
    "tiny416_detect",
    "ssd_landmarks68",
    "ssd_full",
    "tiny416_full",
    "yolo416_detect",
    "mtcnn_detect",
)
DEFAULT_PEERS: tuple[str, ...] = ("faceapi-cpu", "vlad-wasm-simd")

# @napi-rs/canvas: face-api.js's MTCNN reads only canvases (a skia canvas, as reference/*.legacy.pil-decoded.json)
_FACEAPI_JS = {"face-api.js": "0.22.2", "@tensorflow/tfjs-core": "1.7.0", "@napi-rs/canvas": "0.1.65"}
_VLAD_WASM = {
    "@vladmandic/face-api": "1.7.15",
    "@tensorflow/tfjs": "4.22.0",
    "@tensorflow/tfjs-backend-wasm": "4.22.0",
}
# peer name -> (install folder under the cache dir, exact package versions npm installs there)
PEER_INSTALLS: dict[str, tuple[str, dict[str, str]]] = {
    "faceapi-cpu": ("faceapi-cpu", _FACEAPI_JS),
    "vlad-wasm-simd": ("vlad-wasm", _VLAD_WASM),
    "vlad-wasm-nosimd": ("vlad-wasm", _VLAD_WASM),
}
# The @vladmandic package ships the face-api.js weights (byte-identical to face-api.js 0.22.2's) here.
VLAD_MODEL_DIR = ("node_modules", "@vladmandic", "face-api", "model")


class PeerError(RuntimeError):
    """A peer could not be installed or run (no node/npm, install failure, the benchmark failed)."""


def _installed_version(prefix: Path, package: str) -> str | None:
    manifest = prefix / "node_modules" / package / "package.json"
    try:
        return json.loads(manifest.read_text()).get("version")
    except (OSError, ValueError):
        return None


def ensure_installed(peer: str, cache_dir: str | Path | None = None) -> Path:
    """Install the peer's npm packages into its own prefix unless the pinned versions are there.

    Returns the prefix (the folder holding node_modules/). Runs plain
    ``npm install --no-save --prefix <prefix> name@version ...`` with the machine's npm config.
    """
    if peer not in PEER_INSTALLS:
        raise ValueError(f"unknown peer {peer!r}; known: {', '.join(PEER_INSTALLS)}")
    folder, packages = PEER_INSTALLS[peer]
    prefix = Path(cache_dir if cache_dir is not None else DEFAULT_CACHE_DIR) / folder
    missing = [f"{name}@{ver}" for name, ver in packages.items() if _installed_version(prefix, name) != ver]
    if not missing:
        return prefix
    npm = shutil.which("npm")
    if npm is None:
        raise PeerError("npm not found on PATH: the face-api.js peers need Node.js and npm")
    prefix.mkdir(parents=True, exist_ok=True)
    specs = [f"{name}@{ver}" for name, ver in packages.items()]
    log.info("installing %s into %s", " ".join(specs), prefix)
    proc = subprocess.run(
        [npm, "install", "--no-save", "--prefix", str(prefix), *specs],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise PeerError(f"npm install for {peer} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    still = [f"{n}@{v}" for n, v in packages.items() if _installed_version(prefix, n) != v]
    if still:
        raise PeerError(f"npm install for {peer} did not install {', '.join(still)}")
    return prefix


def _check_images(images: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    if not isinstance(images, Mapping) or not images:
        raise ValueError("images must be a non-empty dict name -> HxWx3 uint8 array")
    checked: dict[str, np.ndarray] = {}
    for name, img in images.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"image names must be non-empty strings, got {name!r}")
        arr = np.asarray(img)
        if arr.dtype != np.uint8 or arr.ndim != 3 or arr.shape[2] != 3 or arr.shape[0] < 1 or arr.shape[1] < 1:
            raise ValueError(f"image {name!r}: expected HxWx3 uint8 RGB, got {arr.dtype} {arr.shape}")
        checked[name] = np.ascontiguousarray(arr)
    return checked


def write_manifest(images: Mapping[str, np.ndarray], folder: Path) -> Path:
    """Write each image's raw HxWx3 uint8 RGB bytes into ``folder`` plus the ``images.json`` manifest
    (``[{"name", "file", "height", "width"}]``) that the Node scripts read; returns the manifest path."""
    checked = _check_images(images)
    entries = []
    for i, (name, arr) in enumerate(checked.items()):
        raw = folder / f"{i}.rgb"
        raw.write_bytes(arr.tobytes())
        entries.append({"name": name, "file": str(raw), "height": arr.shape[0], "width": arr.shape[1]})
    manifest = folder / "images.json"
    manifest.write_text(json.dumps(entries))
    return manifest


def _check_count(label: str, value: int, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{label} must be an integer >= {minimum}, got {value!r}")
    return value


def run_peer(
    peer: str,
    manifest: Path,
    weights_dir: Path,
    *,
    runs: int,
    warmup: int,
    stages: Sequence[str] = STAGES,
    cache_dir: str | Path | None = None,
    timeout_s: float | None = None,
    quiet: bool = False,
) -> dict:
    """Run ``node bench_faceapi.js`` once for one peer on images already written per ``manifest``."""
    prefix = ensure_installed(peer, cache_dir)
    node = shutil.which("node")
    if node is None:
        raise PeerError("node not found on PATH: the face-api.js peers need Node.js")
    out = manifest.with_name(f"result-{peer}.json")
    cmd = [
        node,
        str(SCRIPT),
        "--peer", peer,
        "--prefix", str(prefix),
        "--weights", str(weights_dir),
        "--manifest", str(manifest),
        "--out", str(out),
        "--runs", str(runs),
        "--warmup", str(warmup),
        "--stages", ",".join(stages),
    ]  # fmt: skip
    log.info("running %s", " ".join(cmd))
    t0 = time.perf_counter()
    try:
        # stdout only carries the libraries' own banners; progress lines go to stderr.
        proc = subprocess.run(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if quiet else None,
            text=True,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PeerError(f"{peer} did not finish within {timeout_s} s") from exc
    wall_s = time.perf_counter() - t0
    if proc.stdout.strip():
        log.debug("%s stdout: %s", peer, proc.stdout.strip())
    if proc.returncode != 0 or not out.exists():
        detail = (proc.stderr or "")[-4000:] if quiet else "(see its stderr above)"
        raise PeerError(f"{peer}: bench_faceapi.js failed ({proc.returncode}) {detail}")
    result = json.loads(out.read_text())
    result["wall_s"] = round(wall_s, 2)  # node start + weights load + all timed and warm-up calls
    return result


def run_peers(
    images: Mapping[str, np.ndarray],
    runs: int = 5,
    warmup: int = 1,
    peers: Iterable[str] = DEFAULT_PEERS,
    *,
    weights_dir: str | Path | None = None,
    cpu_runs: int | None = 1,
    cpu_warmup: int | None = 0,
    stages: Sequence[str] = STAGES,
    cache_dir: str | Path | None = None,
    timeout_s: float | None = None,
    quiet: bool = False,
) -> dict:
    """Time face-api.js peers on ``images`` (name -> HxWx3 uint8 RGB) and return their results.

    Every stage is the awaited face-api task on a prebuilt int32 HxWx3 tensor (decode excluded):
    ``ssd_detect`` (SSD, minConfidence 0.5), ``tiny416_detect`` (TinyFaceDetector inputSize 416,
    scoreThreshold 0.5), ``ssd_landmarks68`` (+ withFaceLandmarks), ``ssd_full`` and ``tiny416_full``
    (+ landmarks, expressions, age/gender, descriptors), ``yolo416_detect`` (the legacy TinyYolov2 inputSize
    416, scoreThreshold 0.5; left out for a peer without it). Peers: ``faceapi-cpu`` (face-api.js 0.22.2 on
    tfjs-core 1.7.0's CPU backend), ``vlad-wasm-simd`` / ``vlad-wasm-nosimd`` (@vladmandic/face-api
    1.7.15 node-wasm build on tfjs 4.22.0's wasm backend, one thread).

    ``runs`` timed calls after ``warmup`` untimed ones per stage; the CPU peer is ~100x slower (~20 s
    per full pipeline on a photo), so it uses ``cpu_runs``/``cpu_warmup`` instead (None = same as
    the others). ``weights_dir`` is the face-api.js weights folder; None uses the byte-identical copy
    the @vladmandic package ships. Packages are npm-installed on first use under ``cache_dir``.

    Returns ``{peer: {"peer": {library, tfjs, backend, ...}, "weightsLoad_ms", "runs", "warmup",
    "wall_s", "images": {name: {"width", "height", "loadavg1_start", "loadavg1_end",
    "leaked_tensors", <stage>: {"median_ms", "min_ms", "max_ms", "runs_ms", "cpu_median_ms",
    "faces"}}}}}``.
    """
    checked = _check_images(images)
    _check_count("runs", runs, 1)
    _check_count("warmup", warmup, 0)
    peers = tuple(peers)
    for peer in peers:
        if peer not in PEER_INSTALLS:
            raise ValueError(f"unknown peer {peer!r}; known: {', '.join(PEER_INSTALLS)}")
    stages = tuple(stages)
    if not stages or any(s not in STAGES for s in stages):
        raise ValueError(f"stages must be a non-empty subset of {STAGES}, got {stages}")
    if weights_dir is None:
        weights = ensure_installed("vlad-wasm-simd", cache_dir).joinpath(*VLAD_MODEL_DIR)
    else:
        weights = Path(weights_dir)
    if not (weights / "ssd_mobilenetv1_model-weights_manifest.json").is_file():
        raise ValueError(f"{weights}: not a face-api.js weights folder (no ssd_mobilenetv1 manifest)")

    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="faceapi-peers-") as tmp:
        manifest = write_manifest(checked, Path(tmp))
        for peer in peers:
            if peer == "faceapi-cpu":
                p_runs = _check_count("cpu_runs", runs if cpu_runs is None else cpu_runs, 1)
                p_warmup = _check_count("cpu_warmup", warmup if cpu_warmup is None else cpu_warmup, 0)
            else:
                p_runs, p_warmup = runs, warmup
            results[peer] = run_peer(
                peer,
                manifest,
                weights.resolve(),
                runs=p_runs,
                warmup=p_warmup,
                stages=stages,
                cache_dir=cache_dir,
                timeout_s=timeout_s,
                quiet=quiet,
            )
    return results


def format_table(results: Mapping[str, dict]) -> str:
    """A plain-text table: one row per image and stage, one column per peer ("median ms (faces)")."""
    peers = list(results)
    rows: list[list[str]] = [["image", "stage", *peers]]
    names: list[str] = []
    for res in results.values():
        names += [n for n in res["images"] if n not in names]
    for name in names:
        for stage in STAGES:
            cells = []
            for peer in peers:
                st = results[peer]["images"].get(name, {}).get(stage)
                cells.append("-" if st is None else f"{st['median_ms']:.1f} ({st['faces']})")
            if any(c != "-" for c in cells):
                rows.append([name, stage, *cells])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for peer, res in results.items():
        info = res["peer"]
        extra = ""
        if info.get("backend") == "wasm":
            extra = f", simd={info.get('wasmSimd')}, threads={info.get('wasmThreadsCount')}"
        lines.append(
            f"{peer}: {info.get('library')} on {info.get('tfjs')} ({info.get('backend')}{extra}); "
            f"runs={res['runs']} warmup={res['warmup']}; weights load {res['weightsLoad_ms']} ms; "
            f"wall {res['wall_s']:.1f} s"
        )
    return "\n".join(lines)


def _default_weights() -> Path | None:
    base = os.environ.get("FACEORGANIZER_FACEAPI_DIR")
    root = Path(base) if base else Path(__file__).resolve().parents[2] / "shared" / "faceapi"
    weights = root / "weights"
    return weights if weights.is_dir() else None


def main(argv: Sequence[str] | None = None) -> int:
    """Quick manual check: time the peers on the given photos (decoded with Pillow) and print a table."""
    from PIL import Image

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("images", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--cpu-runs", type=int, default=1)
    parser.add_argument("--cpu-warmup", type=int, default=0)
    parser.add_argument("--peers", default=",".join(DEFAULT_PEERS), help="comma list; also vlad-wasm-nosimd")
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument(
        "--weights",
        type=Path,
        default=_default_weights(),
        help="face-api.js weights folder (default: $FACEORGANIZER_FACEAPI_DIR/weights or ../shared/"
        "faceapi/weights; when neither exists, the copy shipped in @vladmandic/face-api)",
    )
    parser.add_argument("--json", type=Path, help="also write the full results here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    images: dict[str, np.ndarray] = {}
    for path in args.images:
        name = path.name if path.name not in images else str(path)
        with Image.open(path) as im:
            images[name] = np.asarray(im.convert("RGB"))
    t0 = time.perf_counter()
    results = run_peers(
        images,
        runs=args.runs,
        warmup=args.warmup,
        peers=[p for p in args.peers.split(",") if p],
        weights_dir=args.weights,
        cpu_runs=args.cpu_runs,
        cpu_warmup=args.cpu_warmup,
        stages=[s for s in args.stages.split(",") if s],
    )
    total = time.perf_counter() - t0
    print(format_table(results))
    print(f"weights: {args.weights or 'shipped with @vladmandic/face-api'}; total wall time {total:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
