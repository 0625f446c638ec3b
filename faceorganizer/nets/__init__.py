"""One module per face-api.js network (preprocess -> onnxruntime session -> postprocess).

``registry()`` holds one warm instance of each net, created on first use, shared by the whole
process (sessions are thread-safe for ``run``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

_lock = threading.Lock()


@dataclass
class NetRegistry:
    """Lazily created, shared network instances: face-api.js's ``faceapi.nets``, public as ``fo.nets``.

    Each entry (ssdMobilenetv1 -> ``ssd_mobilenetv1``, faceLandmark68Net -> ``face_landmark_68``, ...)
    is an OnnxNet with ``is_loaded`` and ``load_from_disk(path)`` (an ONNX file or face-api.js
    weights); its bundled model loads on first use.
    """

    _instances: dict[str, Any] = field(default_factory=dict)

    def _get(self, name: str, factory) -> Any:
        inst = self._instances.get(name)
        if inst is None:
            with _lock:
                inst = self._instances.get(name)
                if inst is None:
                    inst = self._instances[name] = factory()
        return inst

    @property
    def ssd_mobilenetv1(self):
        from .ssd_mobilenetv1 import SsdMobilenetv1

        return self._get("ssd_mobilenetv1", SsdMobilenetv1)

    @property
    def tiny_face_detector(self):
        from .tiny_face_detector import TinyFaceDetector

        return self._get("tiny_face_detector", TinyFaceDetector)

    @property
    def tiny_yolov2(self):
        from .tiny_yolov2 import TinyYolov2

        return self._get("tiny_yolov2", TinyYolov2)

    @property
    def face_landmark_68(self):
        from .face_landmark_68 import FaceLandmark68Net

        return self._get("face_landmark_68", FaceLandmark68Net)

    @property
    def face_landmark_68_tiny(self):
        from .face_landmark_68 import FaceLandmark68TinyNet

        return self._get("face_landmark_68_tiny", FaceLandmark68TinyNet)

    @property
    def face_recognition(self):
        from .face_recognition import FaceRecognitionNet

        return self._get("face_recognition", FaceRecognitionNet)

    @property
    def face_expression(self):
        from .face_expression import FaceExpressionNet

        return self._get("face_expression", FaceExpressionNet)

    @property
    def age_gender(self):
        from .age_gender import AgeGenderNet

        return self._get("age_gender", AgeGenderNet)

    @property
    def mtcnn(self):
        """face-api.js ``nets.mtcnn`` (legacy): three stage sessions, with ``is_loaded`` / ``load_from_disk``."""
        from .mtcnn import Mtcnn

        return self._get("mtcnn", Mtcnn)


_default = NetRegistry()


def registry() -> NetRegistry:
    """The process-wide registry of warm nets."""
    return _default
