"""Builds every bundled model from a face-api.js weights folder and writes models/MODELS.md."""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import logging
from pathlib import Path

import onnx

from . import CONVERTERS
from .manifest import manifest_path, read_weights

log = logging.getLogger("faceorganizer.convert")

SOURCE = "face-api.js 0.22.2 weights (identical in @vladmandic/face-api 1.7.15, folder model/)"
#: Nets whose weights are not among face-api.js 0.22.2's: where they come from instead.
WEIGHT_SOURCES = {
    "tiny_yolov2": "face-api.js's repository, `weights/` at commit a97cd220a13f64f8b7467c1e79643e0774622d0e "
    '(2018-08-17, "qunatized tiny_yolov2_separable_conv_model"); deleted in 3c3c83d (2018-10-11), so not in the '
    "0.22.2 repository or package, whose `new TinyYolov2()` loads them by this name",
}
LICENSE = "MIT (face-api.js, Copyright (c) 2018 Vincent Mühler); the converted graphs carry the same license"


def build_model(net: str, weights_folder: str | Path) -> onnx.ModelProto:
    """Convert one net (a key of CONVERTERS) from a face-api.js weights folder, in memory."""
    module_name, prefix, _ = CONVERTERS[net]
    module = importlib.import_module(f"{__package__}.{module_name}")
    return module.build(read_weights(weights_folder, prefix), net)


def serialize(model: onnx.ModelProto) -> bytes:
    return model.SerializeToString(deterministic=True)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _shape(value: onnx.ValueInfoProto) -> list[int | str]:
    return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]


def source_files(prefix: str, weights_folder: Path) -> list[Path]:
    mpath = manifest_path(weights_folder, prefix)
    paths = [p for group in json.loads(mpath.read_text()) for p in group["paths"]]
    return [mpath] + [weights_folder / p for p in paths]


def build_all(weights_folder: Path, out_dir: Path, nets: list[str] | None = None) -> str:
    """Write models/*.onnx and return the MODELS.md text describing them."""
    lines = [
        "# Bundled models",
        "",
        f"Built by `python -m faceorganizer.convert WEIGHTS_DIR` from {SOURCE}.",
        f"License: {LICENSE}.",
        "Every model takes NHWC float32 RGB pixels in 0..255 (already padded and resized as face-api.js does);",
        "normalization happens inside the graph. `tests/convert/test_models_rebuild.py` rebuilds each file and",
        "checks it is byte-identical to the committed one.",
        "",
    ]
    for net, (_, prefix, filename) in CONVERTERS.items():
        if nets and net not in nets:
            continue
        model = build_model(net, weights_folder)
        data = serialize(model)
        (out_dir / filename).write_bytes(data)
        log.info("%s: %d bytes", filename, len(data))
        lines += [f"## {filename}", "", f"- net: `{net}` (face-api.js manifest `{prefix}`)"]
        if net in WEIGHT_SOURCES:
            lines.append(f"- weights: {WEIGHT_SOURCES[net]}")
        for src in source_files(prefix, weights_folder):
            lines.append(f"- input `{src.name}`: sha256 `{_sha256(src.read_bytes())}`")
        lines.append(f"- output: {len(data)} bytes, sha256 `{_sha256(data)}`")
        for v in model.graph.input:
            lines.append(f"- graph input `{v.name}`: {_shape(v)}")
        for v in model.graph.output:
            lines.append(f"- graph output `{v.name}`: {_shape(v)}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m faceorganizer.convert", description=__doc__)
    ap.add_argument("weights", type=Path, help="face-api.js weights folder (manifests + shards)")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "models")
    ap.add_argument("--net", action="append", choices=sorted(CONVERTERS), help="only these nets")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    text = build_all(args.weights, args.out, args.net)
    if not args.net:
        (args.out / "MODELS.md").write_text(text)
    return 0
