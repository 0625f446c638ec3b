"""The indexer: real faces stored in displayed full-size pixels, no model work for unchanged photos,
reduced decoding, progress, cancellation and resuming, bounded work in flight, background runs."""

from __future__ import annotations

import hashlib
import pickle
import shutil
import threading

import numpy as np
import pytest
from PIL import Image

from faceorganizer.api import analyze as api_analyze
from faceorganizer.api.options import MtcnnOptions, TinyYolov2Options
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import (
    DETECTORS,
    BackgroundScan,
    Indexer,
    IndexOptions,
    photo_reader,
    scan,
    scan_folders,
)
from faceorganizer.library.indexing.indexer import AnalysisJob


def _counting_real_nets(monkeypatch) -> list[int]:
    calls = [0]

    def counted(*args, **kwargs):
        calls[0] += 1
        return api_analyze.analyze(*args, **kwargs)

    monkeypatch.setattr(photo_reader, "analyze", counted)
    return calls


def _fingerprints(paths) -> dict:
    return {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}


def test_real_faces_are_stored_and_a_rescan_does_no_model_work(tmp_path, monkeypatch, copy_people):
    files = copy_people(tmp_path / "photos", 3)  # amy1, amy2, raj1
    before = _fingerprints(files)
    calls = _counting_real_nets(monkeypatch)
    events = []
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        summary = scan(cat, [tmp_path / "photos"], progress=events.append)
        assert (summary.seen, summary.indexed, summary.unchanged, summary.faces, summary.errors) == (3, 3, 0, 3, [])
        assert calls[0] == 3
        faces = {}
        for f in files:
            photo = cat.photo_by_path(str(f))
            assert (photo.status, photo.width, photo.height, photo.detector) == ("indexed", 450, 450, "ssd_mobilenetv1")
            (face,) = cat.faces_of_photo(photo.id)
            b = face.box
            assert 0 <= b.x and b.right <= 450 and 0 <= b.y and b.bottom <= 450 and face.score > 0.5
            inside = (face.landmarks[:, 0] > b.x - 0.2 * b.width) & (face.landmarks[:, 0] < b.right + 0.2 * b.width)
            assert inside.all() and face.descriptor.shape == (128,) and face.gender in ("male", "female")
            faces[f.stem] = face
        same = np.linalg.norm(faces["amy1"].descriptor - faces["amy2"].descriptor)
        other = np.linalg.norm(faces["amy1"].descriptor - faces["raj1"].descriptor)
        assert same < 0.6 < other

        indexing = [e for e in events if e.phase == "indexing"]
        assert [e.done for e in indexing] == [1, 2, 3] and {e.total for e in indexing} == {3}
        assert indexing[-1].faces == 3 and indexing[-1].errors == 0

        again = scan(cat, [tmp_path / "photos"])
        assert (again.indexed, again.unchanged, again.faces) == (0, 3, 0) and calls[0] == 3
    assert _fingerprints(files) == before  # photo files are never written


def test_large_jpeg_is_decoded_reduced_with_the_same_faces(tmp_path, monkeypatch, faceapi_path):
    with Image.open(faceapi_path("people-photos", "amy", "amy1.jpg")) as im:
        big = im.convert("RGB").resize((3000, 3000), Image.BICUBIC)
    (tmp_path / "photos").mkdir()
    big.save(tmp_path / "photos" / "big.jpg", quality=92)
    seen_sizes = []
    real = api_analyze.analyze

    def spy(pixels, *args, **kwargs):
        seen_sizes.append(pixels.shape[:2])
        return real(pixels, *args, **kwargs)

    monkeypatch.setattr(photo_reader, "analyze", spy)
    boxes = {}
    for max_side in (1280, None):
        with Catalog.open(tmp_path / f"lib{max_side}.sqlite") as cat:
            scan(cat, [tmp_path / "photos"], IndexOptions(max_side=max_side))
            (photo,) = cat.photos()
            assert (photo.width, photo.height) == (3000, 3000)
            (face,) = cat.faces_of_photo(photo.id)
            boxes[max_side] = face
    assert seen_sizes == [(1500, 1500), (3000, 3000)]
    reduced, full = boxes[1280], boxes[None]
    for k in ("x", "y", "width", "height"):
        assert getattr(reduced.box, k) == pytest.approx(getattr(full.box, k), abs=0.03 * full.box.width)
    assert np.abs(reduced.landmarks - full.landmarks).mean() < 0.03 * full.box.width
    assert np.linalg.norm(reduced.descriptor - full.descriptor) < 0.2


def test_orientation_and_taken_at_are_recorded(tmp_path, fake_nets, plain_image):
    shown = np.asarray(Image.open(plain_image(tmp_path / "src.png", size=(120, 80), fmt="PNG")))
    exif = Image.Exif()
    exif[0x0112] = 6  # stored rotated: displayed 120x80 from stored 80x120
    exif.get_ifd(0x8769)[0x9003] = "2021:07:04 18:30:05"
    (tmp_path / "photos").mkdir()
    Image.fromarray(np.ascontiguousarray(np.rot90(shown, 1))).save(tmp_path / "photos" / "r.jpg", exif=exif.tobytes())
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [tmp_path / "photos"])
        (photo,) = cat.photos()
        assert (photo.width, photo.height, photo.orientation) == (120, 80, 6)
        assert photo.taken_at == "2021-07-04T18:30:05"
        (face,) = cat.faces_of_photo(photo.id)
        assert face.box.width == pytest.approx(60) and face.box.height == pytest.approx(40)  # displayed pixels


def test_cancel_stops_early_and_the_next_run_resumes_without_redoing_work(
    tmp_path, monkeypatch, fake_nets, plain_image
):
    for i in range(8):
        plain_image(tmp_path / "photos" / f"p{i}.jpg", seed=i)
    cancel = threading.Event()
    reads = [0]
    real_read = photo_reader.read_photo

    def counted_read(path, cancel=None):
        reads[0] += 1
        return real_read(path, cancel)

    monkeypatch.setattr("faceorganizer.library.indexing.indexer.read_photo", counted_read)
    in_flight_max = [0]

    def on_progress(p):
        in_flight_max[0] = max(in_flight_max[0], reads[0] - p.done)
        if p.done == 2:
            cancel.set()

    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        first = scan(cat, [tmp_path / "photos"], IndexOptions(workers=2), progress=on_progress, cancel=cancel)
        assert first.cancelled and 2 <= first.indexed < 8
        assert in_flight_max[0] <= 4  # at most 2 x workers photos in flight
        assert cat.stats().pending == 8 - first.indexed
        second = scan(cat, [tmp_path / "photos"])
        assert not second.cancelled and second.indexed == 8 - first.indexed and second.unchanged == first.indexed
        assert fake_nets.calls == 8 and cat.stats().faces == 8 and cat.stats().pending == 0


def test_indexer_alone_indexes_all_pending(tmp_path, fake_nets, plain_image):
    fake_nets.faces_per_image = 2
    plain_image(tmp_path / "photos" / "a.png", fmt="PNG")
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        plan = scan_folders(cat, [tmp_path / "photos"])
        assert cat.pending_photo_ids() == plan.to_index
        result = Indexer(cat, IndexOptions(detector="tiny")).run()
        assert (result.indexed, result.faces) == (1, 2)
        assert cat.photos()[0].detector == "tiny_face_detector"


@pytest.mark.parametrize(
    ("detector", "pipeline", "net", "given", "options"),
    [
        ("yolo", "yolo", "tiny_yolov2", {"input_size": 320, "min_confidence": 0.3},
         TinyYolov2Options(input_size=320, score_threshold=0.3)),
        ("mtcnn", "mtcnn", "mtcnn", {"min_confidence": 0.9}, MtcnnOptions(score_thresholds=(0.6, 0.7, 0.9))),
    ],
)  # fmt: skip
def test_the_legacy_detectors_index_faceapis_faces(
    tmp_path, faceapi_path, load_json, detector, pipeline, net, given, options
):
    """IndexOptions(detector="yolo" | "mtcnn"): face-api.js's TinyYolov2 / MTCNN finds the faces (real nets), its
    net's name is stored, and the options an analyzer gets (local or on a cluster: picklable) are its options."""
    photos = tmp_path / "photos"
    photos.mkdir()
    shutil.copy(faceapi_path("test-images", "faces.jpg"), photos)
    ref = load_json("reference", "test-images.legacy.pil-decoded.json")["faces.jpg"][pipeline]["faces"]
    chosen = IndexOptions(detector=detector)
    assert (chosen.detector_options(), chosen.detector_name, DETECTORS[detector]) == (type(options)(), net, net)
    job = AnalysisJob.from_options(IndexOptions(detector=detector, **given))
    assert pickle.loads(pickle.dumps(job)).detector_options == options
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        summary = scan(cat, [photos], chosen)
        assert (summary.indexed, summary.faces, summary.errors) == (1, len(ref), [])
        (photo,) = cat.photos()
        assert photo.detector == net
        stored = sorted(cat.faces_of_photo(photo.id), key=lambda f: -f.score)  # face-api.js's order: by score
        for face, want in zip(stored, ref, strict=True):
            box = want["detection"]["box"]
            assert np.allclose((face.box.x, face.box.y, face.box.width, face.box.height),
                               (box["x"], box["y"], box["width"], box["height"]), atol=1e-3)  # fmt: skip
            assert abs(face.score - want["detection"]["score"]) < 1e-4


def test_yolo_input_size_is_validated():
    with pytest.raises(ValueError, match="multiple of 32"):
        IndexOptions(detector="yolo", input_size=100)


def test_background_scan_reports_once_when_done(tmp_path, fake_nets, plain_image):
    plain_image(tmp_path / "photos" / "a.jpg")
    done = []
    job = BackgroundScan(tmp_path / "lib.sqlite", [tmp_path / "photos"], on_done=lambda s, e: done.append((s, e)))
    summary = job.start().wait(30)
    assert summary is not None and summary.indexed == 1 and done == [(summary, None)] and not job.running
    bad = BackgroundScan(tmp_path / "missing" / "x" / "lib.sqlite", [tmp_path / "photos"])
    (tmp_path / "missing").write_text("a file where a folder should be")
    with pytest.raises(OSError):
        bad.start().wait(30)
