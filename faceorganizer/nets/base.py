"""Base of every network wrapper: owns (or is given) one warm onnxruntime session and runs batches."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import ClassVar

import numpy as np
import onnxruntime as ort

from .session import create_session, model_path


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
