"""Dev-time converter: builds models/*.onnx from face-api.js weight manifests with only onnx + numpy."""

from __future__ import annotations

# net name -> (converter module under faceorganizer.convert, face-api.js manifest prefix, ONNX file)
CONVERTERS: dict[str, tuple[str, str, str]] = {
    "ssd_mobilenetv1": ("ssd_mobilenetv1", "ssd_mobilenetv1_model", "ssd_mobilenetv1.onnx"),
    "tiny_face_detector": ("tiny_yolov2", "tiny_face_detector_model", "tiny_face_detector.onnx"),
    "tiny_yolov2": ("tiny_yolov2", "tiny_yolov2_separable_conv_model", "tiny_yolov2.onnx"),
    "face_landmark_68": ("face_landmark_68", "face_landmark_68_model", "face_landmark_68.onnx"),
    "face_landmark_68_tiny": ("face_landmark_68", "face_landmark_68_tiny_model", "face_landmark_68_tiny.onnx"),
    "face_recognition": ("face_recognition", "face_recognition_model", "face_recognition.onnx"),
    "face_expression": ("face_expression", "face_expression_model", "face_expression.onnx"),
    "age_gender": ("age_gender", "age_gender_model", "age_gender.onnx"),
    # MTCNN: one manifest, one graph per stage (P-Net runs per pyramid level, R-/O-Net on patch batches)
    "mtcnn_pnet": ("mtcnn", "mtcnn_model", "mtcnn_pnet.onnx"),
    "mtcnn_rnet": ("mtcnn", "mtcnn_model", "mtcnn_rnet.onnx"),
    "mtcnn_onet": ("mtcnn", "mtcnn_model", "mtcnn_onet.onnx"),
}
