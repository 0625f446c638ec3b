"""Fixtures of the whole suite: the repository and tests/data, the face-api.js reference data (../shared/faceapi,
or $FACEORGANIZER_FACEAPI_DIR), and the small synthetic photos, libraries and fake networks that both the
library tests and the CLI tests build on.

Tests never import this module (pytest runs with --import-mode=importlib): they ask for fixtures by name.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PIL import Image

if TYPE_CHECKING:
    from faceorganizer.library.catalog import Catalog

REPO = Path(__file__).resolve().parents[1]
FACEAPI_DIR = Path(os.environ.get("FACEORGANIZER_FACEAPI_DIR", REPO.parent / "shared" / "faceapi"))


# --- the repository and the committed test data ----------------------------------------------------


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository's top folder (pyproject.toml, models/, README.md)."""
    return REPO


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data: committed fixtures (face-api.js's extra outputs, real tools' XMP sidecars)."""
    return Path(__file__).resolve().parent / "data"


# --- face-api.js's reference data: absent data skips the test, with the reason -------------------------


def _faceapi_path(*parts: str) -> Path:
    path = FACEAPI_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data not found: {path} (set FACEORGANIZER_FACEAPI_DIR)")
    return path


def _load_json(*parts: str):
    return json.loads(_faceapi_path(*parts).read_text())


def _pil_rgb(*parts: str) -> np.ndarray:
    with Image.open(_faceapi_path(*parts)) as im:
        return np.asarray(im.convert("RGB"))


@pytest.fixture(scope="session")
def faceapi_path():
    """``faceapi_path(*parts)``: a file of the reference data; skips the test (with the reason) when it is absent."""
    return _faceapi_path


@pytest.fixture(scope="session")
def load_json():
    """``load_json(*parts)``: a JSON file of the reference data, parsed (skips when absent)."""
    return _load_json


@pytest.fixture(scope="session")
def pil_rgb():
    """``pil_rgb(*parts)``: an image of the reference data with exactly the pixels the *.pil-decoded.json
    references got: Image.open().convert('RGB') (skips when absent)."""
    return _pil_rgb


@pytest.fixture(scope="session")
def reference_test_images_pil():
    return _load_json("reference", "test-images.pil-decoded.json")


@pytest.fixture(scope="session")
def reference_test_images_whole():
    return _load_json("reference", "test-images.whole.json")


@pytest.fixture(scope="session")
def reference_examples_pil():
    return _load_json("reference", "examples.pil-decoded.json")


@pytest.fixture(scope="session")
def reference_examples_whole():
    return _load_json("reference", "examples.whole.json")


# --- waiting for other threads and processes -------------------------------------------------------


def _until(condition, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="session")
def until():
    """``until(condition, timeout=15.0)``: polls ``condition()`` every 50 ms; True once it holds, False when the
    time is up (for a watcher's thread, another process, a window)."""
    return _until


@pytest.fixture(scope="session")
def photo_status():
    """``photo_status(library, path)``: the status of the photo at ``path`` in the library file, None if absent
    (read on a connection of its own, as another program would)."""

    def status(library: Path, path: Path) -> str | None:
        from faceorganizer.library.catalog import Catalog

        with Catalog.open(library, read_only=True) as cat:
            photo = cat.photo_by_path(str(path))
            return None if photo is None else photo.status

    return status


# --- synthetic photos and a stand-in for the networks (library and CLI tests) ------------------------


def _plain_image(path: Path, seed: int = 0, size: tuple[int, int] = (96, 64), fmt: str | None = None) -> Path:
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 256, size=(2, 2, 3)).astype(np.float64)
    w, h = size
    u, v = np.meshgrid(np.linspace(0, 1, w), np.linspace(0, 1, h))
    img = (corners[0, 0] * ((1 - u) * (1 - v))[..., None] + corners[0, 1] * (u * (1 - v))[..., None]
           + corners[1, 0] * ((1 - u) * v)[..., None] + corners[1, 1] * (u * v)[..., None])  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(img.astype(np.uint8)).save(path, format=fmt)
    return path


@pytest.fixture(scope="session")
def plain_image():
    """``plain_image(path, seed=0, size=(96, 64), fmt=None)``: writes a small face-free image (smooth random
    colours, distinct per seed), making its folder; returns the path."""
    return _plain_image


class FakeNets:
    """Replaces the pipeline inside the indexer: one face per image, derived from its pixels; counts calls.

    ``faces_per_image`` faces are laid out left to right; the descriptor is the mean colour repeated,
    so identical images give identical faces. ``block`` (an Event) makes calls wait until it is set.
    """

    def __init__(self, faces_per_image: int = 1) -> None:
        self.calls = 0
        self.faces_per_image = faces_per_image
        self.block: threading.Event | None = None
        self.lock = threading.Lock()

    def __call__(self, pixels, options=None, stages=None, nets=None):
        from faceorganizer.api.results import FaceResult
        from faceorganizer.geometry import Box, Detection

        with self.lock:
            self.calls += 1
        if self.block is not None:
            self.block.wait(10)
        h, w = pixels.shape[:2]
        n = self.faces_per_image
        mean = pixels.reshape(-1, 3).mean(axis=0) / 255.0
        out = []
        for i in range(n):
            box = Box(w * (i + 0.25) / n, h * 0.25, w * 0.5 / n, h * 0.5)
            descriptor = np.resize(np.concatenate([mean, [i / 10]]), 128).astype(np.float32)
            out.append(FaceResult(detection=Detection(box, 0.9, w, h), descriptor=descriptor))
        return out


@pytest.fixture
def fake_nets(monkeypatch) -> FakeNets:
    """The indexer's networks replaced by a FakeNets for this test (one face per image: set
    ``fake_nets.faces_per_image`` for more); ``fake_nets.calls`` counts the photos analysed."""
    from faceorganizer.library.indexing import photo_reader

    fake = FakeNets()
    monkeypatch.setattr(photo_reader, "analyze", fake)
    return fake


# --- a catalog with synthetic faces in well-separated groups (people tests, no networks) --------------

_rng = np.random.default_rng(7)
#: Group centres: far apart (distance ~1.4) compared with the clustering threshold (0.55).
_CENTRES = [c / np.linalg.norm(c) for c in _rng.normal(size=(8, 128))]


def _group_descriptor(group: int, seed: int, spread: float = 0.12) -> np.ndarray:
    noise = np.random.default_rng(1000 * group + seed).normal(size=128)
    return (_CENTRES[group] + spread * noise / np.linalg.norm(noise)).astype(np.float32)


def _add_faces(
    catalog: Catalog, folder: Path, groups: list[int], *, start: int = 0, age: float | None = 30.0
) -> list[int]:
    from faceorganizer.geometry import Box
    from faceorganizer.library.catalog import FaceData, PhotoInfo

    ids = []
    for n, group in enumerate(groups, start):
        path = str(folder / f"p{n}.jpg")
        photo_id = catalog.add_photo(None, path, 1, 1)
        face = FaceData(Box(10, 20, 80, 90), score=0.9, descriptor=_group_descriptor(group, n), age=age)
        ids += catalog.store_indexed(photo_id, PhotoInfo(1, 1, f"h{n}", 200, 200), [face]).face_ids
    return ids


@pytest.fixture(scope="session")
def group_descriptor():
    """``group_descriptor(group, seed, spread=0.12)``: a face of ``group`` (0-7): its centre plus noise of norm
    ``spread`` (same-group faces ~0.17 apart, groups ~1.4)."""
    return _group_descriptor


@pytest.fixture(scope="session")
def add_faces():
    """``add_faces(catalog, folder, groups, *, start=0, age=30.0)``: one photo per face (``folder/pN.jpg``, not
    on disk), face N of ``groups[N]`` (see group_descriptor); returns the face ids."""
    return _add_faces


# --- a catalog over two real photos for the XMP sidecar tests (library metadata and CLI) ---------------


@dataclass
class XmpLibrary:
    catalog: Catalog
    photos: dict[str, int]  # file name -> photo id
    faces: dict[str, list[int]]  # file name -> face ids in the order of the boxes
    folder: Path


class XmpLibraries:
    """Catalogs over ``tmp_path/photos``: a.jpg 160x120 upright and b.jpg stored 160x120 with EXIF
    orientation 6 (displayed 120x160), with detector faces at ``boxes`` (displayed coordinates)."""

    def __init__(self, tmp_path: Path) -> None:
        from faceorganizer.geometry import Box

        self.tmp_path = tmp_path
        self.boxes = {
            "a.jpg": [Box(10, 10, 30, 30), Box(60, 20, 30, 30), Box(100, 60, 30, 40), Box(20, 70, 25, 25)],
            "b.jpg": [Box(8, 12, 40, 40), Box(60, 100, 40, 40)],
        }

    def make_photos(self, folder: Path) -> dict[str, Path]:
        """Small JPEGs: a.jpg 160x120 upright, b.jpg stored 160x120 with EXIF orientation 6."""
        folder.mkdir(parents=True, exist_ok=True)
        a, b = folder / "a.jpg", folder / "b.jpg"
        Image.new("RGB", (160, 120), (120, 90, 60)).save(a)
        exif = Image.Exif()
        exif[0x0112] = 6
        Image.new("RGB", (160, 120), (60, 90, 120)).save(b, exif=exif)
        return {"a.jpg": a, "b.jpg": b}

    def build(self, name: str = "lib", boxes: dict | None = None) -> XmpLibrary:
        """A catalog ``tmp_path/<name>.sqlite`` over the photos (made if absent) with detector faces at ``boxes``."""
        from faceorganizer.library.catalog import Catalog, FaceData, PhotoInfo

        folder = self.tmp_path / "photos"
        paths = self.make_photos(folder) if not folder.exists() else {n: folder / n for n in self.boxes}
        cat = Catalog.open(self.tmp_path / f"{name}.sqlite")
        root = cat.add_root(folder)
        photos, faces = {}, {}
        for fname, path in paths.items():
            st = path.stat()
            with cat.transaction():
                pid = cat.add_photo(root.id, str(path), st.st_size, st.st_mtime_ns)
            size, orientation = ((160, 120), 1) if fname == "a.jpg" else ((120, 160), 6)
            info = PhotoInfo(st.st_size, st.st_mtime_ns, fname, size[0], size[1], orientation)
            stored = cat.store_indexed(pid, info, [FaceData(b, score=0.9) for b in (boxes or self.boxes)[fname]])
            photos[fname], faces[fname] = pid, stored.face_ids
        return XmpLibrary(cat, photos, faces, folder)

    @staticmethod
    def tag(lib: XmpLibrary) -> dict[str, int]:
        """a: Amy confirmed, Raj auto, an unnamed face, a dismissed face; b: Raj confirmed, Amy suggested."""
        from faceorganizer.library.people import PeopleOps

        cat = lib.catalog
        with cat.transaction():
            amy, raj = cat.create_person("Amy"), cat.create_person("Raj")
        a, b = lib.faces["a.jpg"], lib.faces["b.jpg"]
        cat.assign_faces([a[0]], amy, "confirmed")
        cat.assign_faces([a[1]], raj, "auto")
        PeopleOps(cat).reject([a[3]])  # a face of no one: dismissed (state rejected)
        assert cat.face(a[3]).state == "rejected"
        cat.assign_faces([b[0]], raj, "confirmed")
        cat.assign_faces([b[1]], amy, "suggested")
        return {"Amy": amy, "Raj": raj}


@pytest.fixture
def xmp_libraries(tmp_path) -> XmpLibraries:
    """Builds catalogs over two small photos in this test's tmp_path (``.build()``, ``.tag()``, ``.boxes``)."""
    return XmpLibraries(tmp_path)


# --- small faces in a 12 MP photo ------------------------------------------------------------------

#: The size of a 12 MP phone photo.
CANVAS_12MP = (4000, 3000)


def _sample(name: str) -> Image.Image:
    from importlib import resources

    return Image.open(str(resources.files("faceorganizer.samples") / name)).convert("RGB")


def _small_face_canvas(photo=None, faces=None, face_width: float = 40, copies: int = 12, size=CANVAS_12MP):
    """``copies`` copies of ``photo`` (default: the bundled Grace Hopper portrait, its one face found by SSD)
    scaled so its ``faces`` are ``face_width`` px wide, in a grid on a canvas of ``size`` whose background is
    another photo upscaled and blurred (no face of its own is found there). Returns (PIL image, face boxes)."""
    from faceorganizer.api.analyze import detect

    if photo is None:
        photo = _sample("grace_hopper.jpg")
        faces = [d.box for d in detect(np.asarray(photo))]
    from PIL import ImageFilter

    background = _sample("cameraman.jpg").resize(size).filter(ImageFilter.GaussianBlur(16))
    scale = face_width / float(np.median([f.width for f in faces]))
    small = photo.resize((round(photo.width * scale), round(photo.height * scale)), Image.Resampling.LANCZOS)
    boxes, x, y = [], 150, 150
    for _ in range(copies):
        if x + small.width > size[0] - 150:
            x, y = 150, y + small.height + 250
        background.paste(small, (x, y))
        boxes += [f.rescale(scale).shift(x, y) for f in faces]
        x += small.width + 250
    return background, boxes


@pytest.fixture(scope="session")
def small_face_canvas():
    """``small_face_canvas(photo=None, faces=None, face_width=40, copies=12, size=(4000, 3000))``: a 12 MP
    canvas of scaled copies of a photo and the boxes of its faces there (see ``_small_face_canvas``)."""
    return _small_face_canvas


def _face_recall(found, truth) -> tuple[int, int]:
    """(faces of ``truth`` matched by a box of ``found`` at IoU > 0.3, boxes of ``found`` matching none)."""
    hits = sum(any(f.iou(t) > 0.3 for f in found) for t in truth)
    false = sum(not any(f.iou(t) > 0.3 for t in truth) for f in found)
    return hits, false


@pytest.fixture(scope="session")
def face_recall():
    """``face_recall(found_boxes, true_boxes)``: (true faces found at IoU > 0.3, false boxes)."""
    return _face_recall


# --- video sources for the live loop (camera --source FILE, the Camera window) ----------------------------


def _moving_face_frames(photo: str = "grace_hopper.jpg", count: int = 50, size=(640, 480), face_height: int = 360):
    """``count`` frames of ``size`` with the bundled portrait ``photo`` (scaled to ``face_height`` px high)
    moving from left to right on a grey background, as RGB arrays."""
    portrait = _sample(photo)
    portrait = portrait.resize((round(portrait.width * face_height / portrait.height), face_height))
    face = np.asarray(portrait)
    width, height = size
    top, travel = (height - face_height) // 2, max(1, width - face.shape[1])
    for i in range(count):
        frame = np.full((height, width, 3), 96, dtype=np.uint8)
        x = round(travel * i / max(1, count - 1))
        frame[top : top + face_height, x : x + face.shape[1]] = face
        yield frame


def _write_face_video(path: Path, photo: str = "grace_hopper.jpg", seconds: float = 2.0, fps: int = 25,
                      size=(640, 480)) -> Path:  # fmt: skip
    """A video at ``path``: ``seconds`` at ``fps`` of the bundled portrait ``photo`` moving across ``size``."""
    from faceorganizer.api.live import write_video

    write_video(path, _moving_face_frames(photo, round(seconds * fps), size), fps=fps)
    return path


@pytest.fixture(scope="session")
def face_video(tmp_path_factory) -> Path:
    """A 2 s, 25 fps, 640x480 video of the bundled Grace Hopper portrait moving across the frame (made with
    PyAV here, so the tests that need a camera have a source anywhere)."""
    return _write_face_video(tmp_path_factory.mktemp("video") / "grace.mp4")


@pytest.fixture(scope="session")
def write_face_video():
    """``write_face_video(path, photo="grace_hopper.jpg", seconds=2.0, fps=25, size=(640, 480))``: a video of a
    bundled portrait moving across the frame (see ``_write_face_video``)."""
    return _write_face_video


@pytest.fixture(scope="session")
def grace_library(tmp_path_factory) -> Path:
    """A library of two bundled portraits (Grace Hopper, the astronaut) indexed with the real networks, Grace
    Hopper's face named "Grace" (the other face of no one): copy it before changing it."""
    import shutil
    from importlib import resources

    from faceorganizer.library.catalog import Catalog
    from faceorganizer.library.indexing import scan
    from faceorganizer.library.people import People

    folder = tmp_path_factory.mktemp("portraits")
    for name in ("grace_hopper.jpg", "astronaut.jpg"):
        shutil.copy(str(resources.files("faceorganizer.samples") / name), folder / name)
    path = tmp_path_factory.mktemp("grace-lib") / "library.sqlite"
    with Catalog.open(path) as cat:
        scan(cat, [folder])
        (face_id,) = [r[0] for r in cat.query(
            "SELECT f.id FROM faces f JOIN photos p ON p.id = f.photo_id WHERE p.path LIKE '%grace%'")]  # fmt: skip
        People(cat).name_face(face_id, "Grace")
    return path
