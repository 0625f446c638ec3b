"""Writes face-api.js's own outputs for the compositions the shared references lack (a test fixture)."""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import PIL
from PIL import Image, features

if __package__:
    from . import peers
else:  # run as a script: benchmarks/ is on sys.path
    import peers

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
SCRIPT = peers.NODE_DIR / "faceapi_outputs.js"
PEER = "faceapi-cpu"
DEFAULT_OUT = REPO / "tests" / "data" / "faceapi-extra.pil-decoded.json"
# Images, as paths relative to the face-api.js reference data folder (also the fixture's keys).
IMAGES: tuple[str, ...] = (
    "test-images/faces.jpg",
    "test-images/angry.jpg",
    "test-images/surprised.jpg",
    "test-images/angry_cropped.jpg",
    "test-images/surprised_cropped.jpg",
    "test-images/white.png",
    "examples/bbt1.jpg",
    "examples/bbt2.jpg",
    "examples/bbt3.jpg",
    "examples/bbt4.jpg",
    "examples/bbt5.jpg",
)


def default_faceapi_dir() -> Path:
    """$FACEORGANIZER_FACEAPI_DIR, else ../shared/faceapi next to the repository (as tests/conftest.py)."""
    base = os.environ.get("FACEORGANIZER_FACEAPI_DIR")
    return Path(base) if base else REPO.parent / "shared" / "faceapi"


def decode(path: Path) -> np.ndarray:
    """The pixels the fixture is computed on: Pillow's ``Image.open(p).convert("RGB")``, no EXIF transpose."""
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def run_faceapi(
    images: dict[str, np.ndarray],
    weights_dir: Path,
    *,
    cache_dir: str | Path | None = None,
    timeout_s: float | None = None,
) -> dict:
    """Run faceapi_outputs.js once on ``images`` (name -> HxWx3 uint8 RGB) and return its JSON."""
    prefix = peers.ensure_installed(PEER, cache_dir)
    node = shutil.which("node")
    if node is None:
        raise peers.PeerError("node not found on PATH: face-api.js needs Node.js")
    with tempfile.TemporaryDirectory(prefix="faceapi-outputs-") as tmp:
        manifest = peers.write_manifest(images, Path(tmp))
        out = Path(tmp) / "outputs.json"
        cmd = [
            node,
            str(SCRIPT),
            "--prefix", str(prefix),
            "--weights", str(weights_dir),
            "--manifest", str(manifest),
            "--out", str(out),
        ]  # fmt: skip
        log.info("running %s", " ".join(cmd))
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired as exc:
            raise peers.PeerError(f"faceapi_outputs.js did not finish within {timeout_s} s") from exc
        if proc.returncode != 0 or not out.exists():
            raise peers.PeerError(f"faceapi_outputs.js failed ({proc.returncode}); see its stderr above")
        return json.loads(out.read_text())


def build_fixture(faceapi_dir: Path, argv: Sequence[str], cache_dir: str | Path | None = None) -> dict:
    """Decode the images, run face-api.js on them and assemble the fixture (``_meta`` + one entry per image)."""
    weights = faceapi_dir / "weights"
    if not (weights / "ssd_mobilenetv1_model-weights_manifest.json").is_file():
        raise ValueError(f"{weights}: not a face-api.js weights folder (no ssd_mobilenetv1 manifest)")
    pixels: dict[str, np.ndarray] = {}
    for key in IMAGES:
        path = faceapi_dir / key
        if not path.is_file():
            raise ValueError(f"image not found: {path}")
        pixels[key] = decode(path)
    t0 = time.perf_counter()
    res = run_faceapi(pixels, weights.resolve(), cache_dir=cache_dir)
    log.info("face-api.js took %.1f s", time.perf_counter() - t0)
    if res["leakedTensors"]:
        log.warning("face-api.js left %d tensors undisposed", res["leakedTensors"])

    meta = {
        "about": "face-api.js's own outputs for task compositions the shared reference/*.pil-decoded.json "
        "files do not cover; same field names as those files (per face: detection {box, score, "
        "classScore}, and where the pipeline computes them landmarks [[x, y] x 68], alignedRect, "
        "descriptorRect, expressions, age, gender, genderProbability, descriptor). A '*_single' "
        "pipeline has 0 or 1 face.",
        "library": res["peer"]["library"],
        "tfjs": res["peer"]["tfjs"],
        "backend": res["peer"]["activeBackend"],
        "node": res["node"],
        "weights": "weights/ of the face-api.js reference data (shared/faceapi)",
        "pipelines": res["pipelines"],
        "input": "Pillow Image.open(path).convert('RGB') (no EXIF transpose) -> uint8 HxWx3 -> "
        "tf.tensor3d(Int32Array, [H, W, 3], 'int32'); keys are paths under shared/faceapi; image.rgbSha1 "
        "is the SHA-1 of those uint8 RGB bytes",
        "decoder": {
            "pillow": PIL.__version__,
            "libjpeg": features.version("jpg"),
            "libjpeg_turbo": features.version("libjpeg_turbo"),
            "zlib": features.version("zlib"),
        },
        "coordinates": "original image pixels, x right, y down; boxes are {x, y, width, height}",
        "generated_by": " ".join(["python benchmarks/faceapi_outputs.py", *argv]),
        "generated": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    fixture: dict = {"_meta": meta}
    for key, arr in pixels.items():
        entry = {
            "image": {
                "width": int(arr.shape[1]),
                "height": int(arr.shape[0]),
                "rgbSha1": hashlib.sha1(np.ascontiguousarray(arr).tobytes()).hexdigest(),
            }
        }
        entry.update(res["images"][key])
        fixture[key] = entry
    return fixture


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate tests/data/faceapi-extra.pil-decoded.json (needs node + npm; face-api.js is npm-installed)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--faceapi-dir", type=Path, default=default_faceapi_dir(), help="reference data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--cache-dir", type=Path, default=None, help="npm prefixes (default: peers.py's)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    t0 = time.perf_counter()
    fixture = build_fixture(args.faceapi_dir, argv, cache_dir=args.cache_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # json's float repr round-trips: every value is kept at full precision.
    args.out.write_text(json.dumps(fixture, indent=1) + "\n")
    log.info("wrote %s (%d bytes) in %.1f s", args.out, args.out.stat().st_size, time.perf_counter() - t0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
