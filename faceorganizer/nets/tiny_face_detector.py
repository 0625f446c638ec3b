"""Face detection with face-api.js's Tiny Face Detector (tiny-YOLOv2-like) on onnxruntime.

face-api.js's TinyFaceDetector is a TinyYolov2Base (nets/tiny_yolov2.py holds its pre- and postprocessing)
with its own anchors and weights; its graph's first layer is a plain conv (convert/tiny_yolov2.py).
"""

from __future__ import annotations

from .tiny_yolov2 import BOX_ANCHORS_SEPARABLE, TinyYolov2Base

# tinyFaceDetector/const.js BOX_ANCHORS: the same five (width, height) as tinyYolov2's BOX_ANCHORS_SEPARABLE
BOX_ANCHORS = BOX_ANCHORS_SEPARABLE


class TinyFaceDetector(TinyYolov2Base):
    """face-api.js ``tinyFaceDetector``: RGB images -> face boxes in image pixels with scores."""

    model_file = "tiny_face_detector.onnx"
    net_name = "tiny_face_detector"
    anchors = BOX_ANCHORS
