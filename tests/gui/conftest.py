"""GUI test fixtures: Qt offscreen, and one small real library (people photos + a group photo) per session."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def english_plurals(qapp):
    """The English plural forms ("1 face", "2 faces") on the tests' QApplication, as the app installs them."""
    from faceorganizer.gui.i18n import install_plurals

    translator = install_plurals(qapp)
    assert translator is not None, "resources/translations/faceorganizer_en.qm is missing"
    yield translator
    qapp.removeTranslator(translator)


@pytest.fixture(autouse=True)
def settings_dir(tmp_path_factory, monkeypatch):
    """Every GUI test reads and writes settings (and window geometry) in a fresh temporary folder, and keeps
    photo thumbnails in a temporary cache folder: never the user's own."""
    from PySide6.QtCore import QSettings

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


#: 8 one-face photos of 4 people (2 each) and a group photo.
PHOTOS = ["amy/amy1.jpg", "amy/amy2.jpg", "raj/raj1.jpg", "raj/raj2.jpg", "penny/penny1.jpg", "penny/penny2.jpg",
          "howard/howard1.jpg", "howard/howard2.jpg"]  # fmt: skip


@pytest.fixture(scope="session")
def built_library(tmp_path_factory, faceapi_path) -> Path:
    """A library indexed with the real networks; copy it (``library``) before changing it."""
    from faceorganizer.library.catalog import Catalog
    from faceorganizer.library.indexing import scan

    folder = tmp_path_factory.mktemp("photos")
    for rel in PHOTOS:
        shutil.copy(faceapi_path("people-photos", *rel.split("/")), folder / Path(rel).name)
    shutil.copy(faceapi_path("examples", "bbt1.jpg"), folder / "bbt1.jpg")
    path = tmp_path_factory.mktemp("lib") / "library.sqlite"
    with Catalog.open(path) as cat:
        summary = scan(cat, [folder])
    assert summary.indexed == len(PHOTOS) + 1 and not summary.errors
    return path


@pytest.fixture
def library(built_library, tmp_path) -> Path:
    """A private copy of the session library (WAL checkpointed by closing, so the file is complete)."""
    dst = tmp_path / "library.sqlite"
    shutil.copy(built_library, dst)
    return dst


def _shown_window(qtbot, library: Path):
    """The app's window on ``library``, 1280x800, shown once the People grid has loaded."""
    from faceorganizer.gui.app import build_window

    win = build_window(library)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    with qtbot.waitSignal(win.people_model.loaded, timeout=20_000):
        win.show()
    return win


@pytest.fixture
def window(qtbot, library):
    win = _shown_window(qtbot, library)
    yield win
    win.close()


@pytest.fixture
def unnamed_library(tmp_path, add_faces):
    """A library of four unnamed people (5, 4, 3 and 2 faces) made by clustering synthetic faces; no reference
    data needed (photo files are absent: covers stay grey)."""
    from faceorganizer.library.catalog import Catalog
    from faceorganizer.library.people import People

    path = tmp_path / "library.sqlite"
    with Catalog.open(path) as cat:
        root = cat.add_root(tmp_path)  # a folder, so the app shows People rather than the first-run page
        assert root.id
        add_faces(cat, tmp_path, [0] * 5 + [1] * 4 + [2] * 3 + [3] * 2)
        People(cat).recluster()
        assert len(cat.people()) == 4
    return path


@pytest.fixture
def app_window(qtbot, unnamed_library):
    """The app on ``unnamed_library``, shown, on the People page."""
    win = _shown_window(qtbot, unnamed_library)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.people_view, timeout=5_000)
    win.activateWindow()
    yield win
    win.close()
