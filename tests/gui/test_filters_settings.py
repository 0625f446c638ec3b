"""Find photos (all of / any of / only, by expression), settings (stored, reaching the next scan, the
dialog), shortcuts and window geometry restored."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QSettings

from faceorganizer.gui.settings import Settings, settings_store
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import IndexOptions
from faceorganizer.library.people import People, search

NAMES = ("Amy", "Raj", "Penny", "Howard", "Sheldon", "Leonard")


@pytest.fixture
def named(library) -> list[int]:
    """Name every person with faces in the library copy (before the window opens); their ids."""
    with Catalog.open(library) as cat:
        ids = [p.id for p in cat.people() if p.face_count]
        people = People(cat)
        for pid, name in zip(ids, NAMES, strict=False):
            people.rename(pid, name)
    return ids


def _search(qtbot, view, person_ids, mode):
    with qtbot.waitSignal(view.searched, timeout=10_000):
        view.set_chosen(person_ids, mode)
    return view.model.photo_ids()


def _pair_in_one_photo(library, ids) -> list[int]:
    with Catalog.open(library) as cat:
        for pair in itertools.combinations(ids, 2):
            if search.photos_with_all(cat, pair):
                return list(pair)
    raise AssertionError("no two people share a photo in the test library")


def test_find_photos_by_people_matches_the_library_search(qtbot, named, window, library):
    qtbot.waitUntil(lambda: window.refreshed, timeout=10_000)
    window.nav.setCurrentRow(3)
    view = window.filters_view
    assert window.stack.currentWidget() is view
    qtbot.waitUntil(lambda: view.people.count() == len(named), timeout=10_000)
    pair = _pair_in_one_photo(library, named)
    with Catalog.open(library) as cat:
        expected = {
            "all": [p.id for p in search.photos_with_all(cat, pair)],
            "any": [p.id for p in search.photos_with_any(cat, pair)],
            "only": [p.id for p in search.photos_with_only(cat, pair)],
            "only1": [p.id for p in search.photos_with_only(cat, pair[:1])],
        }
    assert expected["all"] and len(expected["any"]) > len(expected["all"])
    assert _search(qtbot, view, pair, "all") == expected["all"]
    assert view.chosen_people() == sorted(pair) or set(view.chosen_people()) == set(pair)
    assert _search(qtbot, view, pair, "any") == expected["any"]
    assert _search(qtbot, view, pair, "only") == expected["only"]
    assert _search(qtbot, view, pair[:1], "only") == expected["only1"]
    # a result opens in the photo view
    first = view.model.index(0)
    with qtbot.waitSignal(window.photo_view.loaded, timeout=20_000) as blocker:
        view.results.activated.emit(first)
    assert blocker.args == [expected["only1"][0]] and window.stack.currentWidget() is window.photo_view


def test_find_photos_by_expression_age_and_gender(qtbot, named, window, library):
    view = window.filters_view
    qtbot.waitUntil(lambda: window.refreshed, timeout=10_000)
    window.nav.setCurrentRow(3)
    qtbot.waitUntil(lambda: view.people.count() == len(named), timeout=10_000)
    with Catalog.open(library) as cat:
        hits = search.faces_by(cat, age_range=(0, 200), limit=-1)
        expression = max(search.EXPRESSIONS, key=lambda e: sum(h.face.expression == e for h in hits))
        by_expr = list(dict.fromkeys(h.face.photo_id for h in search.faces_by(cat, expression=expression, limit=-1)))
        young = list(dict.fromkeys(h.face.photo_id for h in search.faces_by(cat, age_range=(0, 30), limit=-1)))
        with_amy = {p.id for p in search.photos_with_any(cat, named[:1])}
    with qtbot.waitSignal(view.searched, timeout=10_000):
        view.expression.setCurrentIndex(view.expression.findData(expression))
    assert view.model.photo_ids() == by_expr and by_expr
    with qtbot.waitSignal(view.searched, timeout=10_000):
        view.expression.setCurrentIndex(0)
    view.age_low.setValue(0)
    view.age_high.setValue(30)
    with qtbot.waitSignal(view.searched, timeout=10_000):
        view.use_age.setChecked(True)
    assert view.model.photo_ids() == young
    # people and a face criterion together: the person's photos that also have such a face
    assert _search(qtbot, view, named[:1], "any") == [p for p in young if p in with_amy]
    with qtbot.waitSignal(view.searched, timeout=10_000):
        view.clear()
    assert view.model.rowCount() == 0 and "Pick people" in view.caption.text()


def test_settings_round_trip_through_qsettings(settings_dir):
    assert Settings.load() == Settings()  # nothing stored yet: the defaults
    chosen = Settings(detector="tiny", input_size=320, min_confidence=0.35, match_threshold=0.55,
                      auto_threshold=0.45, min_face_size=40, exclude=("/photos/private",), threads=3)  # fmt: skip
    chosen.save()
    assert Settings.load() == chosen
    store = settings_store()
    assert store.organizationName() == "faceorganizer"
    assert store.fileName().startswith(str(settings_dir))  # never the user's real settings
    assert store.value("scan/detector") == "tiny"
    store.setValue("scan/threads", "lots")  # an unreadable value falls back to its default
    assert Settings.load().threads == 2 and Settings.load().detector == "tiny"
    with pytest.raises(ValueError):
        Settings(auto_threshold=0.7, match_threshold=0.6)


def test_settings_reach_the_next_scan_and_survive_a_restart(qtbot, window, library):
    from faceorganizer.gui.app import build_window

    chosen = Settings(detector="tiny", input_size=320, min_confidence=0.4, match_threshold=0.55,
                      auto_threshold=0.45, threads=1)  # fmt: skip
    window.apply_settings(chosen, store=True)
    with qtbot.waitSignal(window.scans.finished, timeout=60_000):
        assert window.scans.start()
        job = window.scans.job
        assert job.options == IndexOptions(detector="tiny", input_size=320, min_confidence=0.4, workers=1)
        assert job.assignment.auto_threshold == 0.45 and job.assignment.suggest_threshold == 0.55
    again = build_window(library)
    qtbot.addWidget(again)
    assert again.settings == chosen and again.scans.options.detector == "tiny"
    again.close()


def test_settings_dialog_edits_and_validates(qtbot):
    from faceorganizer.gui.settings import SettingsDialog

    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.result_settings() == Settings()
    assert not dialog.input_size.isEnabled()
    dialog.detector.setCurrentIndex(dialog.detector.findData("tiny"))
    assert dialog.input_size.isEnabled()
    dialog.exclude.setPlainText("/a\n\n  /b  \n")
    dialog.threads.setValue(4)
    got = dialog.result_settings()
    assert got.detector == "tiny" and got.exclude == ("/a", "/b") and got.threads == 4
    dialog.auto_threshold.setValue(0.9)  # above the matching threshold: refused, dialog stays open
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and "auto_threshold" in dialog.error.text()


def test_shortcuts_for_common_actions(qtbot, window):
    keys = {name: a.shortcut().toString() for name, a in window.shortcut_actions.items()}
    assert keys == {"add_folder": "Ctrl+O", "rescan": "F5", "quit": "Ctrl+Q", "find": "Ctrl+F", "rename": "F2",
                    "hide": "Del", "settings": "Ctrl+,", "undo": "Ctrl+Z", "redo": "Ctrl+Shift+Z",
                    "review": "Ctrl+R", "open_library": "Ctrl+Shift+O", "import_xmp": "",
                    "export_xmp": "", "camera": "Ctrl+Shift+C", "open_video": ""}  # fmt: skip
    qtbot.waitUntil(lambda: window.refreshed, timeout=10_000)
    window.shortcut_actions["find"].trigger()
    assert window.stack.currentWidget() is window.people_view
    view, model = window.people_view, window.people_model
    view.grid.selectionModel().select(view.proxy.index(0, 0), view.grid.selectionModel().SelectionFlag.Select)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        window.shortcut_actions["hide"].trigger()
    assert model.hidden_count == 1


def test_window_geometry_is_restored(qtbot, library):
    from faceorganizer.gui.app import build_window

    first = build_window(library)
    qtbot.addWidget(first)
    assert not first.geometry_restored
    first.resize(720, 520)  # inside the offscreen screen (restoreGeometry clamps to it)
    first.show()
    first.close()
    assert QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "faceorganizer", "faceorganizer").value(
        "window/geometry"
    )
    second = build_window(library)
    qtbot.addWidget(second)
    assert second.geometry_restored and (second.width(), second.height()) == (720, 520)
    second.close()
