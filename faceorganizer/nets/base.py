"""Base of every network wrapper: owns (or is given) one warm onnxruntime session and runs batches."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from .session import create_session, model_path

if TYPE_CHECKING:  # onnxruntime is imported by session.py alone, after it has turned telemetry off
    import onnxruntime as ort


def check_faces(faces: Sequence[np.ndarray], who: str) -> list[np.ndarray]:
    """Validate a sequence of HxWx3 face crops (uint8 or float, any size) and return them as arrays."""
    if isinstance(faces, np.ndarray):
        raise ValueError(f"{who}: expected a sequence of HxWx3 face crops, got one array; wrap it in a list")
    out = []
    for i, face in enumerate(faces):
        arr = np.asarray(face)
        if arr.ndim != 3 or arr.shape[2] != 3 or arr.shape[0] < 1 or arr.shape[1] < 1:
            raise ValueError(f"{who}: face {i} must be an HxWx3 RGB array, got shape {arr.shape}")
        if not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
            raise ValueError(f"{who}: face {i} has unsupported dtype {arr.dtype}")
        out.append(arr)
    return out


def convert_weights(net_name: str, path: Path) -> bytes:
    """The ONNX model of ``net_name`` built from a face-api.js weights folder (or manifest file)."""
    try:
        from ..convert import CONVERTERS
        from ..convert.build import build_model, serialize
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] != "onnx":
            raise
        raise ImportError(
            f"{path}: converting face-api.js weights needs the onnx package: pip install faceorganizer[convert]"
        ) from exc
    prefix = CONVERTERS[net_name][1]
    folder = path
    if not path.is_dir():
        if path.name != f"{prefix}-weights_manifest.json":
            raise ValueError(f"{path}: not a {net_name} manifest (expected {prefix}-weights_manifest.json)")
        folder = path.parent
    return serialize(build_model(net_name, folder))


class OnnxNet:
    """One network. Subclasses name their bundled ``model_file`` and add pre/postprocessing.

    The session is created on first use and reused; pass ``session`` to share one, or call
    ``load_from_disk`` to use another model (an ONNX file or face-api.js weights).
    """

    model_file: ClassVar[str]
    #: This net's key in faceorganizer.convert.CONVERTERS (which face-api.js manifest it is built from).
    net_name: ClassVar[str]

    def __init__(self, session: ort.InferenceSession | None = None) -> None:
        self._session = session
        self._lock = threading.Lock()
        #: Seconds spent inside onnxruntime and number of runs, for benchmarks' per-net accounting.
        self.run_seconds = 0.0
        self.run_count = 0

    @property
    def is_loaded(self) -> bool:
        """Whether a session exists (the bundled model loads on first use, or load_from_disk ran)."""
        return self._session is not None

    def load_from_disk(self, path: str | Path) -> None:
        """Use another model from now on: an ONNX file, or a face-api.js weights folder (or its
        ``<model>-weights_manifest.json``) converted in memory, so face-api.js weights work unchanged."""
        path = Path(path)
        if path.is_dir() or path.name.endswith("-weights_manifest.json"):
            session = create_session(convert_weights(self.net_name, path))
        elif path.is_file():
            session = create_session(path)
        else:
            raise FileNotFoundError(f"{path}: no such ONNX file or face-api.js weights folder")
        with self._lock:
            self._session = session

    @property
    def session(self) -> ort.InferenceSession:
        if self._session is None:
            with self._lock:
                if self._session is None:
                    self._session = create_session(model_path(self.model_file))
        return self._session

    def run(self, batch: np.ndarray) -> list[np.ndarray]:
        """Run the graph on one NHWC float32 batch; returns every graph output."""
        sess = self.session
        feed = {sess.get_inputs()[0].name: np.ascontiguousarray(batch, dtype=np.float32)}
        start = time.perf_counter()
        outputs = sess.run(None, feed)
        self.run_seconds += time.perf_counter() - start
        self.run_count += 1
        return outputs
