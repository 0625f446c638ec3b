"""The desktop app end to end, as a user drives it: add a folder to an empty library, watch people appear,
name, merge, split, reject, look at a photo's overlays, find photos of two people, cancel a scan, and
restart to find every decision kept."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QMessageBox

from faceorganizer.gui.photos.overlay import BOX_COLOR
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.people import search

SCAN_TIMEOUT = 120_000
UI_TIMEOUT = 20_000


def _copy_photos(faceapi_path, dst: Path) -> Path:
    """people-photos (8 people, 5 photos each) plus the group photos bbt1-5, as a user's folder."""
    src = Path(faceapi_path("people-photos"))
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.md"))
    for i in range(1, 6):
        shutil.copy(faceapi_path("examples", f"bbt{i}.jpg"), dst / f"bbt{i}.jpg")
    return dst


def _faces_of(library: Path, person_id: int, folder: Path) -> set[int]:
    """The faces of ``person_id`` in photos under ``folder``."""
    with Catalog.open(library, read_only=True) as cat:
        rows = cat.query("SELECT f.id, p.path FROM faces f JOIN photos p ON p.id = f.photo_id WHERE f.person_id = ?",
                         (person_id,))  # fmt: skip
    return {fid for fid, path in rows if path.startswith(str(folder) + os.sep)}


def _who(library: Path) -> dict[str, int]:
    """Folder name (the person in a one-face photo) -> the person most of their faces went to."""
    votes: dict[str, Counter] = {}
    with Catalog.open(library) as cat:
        for pid, path in cat.query(
            "SELECT f.person_id, p.path FROM faces f JOIN photos p ON p.id = f.photo_id WHERE f.person_id IS NOT NULL"
        ):
            folder = os.path.basename(os.path.dirname(path))
            if folder != "photos":
                votes.setdefault(folder, Counter())[pid] += 1
    return {folder: c.most_common(1)[0][0] for folder, c in votes.items()}


def _row_of(model, person_id: int) -> int:
    rows = [r for r in range(model.rowCount()) if model.person(r).id == person_id]
    assert rows, f"person {person_id} is not in the grid"
    return rows[0]


def _click(qtbot, view: QAbstractItemView, index, modifier=Qt.KeyboardModifier.NoModifier, open_it=False,
           open_with=Qt.KeyboardModifier.NoModifier) -> None:  # fmt: skip
    """Click the item (with ``modifier``); ``open_it``: then press Enter (with ``open_with``) on it, which opens
    it like a double-click (QTest's double-click lacks the press that item views need to activate an item)."""
    view.scrollTo(index)
    pos: QPoint = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, pos)
    if open_it:
        assert view.currentIndex() == index
        qtbot.keyClick(view, Qt.Key.Key_Return, open_with)


def _face_row(person_view, photo_name: str) -> int:
    rows = [i for i, r in enumerate(person_view.model.rows) if os.path.basename(r.photo_path) == photo_name]
    assert rows, f"no face from {photo_name} in {[os.path.basename(r.photo_path) for r in person_view.model.rows]}"
    return rows[0]


def _open_person(qtbot, window, person_id: int) -> None:
    """Open the person in the People grid; wait for their faces."""
    window.nav.setCurrentRow(0)
    window.show_page(0)
    view = window.people_view
    index = view.proxy.mapFromSource(window.people_model.index(_row_of(window.people_model, person_id)))
    with qtbot.waitSignal(window.person_view.model.loaded, timeout=UI_TIMEOUT):
        # Ctrl+Enter: a plain Enter on an unnamed person starts naming it
        _click(qtbot, view.grid, index, open_it=True, open_with=Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.person_view
    assert window.person_view.model.person_id == person_id


@pytest.mark.slow
def test_a_user_session_end_to_end(qtbot, tmp_path, monkeypatch, faceapi_path):
    from faceorganizer.gui.app import build_window

    photos = _copy_photos(faceapi_path, tmp_path / "photos")
    library = tmp_path / "library.sqlite"
    window = build_window(library)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: window.refreshed, timeout=UI_TIMEOUT)
    assert window.stack.currentWidget() is window.welcome  # first run: says what to do
    model = window.people_model

    # -- add the folder (only the folder dialog is bypassed) and wait for indexing to finish -----
    with qtbot.waitSignal(window.scans.finished, timeout=SCAN_TIMEOUT) as done:
        window.add_folder(str(photos))
    summary, error = done.args
    assert error is None and summary.indexed == 45 and not summary.errors and not summary.cancelled
    qtbot.waitUntil(lambda: model.rowCount() == 8, timeout=UI_TIMEOUT)  # people appear in the grid
    assert window.stack.currentWidget() is window.people_view
    assert [window.folders.item(i).text() for i in range(window.folders.count())] == [str(photos)]
    who = _who(library)
    assert len(set(who.values())) == 8, who  # one person per folder

    # -- name two people (inline edit commits through the model's setData) --------------------
    for folder, name in (("sheldon", "Sheldon"), ("raj", "Raj")):
        with qtbot.waitSignal(model.loaded, timeout=UI_TIMEOUT):
            assert model.setData(model.index(_row_of(model, who[folder])), name, Qt.ItemDataRole.EditRole)
    assert {model.person(r).name for r in range(2)} == {"Sheldon", "Raj"}  # named people first

    # -- merge two: click one, Ctrl+click the other, Merge (the confirmation answered Yes) -----
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Yes)
    grid, proxy = window.people_view.grid, window.people_view.proxy
    amy, bernadette = who["amy"], who["bernadette"]
    merged_total = sum(model.person(_row_of(model, p)).face_count for p in (amy, bernadette))
    _click(qtbot, grid, proxy.mapFromSource(model.index(_row_of(model, amy))))
    _click(
        qtbot, grid, proxy.mapFromSource(model.index(_row_of(model, bernadette))), Qt.KeyboardModifier.ControlModifier
    )
    assert {p.id for p in window.people_view.selected()} == {amy, bernadette}
    assert window.people_view.merge_button.isEnabled()
    qtbot.mouseClick(window.people_view.merge_button, Qt.MouseButton.LeftButton)
    # the grid's next list may still be one read before the merge (the scan's last change): wait for the merge's
    qtbot.waitUntil(lambda: model.rowCount() == 7, timeout=UI_TIMEOUT)
    assert len(asked) == 1 and "Merge" in asked[0]
    ids = {model.person(r).id for r in range(model.rowCount())}
    kept, gone = (amy, bernadette) if amy in ids else (bernadette, amy)
    assert gone not in ids and model.person(_row_of(model, kept)).face_count == merged_total

    # -- open Howard, split one face off to a new person, reject another ----------------------
    howard = who["howard"]
    _open_person(qtbot, window, howard)
    pv = window.person_view
    howard_faces = len(pv.model.rows)
    split_row = _face_row(pv, "howard2.jpg")
    split_face = pv.model.rows[split_row].face.id
    _click(qtbot, pv.grid, pv.model.index(split_row))
    assert pv.selected_faces() == [split_face] and pv.move_button.isEnabled()
    pv.move_menu.aboutToShow.emit()  # the menu fills itself as it opens
    new_person = next(a for a in pv.move_menu.actions() if a.text() == "New person")
    new_person.trigger()
    qtbot.waitUntil(lambda: len(pv.model.rows) == howard_faces - 1, timeout=UI_TIMEOUT)
    qtbot.waitUntil(lambda: model.rowCount() == 8, timeout=UI_TIMEOUT)
    singles = [model.person(r) for r in range(8) if model.person(r).face_count == 1]
    assert len(singles) == 1
    split_person = singles[0].id
    assert split_person not in who.values()

    reject_row = _face_row(pv, "howard3.jpg")
    rejected_face = pv.model.rows[reject_row].face.id
    _click(qtbot, pv.grid, pv.model.index(reject_row))
    assert pv.selected_faces() == [rejected_face]
    qtbot.mouseClick(pv.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(pv.model.rows) == howard_faces - 2, timeout=UI_TIMEOUT)
    assert rejected_face not in {r.face.id for r in pv.model.rows}

    # -- open bbt1.jpg from one of Howard's faces: boxes and label fields are drawn ------------
    bbt_row = _face_row(pv, "bbt1.jpg")
    howard_in_bbt1 = pv.model.rows[bbt_row].face.id
    with qtbot.waitSignal(window.photo_view.loaded, timeout=UI_TIMEOUT):
        _click(qtbot, pv.grid, pv.model.index(bbt_row), open_it=True)
    assert window.stack.currentWidget() is window.photo_view
    canvas = window.photo_view.canvas
    assert os.path.basename(canvas.photo.photo.path) == "bbt1.jpg" and len(canvas.photo.faces) == 4
    assert "Sheldon" in canvas.photo.names.values()
    image = canvas.grab().toImage()
    target = canvas.image_rect()
    scale = canvas.scale_to_image * target.width() / canvas.image.width()
    face = next(f for f in canvas.photo.faces if f.id == howard_in_bbt1)
    left, top = target.x() + face.box.x * scale, target.y() + face.box.y * scale
    mid_y = int(target.y() + (face.box.y + face.box.height / 2) * scale)
    assert BOX_COLOR.name() in {image.pixelColor(int(left) + dx, mid_y).name() for dx in (-1, 0, 1)}  # box edge
    right = int(target.x() + (face.box.x + face.box.width) * scale)
    assert BOX_COLOR.name() in {image.pixelColor(right + dx, mid_y).name() for dx in (-1, 0, 1)}
    # the label field above the box's top-left corner: box colour, with white text in it
    assert image.pixelColor(int(left) + 3, int(top) - 3).name() == BOX_COLOR.name()
    field = [
        image.pixelColor(x, y) for x in range(int(left) + 2, int(left) + 60) for y in range(int(top) - 18, int(top) - 2)
    ]
    assert sum(c.red() > 200 and c.green() > 200 and c.blue() > 200 for c in field) >= 5

    # -- Find photos: All of Sheldon and Raj gives exactly the library search's photos --------
    window.nav.setCurrentRow(3)
    fv = window.filters_view
    assert window.stack.currentWidget() is fv
    qtbot.waitUntil(lambda: fv.people.count() == 2, timeout=UI_TIMEOUT)
    assert fv.mode.currentData() == "all"
    with qtbot.waitSignal(fv.searched, timeout=UI_TIMEOUT):
        for i in range(fv.people.count()):
            fv.people.item(i).setCheckState(Qt.CheckState.Checked)
    with Catalog.open(library) as cat:
        expected = [p.id for p in search.photos_with_all(cat, [who["sheldon"], who["raj"]])]
    assert expected and fv.model.photo_ids() == expected
    assert len(expected) < 45

    # -- start another indexing run and cancel it from the status bar --------------------------
    more = shutil.copytree(photos, tmp_path / "more")
    for twin in more.rglob("*.jpg"):  # a byte after the JPEG's end: the same pixels, other bytes (a copy of the
        with open(twin, "ab") as fh:  # same bytes would be another location of the photo: no model work to cancel)
            fh.write(b"\0")
    progress: list = []
    window.scans.progress.connect(progress.append)
    status = window.scan_status
    with qtbot.waitSignal(window.scans.finished, timeout=SCAN_TIMEOUT) as done:
        window.add_folder(str(more))
        qtbot.waitUntil(lambda: any(p.phase == "indexing" and p.done >= 1 for p in progress), timeout=SCAN_TIMEOUT)
        assert status.cancel_button.isVisible()
        qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
    summary, error = done.args
    assert error is None and summary.cancelled and 1 <= summary.indexed < 45
    assert status.label.text().startswith("Indexing cancelled")
    with Catalog.open(library) as cat:
        assert cat.integrity_check() == ["ok"]
        twin_faces = {os.path.relpath(p.path, photos): len(cat.faces_of_photo(p.id)) for p in cat.photos()
                      if p.path.startswith(str(photos) + os.sep)}  # fmt: skip
        stored = [p for p in cat.photos() if p.path.startswith(str(more) + os.sep)]
        assert {p.status for p in stored} <= {"indexed", "pending"}
        indexed = [p for p in stored if p.status == "indexed"]
        assert len(indexed) == summary.indexed
        for p in stored:  # every photo fully stored with all its faces, or not at all
            n = len(cat.faces_of_photo(p.id))
            assert n == (twin_faces[os.path.relpath(p.path, more)] if p.status == "indexed" else 0), p.path
        # what the cancelled scan stored is matched and clustered: the copies' faces joined their twins' people
        assert cat.scalar("SELECT count(*) FROM people_pending") == 0
        copies = [f for p in indexed for f in cat.faces_of_photo(p.id)]
        assert copies and sum(f.person_id is not None for f in copies) >= len(copies) - 2

    # -- close (workers joined) and restart on the same library --------------------------------
    window.close()
    assert not window.scans.busy and window.library.runner.wait(0)
    again = build_window(library)
    qtbot.addWidget(again)
    again.resize(1280, 800)
    with qtbot.waitSignal(again.people_model.loaded, timeout=UI_TIMEOUT):
        again.show()
    m = again.people_model
    qtbot.waitUntil(lambda: again.refreshed, timeout=UI_TIMEOUT)
    people = {m.person(r).id: m.person(r) for r in range(m.rowCount())}
    assert people[who["sheldon"]].name == "Sheldon" and people[who["raj"]].name == "Raj"  # the names
    # counted in the first folder (the cancelled scan's copies joined people too)
    assert gone not in people and len(_faces_of(library, kept, photos)) == merged_total  # the merge
    assert _faces_of(library, split_person, photos) == {split_face}  # the split face's new person
    assert len(_faces_of(library, howard, photos)) == howard_faces - 2
    _open_person(qtbot, again, split_person)
    assert split_face in {r.face.id for r in again.person_view.model.rows}
    _open_person(qtbot, again, howard)
    kept_faces = {r.face.id for r in again.person_view.model.rows}
    assert rejected_face not in kept_faces and split_face not in kept_faces  # the rejection holds
    with Catalog.open(library) as cat:
        assert cat.face(rejected_face).person_id is None
        decisions = Counter(d.kind for d in cat.decisions())
        assert decisions["name"] >= 2 and decisions["merge"] == 1
        assert decisions["split"] == 1 and decisions["reject"] == 1
        assert [(d.person_id, d.other_person_id) for d in cat.decisions(kind="merge")] == [(kept, gone)]
        assert [(d.face_id, d.person_id) for d in cat.decisions(kind="split")] == [(split_face, split_person)]
        assert [(d.face_id, d.person_id) for d in cat.decisions(kind="reject")] == [(rejected_face, howard)]
        named = {d.person_id: d.value for d in cat.decisions(kind="name") if d.value}
        assert named[who["sheldon"]] == "Sheldon" and named[who["raj"]] == "Raj"
    again.close()
