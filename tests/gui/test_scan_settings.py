"""Settings the library used to ignore: minimum face size and folders to exclude reach the next scan."""

from __future__ import annotations

import os
import shutil

from faceorganizer.gui.settings import Settings
from faceorganizer.library.catalog import Catalog


def test_min_face_size_and_excluded_folders_reach_the_next_scan(qtbot, window, library, tmp_path, faceapi_path):
    folder = tmp_path / "more"
    (folder / "Trash").mkdir(parents=True)
    (folder / "private").mkdir()
    shutil.copy(faceapi_path("people-photos", "sheldon", "sheldon1.jpg"), folder / "sheldon1.jpg")
    shutil.copy(faceapi_path("people-photos", "leonard", "leonard1.jpg"), folder / "Trash" / "leonard1.jpg")
    shutil.copy(faceapi_path("people-photos", "stuart", "stuart1.jpg"), folder / "private" / "stuart1.jpg")
    with Catalog.open(library) as cat:
        before = cat.scalar("SELECT count(*) FROM faces")
    # a minimum face size larger than any face in the photo: the face is not stored
    chosen = Settings(min_face_size=5000, exclude=("*/Trash", str(folder / "private")))
    window.apply_settings(chosen, store=True)  # what the Settings dialog's OK does
    with qtbot.waitSignal(window.scans.finished, timeout=60_000) as blocker:
        window.add_folder(str(folder))
    summary, error = blocker.args
    assert error is None and summary.indexed == 1 and summary.faces == 0
    assert window.scans.options.min_face_size == 5000 and "*/Trash" in window.scans.options.exclude
    with Catalog.open(library) as cat:
        names = {os.path.basename(p.path) for p in cat.photos() if p.path.startswith(str(folder))}
        assert names == {"sheldon1.jpg"}  # Trash and private were not walked
        assert cat.scalar("SELECT count(*) FROM faces") == before
    # back to no limit: the next scan of a new photo keeps its face
    window.apply_settings(Settings(exclude=chosen.exclude), store=True)
    shutil.copy(faceapi_path("people-photos", "sheldon", "sheldon2.jpg"), folder / "sheldon2.jpg")
    with qtbot.waitSignal(window.scans.finished, timeout=60_000) as blocker:
        assert window.scans.start()
    summary, error = blocker.args
    assert error is None and summary.indexed == 1 and summary.faces == 1
    assert Settings.load().exclude == chosen.exclude  # stored for the next start too
