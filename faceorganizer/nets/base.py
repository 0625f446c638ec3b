"""Base of every network wrapper: owns (or is given) one warm onnxruntime session and runs batches."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
import onnxruntime as ort

from .session import create_session, model_path


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


class OnnxNet:
    """One network. Subclasses name their bundled ``model_file`` and add pre/postprocessing.

    The session is created on first use and reused; pass ``session`` to share one, or call
    ``load_from_disk`` to use another ONNX file.
    """

    model_file: ClassVar[str]

    def __init__(self, session: ort.InferenceSession | None = None) -> None:
        self._session = session
        self._lock = threading.Lock()
        #: Seconds spent inside onnxruntime and number of runs, for benchmarks' per-net accounting.
        self.run_seconds = 0.0
        self.run_count = 0

    @property
    def is_loaded(self) -> bool:
        return self._session is not None

    def load_from_disk(self, path: str | Path) -> None:
        self._session = create_session(Path(path))

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
