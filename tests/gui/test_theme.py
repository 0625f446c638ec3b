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


def _ink(icon, mode=None) -> set[str]:
    """The colours of an icon's fully opaque pixels (an icon font's glyph is drawn in one colour)."""
    from PySide6.QtGui import QIcon

    image = icon.pixmap(32, 32, mode or QIcon.Mode.Normal).toImage()
    pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    return {c.name() for c in pixels if c.alpha() == 255}


def test_every_icon_comes_from_qtawesome_in_the_palettes_text_colour(qapp):
    from PySide6.QtGui import QIcon

    from faceorganizer.gui.settings.theme import ICONS, apply_scheme, awesome, icon

    assert awesome() is not None, "qtawesome is a dependency"
    for scheme in (Qt.ColorScheme.Light, Qt.ColorScheme.Dark):
        apply_scheme(qapp, scheme)
        palette = qapp.palette()
        text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText).name()
        selected = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText).name()
        for name, spec in ICONS.items():
            assert not awesome().icon(spec.awesome).isNull(), name
            made = icon(name)
            assert not made.isNull() and _ink(made) == {text}, (scheme, name, _ink(made))
            assert _ink(made, QIcon.Mode.Selected) == {selected}, name  # white on the selection's blue
    apply_scheme(qapp, Qt.ColorScheme.Light)


def test_the_icons_are_made_again_when_the_scheme_switches(app_window, qapp):
    from faceorganizer.gui.settings.theme import apply_scheme

    def inks() -> list[set[str]]:
        nav = app_window.nav
        return [_ink(nav.item(r).icon()) for r in range(nav.count())] + [
            _ink(app_window.shortcut_actions[name].icon()) for name in ("add_folder", "undo", "settings")
        ]

    try:
        apply_scheme(qapp, Qt.ColorScheme.Light)
        light = inks()
        apply_scheme(qapp, Qt.ColorScheme.Dark)
        dark = inks()
        text = qapp.palette().color(QPalette.ColorRole.WindowText).name()
        assert all(ink == {text} for ink in dark) and all(ink != {text} for ink in light)
    finally:
        apply_scheme(qapp, Qt.ColorScheme.Light)
    assert inks() == light


def test_without_qtawesome_the_icons_fall_back_to_the_desktop_or_qt(qapp, monkeypatch):
    from faceorganizer.gui.settings import theme

    monkeypatch.setattr(theme, "awesome", lambda: None)
    assert all(not theme.icon(name).isNull() for name in theme.ICONS)


def test_qtawesome_without_its_fonts_falls_back_once_for_good(qapp, monkeypatch):
    """A frozen app built without qtawesome's font files: qtawesome imports but cannot draw."""
    from types import SimpleNamespace

    from faceorganizer.gui.settings import theme

    tries: list[str] = []

    def no_fonts(name: str, **_options):
        tries.append(name)
        raise FileNotFoundError("fonts/materialdesignicons6-webfont-6.9.96.ttf")

    monkeypatch.setattr(theme, "awesome", lambda: SimpleNamespace(icon=no_fonts))
    monkeypatch.setattr(theme, "_AWESOME_FAILED", [])
    assert all(not theme.icon(name).isNull() for name in theme.ICONS)
    assert len(tries) == 1  # not tried again for every icon
