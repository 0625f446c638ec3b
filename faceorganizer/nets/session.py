"""The one place that creates onnxruntime sessions: providers, optimization level, thread counts; and
onnxruntime's telemetry turned off before the library loads."""

from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path

#: onnxruntime's official builds (1DS telemetry, Linux and macOS too) create ~/.cache/Microsoft/DeveloperTools/
#: .onnxruntime/ with a persistent device id (``deviceid``) and a queue of events (``onnxruntime.db``) when
#: the library is loaded, i.e. on ``import onnxruntime``; ``disable_telemetry_events()`` only stops later
#: events and leaves both files. This variable, read at load time, stops the device id, the events and the
#: uploader for the whole process (onnxruntime's Privacy.md, "Disabling Telemetry"). It has to be set before
#: the first ``import onnxruntime`` anywhere in the process.
TELEMETRY_OFF = ("ORT_DISABLE_TELEMETRY", "1")
os.environ[TELEMETRY_OFF[0]] = TELEMETRY_OFF[1]

import onnxruntime as ort  # noqa: E402  (after the variable above)

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
