"""MTCNN in the face-api.js-style API: MtcnnOptions (validated as face-api.js's), the low-level ``fo.mtcnn``
(= nets.mtcnn.forward: detections with 5-point landmarks), and the options the CLI and the indexer build."""

from __future__ import annotations

import pytest

import faceorganizer as fo
from faceorganizer.api.options import DETECTOR_NAMES, MtcnnOptions, detector_net, options_for, takes_input_size


def test_defaults_are_faceapis():
    opts = MtcnnOptions()
    assert (opts.min_face_size, opts.scale_factor, opts.max_num_scales) == (20, 0.709, 10)
    assert opts.score_thresholds == (0.6, 0.7, 0.7) and opts.scale_steps is None
    assert detector_net(opts) == "mtcnn" and DETECTOR_NAMES["mtcnn"] is MtcnnOptions
    # lists become tuples: the frozen options stay hashable
    assert MtcnnOptions(score_thresholds=[0.5, 0.6, 0.7], scale_steps=[0.5, 0.25]).scale_steps == (0.5, 0.25)
    assert hash(MtcnnOptions(score_thresholds=[0.5, 0.6, 0.7]))


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"min_face_size": -1}, "min_face_size"),
        ({"min_face_size": 0}, "min_face_size"),
        ({"min_face_size": "20"}, "min_face_size"),
        ({"scale_factor": 0}, "scale_factor"),
        ({"scale_factor": 1}, "scale_factor"),
        ({"max_num_scales": 0}, "max_num_scales"),
        ({"max_num_scales": True}, "max_num_scales"),
        ({"score_thresholds": (0.6, 0.7)}, "score_thresholds"),
        ({"score_thresholds": "abc"}, "score_thresholds"),
        ({"score_thresholds": (0.6, None, 0.7)}, "score_thresholds"),
        ({"scale_steps": 0.5}, "scale_steps"),
        ({"scale_steps": [0.5, "x"]}, "scale_steps"),
    ],
)
def test_invalid_options_are_refused(kwargs, field):
    with pytest.raises(ValueError, match=field):
        MtcnnOptions(**kwargs)


def test_cli_and_indexer_options():
    assert not takes_input_size("mtcnn")
    assert options_for("mtcnn") == MtcnnOptions()  # the CLI's default 0.5 leaves face-api.js's 0.7
    assert options_for("mtcnn", 0.9).score_thresholds == (0.6, 0.7, 0.9)
    with pytest.raises(ValueError, match="min_confidence"):
        options_for("mtcnn", 1.5)
    with pytest.raises(ValueError, match="small-face"):
        options_for("mtcnn", small_faces=True)


def test_lowlevel_mtcnn_gives_detections_with_5_landmarks(pil_rgb):
    image = pil_rgb("test-images", "faces.jpg")
    results = fo.mtcnn(image, fo.MtcnnOptions())
    assert len(results) == 6 and all(isinstance(r, fo.MtcnnResult) for r in results)
    assert all(isinstance(r.landmarks, fo.FaceLandmarks5) and r.landmarks.positions.shape == (5, 2) for r in results)
    assert [r.detection for r in results] == fo.detect_all_faces(image, fo.MtcnnOptions()).run()
    batch = fo.mtcnn([image, image])
    assert len(batch) == 2 and [len(b) for b in batch] == [6, 6]
    with pytest.raises(ValueError, match="MtcnnOptions"):
        fo.mtcnn(image, fo.SsdMobilenetv1Options())


def test_all_faces_mtcnn_and_single_face(pil_rgb):
    image = pil_rgb("test-images", "faces.jpg")
    faces = fo.all_faces_mtcnn(image)
    assert len(faces) == 6 and all(f.landmarks is not None and f.descriptor is not None for f in faces)
    single = fo.detect_single_face(image, fo.MtcnnOptions()).with_face_landmarks().run()
    assert single is not None and single.score == max(f.score for f in faces)
