"""Indexing with the small-face mode (issue 15): the faces found on the reduced decode are analysed on a
full-size decode (made only when a small face was found), the CLI and the settings select the mode, and a
scan of 12 MP and 48 MP photos stays under 1.5 GB."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from faceorganizer.api.analyze import analyze_faces
from faceorganizer.api.options import SmallFacesOptions
from faceorganizer.cli import main
from faceorganizer.library.indexing import IndexOptions, photo_reader
from faceorganizer.library.indexing.photo_reader import analyze_photo, read_photo

MAX_SIDE = IndexOptions().max_side


@pytest.fixture(scope="module")
def canvas_jpeg(tmp_path_factory, small_face_canvas):
    """A 12 MP JPEG of 12 portraits whose faces are 40 px wide, and the faces' boxes."""
    image, boxes = small_face_canvas()
    path = tmp_path_factory.mktemp("small") / "group.jpg"
    image.save(path, quality=92)
    return path, boxes


def test_small_faces_are_analysed_on_the_full_size_decode(canvas_jpeg, face_recall, monkeypatch):
    path, truth = canvas_jpeg
    seen: list[tuple[int, int]] = []

    def spy(pixels, detections, *args, **kw):
        seen.append(pixels.shape[:2])
        return analyze_faces(pixels, detections, *args, **kw)

    monkeypatch.setattr(photo_reader, "analyze_faces", spy)
    info, faces = analyze_photo(str(path), read_photo(str(path)), SmallFacesOptions(), "ssd_mobilenetv1", MAX_SIDE)
    assert seen == [(3000, 4000)], "the face nets must see the full-size pixels"
    assert (info.width, info.height) == (4000, 3000)
    hits, false = face_recall([f.box for f in faces], truth)
    assert hits >= 11 and false <= 1
    assert all(f.descriptor is not None and f.landmarks is not None for f in faces)


def test_no_second_decode_without_small_faces(tmp_path, monkeypatch, small_face_canvas):
    image, _ = small_face_canvas(face_width=400, copies=2)  # large faces only
    path = tmp_path / "large.jpg"
    image.save(path, quality=92)
    decodes: list[int | None] = []
    real = photo_reader._decode

    def counted(p, read, max_side):
        decodes.append(max_side)
        return real(p, read, max_side)

    monkeypatch.setattr(photo_reader, "_decode", counted)
    _, faces = analyze_photo(str(path), read_photo(str(path)), SmallFacesOptions(), "ssd_mobilenetv1", MAX_SIDE)
    assert len(faces) == 2 and decodes == [MAX_SIDE]


def test_index_options_select_the_mode():
    assert IndexOptions(small_faces=True).detector_options() == SmallFacesOptions()
    assert IndexOptions().detector_options() != SmallFacesOptions()
    with pytest.raises(ValueError, match="SSD detector"):
        IndexOptions(detector="tiny", small_faces=True)


def test_cli_detect_with_small_faces(canvas_jpeg, capsys, face_recall):
    from faceorganizer.geometry import Box

    path, truth = canvas_jpeg
    counts = {}
    for flag in ([], ["--small-faces"]):
        assert main(["detect", str(path), "--json", *flag]) == 0
        found = json.loads(capsys.readouterr().out)
        faces = found["images"][0]["faces"]
        counts[bool(flag)] = face_recall([Box(**f["box"]) for f in faces], truth)[0]
    assert counts[False] <= 1 and counts[True] >= 10
    assert main(["detect", str(path), "--small-faces", "--detector", "tiny"]) == 2
    assert "SSD detector" in capsys.readouterr().err


#: Runs the CLI, then prints its exit code and VmHWM, this process's own peak RSS (see test_hostile_photos).
_MEASURE = (
    "import json, re, sys; from faceorganizer.cli import main; code = main(sys.argv[1:]); "
    "hwm = re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1); "
    "print(json.dumps({'code': code, 'peak_kb': int(hwm)}), file=sys.stderr)"
)


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="peak memory read from /proc (Linux)")
def test_a_scan_of_12_and_48_mp_photos_with_small_faces_stays_under_1_5_gb(tmp_path, small_face_canvas):
    folder = tmp_path / "photos"
    folder.mkdir()
    small_face_canvas()[0].save(folder / "a_12mp.jpg", quality=92)
    small_face_canvas(copies=30, size=(8000, 6000))[0].save(folder / "b_48mp.jpg", quality=92)
    args = ["scan", str(folder), "--library", str(tmp_path / "lib.sqlite"), "--json", "--small-faces"]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, timeout=900)
    measured = json.loads(done.stderr.strip().splitlines()[-1])
    summary = json.loads(done.stdout)
    assert measured["code"] == 0 and summary["indexed"] == 2, done.stderr
    print(f"peak RSS {measured['peak_kb'] / 1024:.0f} MB, {summary.get('faces')} faces")
    assert summary["faces"] >= 11
    assert measured["peak_kb"] * 1024 < 1.5 * 2**30


def test_a_stop_interrupts_the_tiles_and_leaves_the_photo_pending(canvas_jpeg, tmp_path, monkeypatch):
    """A scan's stop does not wait for a small-face photo's 25 SSD runs: the analysis stops between two batches
    of tiles and the photo stays pending (indexed by the next scan)."""
    import threading

    from faceorganizer.library.catalog import Catalog
    from faceorganizer.library.indexing import Indexer, scan_folders
    from faceorganizer.library.indexing import indexer as indexer_module
    from faceorganizer.library.indexing.photo_reader import PhotoReadError

    path, _ = canvas_jpeg
    stop = threading.Event()
    stop.set()
    with pytest.raises(PhotoReadError) as raised:
        analyze_photo(str(path), read_photo(str(path)), SmallFacesOptions(), "ssd_mobilenetv1", MAX_SIDE, None, stop)
    assert raised.value.cancelled

    calls: list[int] = []
    real = photo_reader.analyze_photo

    def stop_while_analysing(*args):
        calls.append(1)
        stop.set()  # the user presses Stop while this photo's tiles run
        return real(*args)

    stop.clear()
    monkeypatch.setattr(indexer_module, "analyze_photo", stop_while_analysing)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan_folders(cat, [path.parent])
        result = Indexer(cat, IndexOptions(small_faces=True), cancel=stop).run()
        assert calls and result.indexed == 0 and not result.errors
        assert cat.pending_photo_ids(), "the stopped photo stays pending"
