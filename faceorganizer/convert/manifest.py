"""Reads a tfjs weights manifest and its binary shards into named tensors (face-api.js's weight format)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_DTYPES = {"float32": np.float32, "int32": np.int32, "uint8": np.uint8, "uint16": np.uint16}


class WeightsError(ValueError):
    """A weights folder is missing files or its manifest does not describe its shards."""


@dataclass(frozen=True)
class WeightTensor:
    """One manifest entry: its stored values and, when quantized, how tfjs dequantizes them.

    tfjs dequantizes a quantized entry as ``q * scale + min``; ``stored`` keeps ``q`` so a converter
    can write the small integer tensor and let the graph dequantize it.
    """

    name: str
    shape: tuple[int, ...]
    dtype: str
    stored: np.ndarray
    scale: float | None = None
    minimum: float | None = None

    @property
    def quantized(self) -> bool:
        return self.scale is not None

    def values(self) -> np.ndarray:
        """The tensor as tfjs sees it after loading: float32 (or int32), in tfjs layout."""
        if not self.quantized:
            return self.stored.astype(_DTYPES[self.dtype], copy=False)
        assert self.scale is not None and self.minimum is not None
        deq = self.stored.astype(np.float64) * self.scale + self.minimum
        if self.dtype == "int32":  # tfjs rounds dequantized integers with Math.round (halves up)
            deq = np.floor(deq + 0.5)
        return deq.astype(_DTYPES[self.dtype])


def manifest_path(folder: Path, model: str) -> Path:
    """Where face-api.js keeps the manifest of ``model`` (e.g. ``ssd_mobilenetv1_model``)."""
    return Path(folder) / f"{model}-weights_manifest.json"


def read_weights(folder: str | Path, model: str) -> dict[str, WeightTensor]:
    """All tensors of one model in ``folder``, by their manifest names, in manifest order."""
    folder = Path(folder)
    mpath = manifest_path(folder, model)
    if not mpath.is_file():
        raise WeightsError(f"{mpath}: no weights manifest for {model!r}")
    try:
        groups = json.loads(mpath.read_text())
    except (OSError, ValueError) as exc:
        raise WeightsError(f"{mpath}: unreadable manifest: {exc}") from exc
    tensors: dict[str, WeightTensor] = {}
    for group in groups:
        blob = b"".join(_read_shard(folder / p) for p in group["paths"])
        offset = 0
        for entry in group["weights"]:
            shape = tuple(int(d) for d in entry["shape"])
            count = int(np.prod(shape)) if shape else 1
            quant = entry.get("quantization")
            store_dtype = np.dtype(_DTYPES[quant["dtype"] if quant else entry["dtype"]])
            nbytes = count * store_dtype.itemsize
            if offset + nbytes > len(blob):
                raise WeightsError(f"{mpath}: shards end before tensor {entry['name']!r}")
            stored = np.frombuffer(blob, dtype=store_dtype, count=count, offset=offset).reshape(shape)
            offset += nbytes
            tensors[entry["name"]] = WeightTensor(
                name=entry["name"],
                shape=shape,
                dtype=entry["dtype"],
                stored=stored,
                scale=float(quant["scale"]) if quant else None,
                minimum=float(quant["min"]) if quant else None,
            )
    return tensors


def _read_shard(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise WeightsError(f"{path}: cannot read weights shard: {exc}") from exc
