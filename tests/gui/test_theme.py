"""The app follows the system's light / dark colour scheme (issue 14.4), live, with a dark palette that keeps
text readable, and has icons on the sidebar and the menus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette


def _contrast(palette: QPalette) -> tuple[int, int]:
    window, text = palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.WindowText)
    return window.lightness(), text.lightness()


def test_the_palette_follows_the_systems_scheme_and_its_switches(qapp):
    """The offscreen platform has no colour scheme of its own (Unknown: light); the system's switches arrive as
    the style hints' colorSchemeChanged, sent here as a desktop would."""
    from faceorganizer.gui.settings.theme import apply_scheme, follow_scheme

    hints = QGuiApplication.styleHints()
    try:
        follow_scheme(qapp)
        window, text = _contrast(qapp.palette())
        assert window > 180 and text < 80, "no scheme known: light"
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        window, text = _contrast(qapp.palette())
        assert window < 80 and text > 180, "dark: dark surfaces, light text"
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        window, text = _contrast(qapp.palette())
        assert window > 180 and text < 80
    finally:
        hints.colorSchemeChanged.disconnect()
        apply_scheme(qapp, Qt.ColorScheme.Light)


def test_a_forced_scheme_and_icons(qapp):
    from faceorganizer.gui.settings.theme import ICONS, apply_scheme, icon

    assert apply_scheme(qapp, Qt.ColorScheme.Dark) == Qt.ColorScheme.Dark
    assert _contrast(qapp.palette())[0] < 80
    apply_scheme(qapp, Qt.ColorScheme.Light)
    assert all(not icon(name).isNull() for name in ICONS)


def test_the_sidebar_and_the_menus_have_icons(app_window):
    nav = app_window.nav
    assert all(not nav.item(r).icon().isNull() for r in range(nav.count()))
    for name in ("add_folder", "undo", "redo", "quit", "settings", "review", "rescan"):
        assert not app_window.shortcut_actions[name].icon().isNull(), name
