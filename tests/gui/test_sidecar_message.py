"""The app tells of sidecars another program changed (issue 18.4): a face a sidecar names otherwise than the user
did is said in the status bar (the user's name kept), with how many there are when there are more (the Sidecar
conflicts button lists them); names that came in are said too; the watcher's imports reach the window as a
signal."""

from __future__ import annotations

from faceorganizer.gui.watching import WatchController, sidecar_message
from faceorganizer.library.metadata.exchange import ImportSummary, XmpConflict


def test_the_status_bar_words_for_a_sidecar_import():
    assert sidecar_message(ImportSummary()) is None
    assert sidecar_message(ImportSummary(regions=1, unchanged=1)) is None
    assert "Names read from XMP sidecars" in sidecar_message(ImportSummary(regions=1, matched=1))
    one = ImportSummary(regions=1, conflicts=1, conflict_list=[XmpConflict("/p/a.jpg", 3, "Ann", "Bob")])
    text = sidecar_message(one)
    assert text.startswith("a.jpg:") and "\u201cAnn\u201d" in text and "\u201cBob\u201d" in text and "kept" in text
    two = ImportSummary(conflict_list=[XmpConflict("/p/a.jpg", 3, "Ann", "Bob"), XmpConflict("/p/b.jpg", 4, "C", "D")])
    text = sidecar_message(two)
    assert text.startswith("a.jpg:") and "\u201cAnn\u201d" in text and "b.jpg" not in text  # the first one told
    assert text.endswith("kept (2 conflicts in all)") and "import-xmp" not in text  # and how many there are


def test_the_watchers_sidecar_imports_reach_the_window_and_its_status_bar(qtbot, app_window, library):
    from faceorganizer.gui.app import start_watching

    watching = start_watching(app_window)
    try:
        summary = ImportSummary(regions=1, conflicts=1, conflict_list=[XmpConflict("/p/a.jpg", 3, "Ann", "Bob")])
        with qtbot.waitSignal(app_window.library.changed, timeout=5_000):
            watching.sidecars_imported.emit(summary)  # as the watcher's thread does, through the queued signal
        assert "your name is kept" in app_window.statusBar().currentMessage()
    finally:
        watching.stop()
    assert isinstance(watching, WatchController)
