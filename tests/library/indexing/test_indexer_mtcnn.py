"""IndexOptions(detector="mtcnn"): the indexer finds faces with face-api.js's MTCNN (real nets) and stores its net's
name; the options an analyzer gets (local or on a cluster: picklable) are MtcnnOptions."""

from __future__ import annotations

import pickle
import shutil

import numpy as np

from faceorganizer.api.options import MtcnnOptions
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import DETECTORS, IndexOptions, scan
from faceorganizer.library.indexing.indexer import AnalysisJob


def test_detector_mtcnn_indexes_faceapis_mtcnn_faces(tmp_path, faceapi_path, load_json):
    photos = tmp_path / "photos"
    photos.mkdir()
    shutil.copy(faceapi_path("test-images", "faces.jpg"), photos)
    ref = load_json("reference", "test-images.legacy.pil-decoded.json")["faces.jpg"]["mtcnn"]["faces"]
    options = IndexOptions(detector="mtcnn")
    assert (options.detector_options(), options.detector_name, DETECTORS["mtcnn"]) == (MtcnnOptions(), "mtcnn", "mtcnn")
    job = AnalysisJob.from_options(IndexOptions(detector="mtcnn", min_confidence=0.9))
    assert pickle.loads(pickle.dumps(job)).detector_options == MtcnnOptions(score_thresholds=(0.6, 0.7, 0.9))
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        summary = scan(cat, [photos], options)
        assert (summary.indexed, summary.faces, summary.errors) == (1, len(ref), [])
        (photo,) = cat.photos()
        assert photo.detector == "mtcnn"
        stored = sorted(cat.faces_of_photo(photo.id), key=lambda f: -f.score)  # face-api.js's order: by score
        for face, want in zip(stored, ref, strict=True):
            box = want["detection"]["box"]
            assert np.allclose((face.box.x, face.box.y, face.box.width, face.box.height),
                               (box["x"], box["y"], box["width"], box["height"]), atol=1e-3)  # fmt: skip
            assert abs(face.score - want["detection"]["score"]) < 1e-4
