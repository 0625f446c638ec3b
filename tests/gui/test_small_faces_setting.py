"""The small-face mode in Settings (issue 15): a switch, off by default, stored, enabled only for SSD, and it
reaches the next scan's IndexOptions."""

from __future__ import annotations

from faceorganizer.api.options import SmallFacesOptions
from faceorganizer.gui.settings import Settings, SettingsDialog


def test_the_switch_is_off_by_default_stored_and_reaches_the_scan(qtbot, settings_dir):
    assert Settings().small_faces is False
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.small_faces.isEnabled() and not dialog.small_faces.isChecked()
    assert "12-megapixel" in dialog.small_faces_help.text()
    dialog.small_faces.setChecked(True)
    chosen = dialog.result_settings()
    assert chosen.small_faces and chosen.index_options().detector_options() == SmallFacesOptions()
    chosen.save()
    assert Settings.load().small_faces is True


def test_the_switch_is_for_ssd_only(qtbot, settings_dir):
    dialog = SettingsDialog(Settings(small_faces=True))
    qtbot.addWidget(dialog)
    assert dialog.small_faces.isChecked()
    dialog.detector.setCurrentIndex(dialog.detector.findData("tiny"))
    assert not dialog.small_faces.isEnabled()
    got = dialog.result_settings()
    assert got.detector == "tiny" and got.small_faces is False  # never an invalid combination


def test_every_detector_is_offered_with_its_own_options(qtbot, settings_dir):
    """Issue 16: TinyYolov2 and MTCNN are in the Settings too; the input size applies to the Tiny detectors."""
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    offered = [dialog.detector.itemData(i) for i in range(dialog.detector.count())]
    assert offered == ["ssd", "tiny", "yolo", "mtcnn"]
    for key, sized in (("ssd", False), ("tiny", True), ("yolo", True), ("mtcnn", False)):
        dialog.detector.setCurrentIndex(dialog.detector.findData(key))
        assert dialog.input_size.isEnabled() is sized
        assert dialog.result_settings().index_options().detector == key
