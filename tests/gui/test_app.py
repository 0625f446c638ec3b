"""The desktop app end to end on a small real library: people grid, rename, photo overlays, screenshot, scans."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt, QTimer

from faceorganizer.gui.photos.overlay import BOX_COLOR
from faceorganizer.library.catalog import Catalog


def test_people_grid_shows_every_person_with_faces(window, library):
    with Catalog.open(library) as cat:
        expected = [p for p in cat.people() if p.face_count and not p.hidden]
    model = window.people_model
    assert model.rowCount() == len(expected) >= 4
    counts = [model.person(r).face_count for r in range(model.rowCount())]
    assert counts == sorted(counts, reverse=True)  # all unnamed: by face count
    assert "Unnamed" in model.index(0).data(Qt.ItemDataRole.DisplayRole)


def test_rename_through_the_model_is_stored_and_named_people_come_first(qtbot, window, library):
    model = window.people_model
    last = model.rowCount() - 1
    pid = model.person(last).id
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        assert model.setData(model.index(last), "Penny", Qt.ItemDataRole.EditRole)
    assert model.person(0).id == pid and model.person(0).name == "Penny"
    with Catalog.open(library) as cat:
        assert cat.person(pid).name == "Penny"
        assert [d.value for d in cat.decisions(kind="name", person_id=pid)] == ["Penny"]


def test_merge_and_hide_selected_people(qtbot, window, library):
    view, model = window.people_view, window.people_model
    before = model.rowCount()
    sel = view.grid.selectionModel()
    for row in (0, 1):
        sel.select(view.proxy.index(row, 0), sel.SelectionFlag.Select)
    total = model.person(0).face_count + model.person(1).face_count
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        view.merge_selected(confirm=False)
    assert model.rowCount() == before - 1 and model.person(0).face_count == total
    view.grid.selectionModel().select(view.proxy.index(0, 0), sel.SelectionFlag.ClearAndSelect)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        view.toggle_hidden_selected()
    assert model.rowCount() == before - 2 and model.hidden_count == 1
    model.set_show_hidden(True)
    assert model.rowCount() == before - 1


def test_photo_view_draws_boxes_and_labels(qtbot, window, library):
    photo_id = window.library.busiest_photo()
    window.nav.setCurrentRow(1)
    with qtbot.waitSignal(window.photo_view.loaded, timeout=20_000) as blocker:
        window.photo_view.show_photo(photo_id)
    assert blocker.args == [photo_id]
    canvas = window.photo_view.canvas
    assert len(canvas.photo.faces) == 4
    image = canvas.grab().toImage()
    target = canvas.image_rect()
    scale = canvas.scale_to_image * target.width() / canvas.image.width()
    face = canvas.photo.faces[0]
    # the left edge of the box, halfway down: box colour (2 px line, antialiased at most one pixel off)
    x = target.x() + face.box.x * scale
    y = int(target.y() + (face.box.y + face.box.height / 2) * scale)
    colours = {image.pixelColor(int(x) + dx, y).name() for dx in (-1, 0, 1)}
    assert BOX_COLOR.name() in colours
    # the label field above the box's top-left corner is filled with the box colour too
    label = image.pixelColor(int(x) + 3, int(target.y() + face.box.y * scale) - 3)
    assert label.name() == BOX_COLOR.name()
    window.photo_view.toggles["boxes"].setChecked(False)
    window.photo_view.toggles["labels"].setChecked(False)
    plain = canvas.grab().toImage()
    assert BOX_COLOR.name() not in {plain.pixelColor(int(x) + dx, y).name() for dx in (-1, 0, 1)}


def test_screenshot_command_writes_a_1280x800_png(library, tmp_path, capsys):
    from PIL import Image

    from faceorganizer.cli import main

    shots = {}
    for view in ("people", "photos", "photo", "review"):
        out = tmp_path / f"{view}.png"
        assert main(["gui", "--library", str(library), "--screenshot", str(out), "--view", view]) == 0
        with Image.open(out) as im:
            assert im.size == (1280, 800) and im.format == "PNG"
            shots[view] = im.tobytes()
    assert len(set(shots.values())) == 4, "two views rendered the same picture"


def test_event_loop_keeps_turning_during_a_scan(qtbot, window, tmp_path, faceapi_path):
    folder = tmp_path / "more"
    folder.mkdir()
    for name in ("sheldon1.jpg", "sheldon2.jpg", "leonard1.jpg"):
        shutil.copy(faceapi_path("people-photos", name.rstrip("0123456789.jpg"), name), folder / name)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    progress: list = []
    window.scans.progress.connect(progress.append)
    with qtbot.waitSignal(window.scans.finished, timeout=60_000) as blocker:
        window.add_folder(str(folder))
    timer.stop()
    summary, error = blocker.args
    assert error is None and summary.indexed == 3
    assert progress and progress[-1].done == 3
    assert len(ticks) >= 5  # the UI thread ran its timer all along
    assert "Indexed: 3 photos" in window.scan_status.label.text()


def test_first_run_shows_what_to_do(qtbot, tmp_path):
    from faceorganizer.gui.app import build_window, wait_until

    win = build_window(tmp_path / "new.sqlite")
    qtbot.addWidget(win)
    win.show()
    assert wait_until(lambda: win.refreshed)
    assert win.stack.currentWidget() is win.welcome and "Add folder" in win.welcome.text()
    win.close()


@pytest.mark.parametrize("write", [False, True])
def test_run_task_delivers_on_the_ui_thread_and_honours_cancel(qtbot, write):
    import threading

    from faceorganizer.gui.tasks import TaskRunner

    runner = TaskRunner()
    got: list = []
    main = threading.get_ident()
    gate = threading.Event()
    first = runner.run_task(
        lambda: gate.wait(5) and threading.get_ident(), lambda r, e: got.append(("a", r, e)), write=write
    )
    second = runner.run_task(lambda: 1 / 0, lambda r, e: got.append(("b", threading.get_ident(), type(e))), write=write)
    third = runner.run_task(lambda: got.append("ran"), lambda r, e: got.append("c"), write=write)
    third.cancel()
    gate.set()
    qtbot.waitUntil(lambda: len(got) >= 2, timeout=5000)
    assert runner.shutdown()
    qtbot.wait(50)
    names = [g[0] for g in got if isinstance(g, tuple)]
    assert sorted(names) == ["a", "b"] and "c" not in got
    assert ("b", main, ZeroDivisionError) in got and first.finished.is_set() and second.finished.is_set()


def test_about_dialog_names_version_and_licenses(window):
    import faceorganizer
    from faceorganizer.gui.about import about_text

    text = about_text()
    assert f"faceorganizer {faceorganizer.__version__}" in text
    assert ".onnx" not in text  # a short help for users, not the files shipped (issue 14)
    assert "MIT" in text and "DejaVu" in text
    assert window.about_action.text() == "&About faceorganizer"


def test_a_task_outliving_its_runner_finishes_quietly(qapp, capfd):
    """Quitting while a slow task runs: ``shutdown`` gives up waiting, the app's objects go, and the task ends
    later. Its result has nowhere to go; it must not print a traceback (CI saw one on quit mid-scan)."""
    import threading

    import shiboken6

    from faceorganizer.gui.tasks import TaskRunner

    runner = TaskRunner()
    gate = threading.Event()
    task = runner.run_task(lambda: gate.wait(5), lambda r, e: None, write=True)  # a write keeps running
    assert not runner.shutdown(timeout_ms=50)  # still running: shutdown gave up
    shiboken6.delete(runner._bridge)  # what the app's exit does to it
    gate.set()
    assert task.finished.wait(5)
    assert runner.wait(5000)
    assert "Traceback" not in capfd.readouterr().err


def test_a_reload_that_ends_late_does_not_put_back_what_a_later_one_replaced(qtbot, tmp_path, monkeypatch):
    """Reads run two at a time: a People grid reload begun before a merge may end after the reload that follows
    the merge. The grid keeps the newer list (it showed the merged person again, until the next change)."""
    import threading

    from faceorganizer.gui.people.grid_model import PeopleModel
    from faceorganizer.gui.services import LibraryService, PersonItem
    from faceorganizer.gui.tasks import TaskRunner

    before = [PersonItem(1, "Amy", False, 3), PersonItem(2, "Bernadette", False, 2)]
    after = [PersonItem(1, "Amy", False, 5)]
    gate, calls = threading.Event(), []

    def people(self, covers=True):
        calls.append(1)
        if len(calls) == 1:  # the first reload: slow, and ends with what was there before the merge
            gate.wait(5)
            return before
        return after

    monkeypatch.setattr(LibraryService, "people", people)
    runner = TaskRunner(workers=2)
    model = PeopleModel(LibraryService(tmp_path / "lib.sqlite", runner))
    model.reload()
    qtbot.waitUntil(lambda: len(calls) == 1)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload()  # after the merge
    assert [model.person(r).id for r in range(model.rowCount())] == [1]
    gate.set()
    assert runner.wait(5000)
    qtbot.wait(100)  # the late result's delivery, if it were applied
    assert [model.person(r).id for r in range(model.rowCount())] == [1]
    assert model.person(0).face_count == 5
    runner.shutdown()
