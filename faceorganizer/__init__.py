"""faceorganizer: face-api.js's face analysis on ONNX Runtime, and a desktop photo-library face organizer.

``import faceorganizer as fo`` gives face-api.js's API in snake_case (see the README, "Python
library"). Names load on first use (PEP 562), so importing the package stays fast and does not load
onnxruntime until a network runs.
"""

from __future__ import annotations

import importlib
from typing import Any

# fo.nets is face-api.js's ``faceapi.nets``: the registry of shared net instances. The subpackage of
# the same name is imported first, so the import system binds it here before we rebind the name;
# import from it with ``from faceorganizer.nets import ...`` (attribute access gives the registry).
from . import nets as _nets_package

# The one source of the version: pyproject.toml reads it (setuptools dynamic `attr`, parsed statically), so
# the wheel, `faceorganizer --version`, the frozen app and the About dialog always agree.
__version__ = "0.1.0"

nets = _nets_package.registry()

_EXPORTS: dict[str, tuple[str, str | None]] = {
    # high-level tasks
    **dict.fromkeys(
        [
            "detect_all_faces",
            "detect_single_face",
            "all_faces",
            "all_faces_ssd_mobilenetv1",
            "all_faces_tiny_yolov2",
            "all_faces_mtcnn",
            "ComposableTask",
            "DetectAllFacesTask",
            "DetectSingleFaceTask",
        ],
        ("faceorganizer.api.tasks", None),
    ),
    # low-level forward calls
    **dict.fromkeys(
        [
            "ssd_mobilenetv1",
            "tiny_face_detector",
            "tiny_yolov2",
            "mtcnn",
            "detect_face_landmarks",
            "detect_face_landmarks_tiny",
            "compute_face_descriptor",
            "recognize_face_expressions",
            "predict_age_and_gender",
            "locate_faces",
            "detect_landmarks",
        ],
        ("faceorganizer.api.lowlevel", None),
    ),
    "resize_results": ("faceorganizer.api.utils", None),
    "extract_faces": ("faceorganizer.api.utils", None),
    "SsdMobilenetv1Options": ("faceorganizer.api.options", None),
    "TinyFaceDetectorOptions": ("faceorganizer.api.options", None),
    "TinyYolov2Options": ("faceorganizer.api.options", None),
    "MtcnnOptions": ("faceorganizer.api.options", None),
    "load_image": ("faceorganizer.imaging", None),
    "ImageLoadError": ("faceorganizer.imaging", None),
    # result types
    "FaceResult": ("faceorganizer.api.results", None),
    "FaceDetection": ("faceorganizer.api.results", None),
    "FaceExpressions": ("faceorganizer.api.results", None),
    "Gender": ("faceorganizer.api.results", None),
    "FaceLandmarks68": ("faceorganizer.api.landmarks", None),
    "FaceLandmarks5": ("faceorganizer.nets.mtcnn", None),
    "MtcnnResult": ("faceorganizer.nets.mtcnn", None),
    "AgeGender": ("faceorganizer.nets.age_gender", None),
    "Point": ("faceorganizer.geometry", None),
    "Box": ("faceorganizer.geometry", None),
    "Rect": ("faceorganizer.geometry", "Box"),
    # face matching and drawing
    "euclidean_distance": ("faceorganizer.api.matching", None),
    "FaceMatcher": ("faceorganizer.api.matching", None),
    "FaceMatch": ("faceorganizer.api.matching", None),
    "LabeledFaceDescriptors": ("faceorganizer.api.matching", None),
    "draw": ("faceorganizer.api.draw", ""),  # the module itself
}

__all__ = ["__version__", "nets", *_EXPORTS]


def __getattr__(name: str) -> Any:
    try:
        module_name, attr = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if attr == "" else getattr(module, attr or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
