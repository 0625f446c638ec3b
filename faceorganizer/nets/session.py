"""The one place that creates onnxruntime sessions: providers, optimization level, thread counts."""

from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path

import onnxruntime as ort

log = logging.getLogger("faceorganizer.nets")


def models_dir() -> Path:
    """Folder of the bundled ONNX models (``models/`` in a checkout, ``faceorganizer/models`` installed).

    The repo keeps them at its top level and setuptools installs them as ``faceorganizer.models``;
    a source checkout imported without installing (``python -m`` from the repo root) finds them there.
    """
    try:
        return Path(str(resources.files("faceorganizer.models")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "models"


def model_path(filename: str) -> Path:
    path = models_dir() / filename
    if not path.is_file():
        raise FileNotFoundError(f"{path}: bundled model missing (rebuild with `python -m faceorganizer.convert`)")
    return path


def default_threads() -> int:
    """Intra-op threads: FACEORGANIZER_THREADS if set, else every core."""
    env = os.environ.get("FACEORGANIZER_THREADS")
    if env:
        return max(1, int(env))
    return max(1, os.cpu_count() or 1)


def create_session(model: str | Path | bytes, threads: int | None = None) -> ort.InferenceSession:
    """A CPU session with full graph optimization (BASIC is 1.6-2.8x slower on these nets), no spinning."""
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.intra_op_num_threads = threads or default_threads()
    opts.inter_op_num_threads = 1
    # Each session has its own thread pool; spinning pools of the nets that just ran steal the cores
    # from the next net of the pipeline (measured: the full pipeline 2.4x slower with spinning on).
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.log_severity_level = 3
    src = model if isinstance(model, bytes) else str(model)
    log.debug("creating session for %s", model if not isinstance(model, bytes) else "<bytes>")
    return ort.InferenceSession(src, sess_options=opts, providers=["CPUExecutionProvider"])
