"""How the app looks: Qt's Fusion style with a light or a dark palette that follows the system's colour scheme
(Qt's colour-scheme hint, switched live when the system switches; a user may force one), and the icons of the
sidebar and the menus: the desktop's icon theme where it has one (freedesktop names), else the Qt style's
standard icons, which ship with Qt (no image files of ours, so no licence of ours to carry)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyle

#: Icon -> (freedesktop icon name, the Qt style's standard icon when the desktop has no icon theme).
ICONS: dict[str, tuple[str, QStyle.StandardPixmap]] = {
    "people": ("system-users", QStyle.StandardPixmap.SP_DirHomeIcon),
    "photos": ("folder-pictures", QStyle.StandardPixmap.SP_DirIcon),
    "unnamed": ("dialog-question", QStyle.StandardPixmap.SP_MessageBoxQuestion),
    "find": ("edit-find", QStyle.StandardPixmap.SP_FileDialogContentsView),
    "review": ("dialog-ok-apply", QStyle.StandardPixmap.SP_DialogApplyButton),
    "add_folder": ("folder-new", QStyle.StandardPixmap.SP_FileDialogNewFolder),
    "open_library": ("document-open", QStyle.StandardPixmap.SP_DialogOpenButton),
    "import_xmp": ("document-import", QStyle.StandardPixmap.SP_ArrowDown),
    "export_xmp": ("document-export", QStyle.StandardPixmap.SP_ArrowUp),
    "rescan": ("view-refresh", QStyle.StandardPixmap.SP_BrowserReload),
    "undo": ("edit-undo", QStyle.StandardPixmap.SP_ArrowBack),
    "redo": ("edit-redo", QStyle.StandardPixmap.SP_ArrowForward),
    "quit": ("application-exit", QStyle.StandardPixmap.SP_DialogCloseButton),
    "settings": ("preferences-system", QStyle.StandardPixmap.SP_FileDialogDetailedView),
    "help": ("help-about", QStyle.StandardPixmap.SP_DialogHelpButton),
}


def icon(name: str) -> QIcon:
    """The icon called ``name`` in :data:`ICONS` (an empty icon for an unknown name)."""
    if name not in ICONS:
        return QIcon()
    theme_name, standard = ICONS[name]
    app = QApplication.instance()
    fallback = app.style().standardIcon(standard) if isinstance(app, QApplication) else QIcon()
    return QIcon.fromTheme(theme_name, fallback)


def dark_palette() -> QPalette:
    """Fusion's colours for a dark scheme: dark grey surfaces, light text, a blue highlight, dimmed disabled."""
    p = QPalette()
    window, base, text, mid = QColor("#2b2d30"), QColor("#1f2023"), QColor("#e6e6e6"), QColor("#3c3f41")
    for role, colour in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
                         (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, mid),
                         (QPalette.ColorRole.ToolTipBase, mid), (QPalette.ColorRole.ToolTipText, text),
                         (QPalette.ColorRole.PlaceholderText, QColor("#9a9a9a")), (QPalette.ColorRole.Text, text),
                         (QPalette.ColorRole.Button, mid), (QPalette.ColorRole.ButtonText, text),
                         (QPalette.ColorRole.BrightText, QColor("#ff6b6b")),
                         (QPalette.ColorRole.Link, QColor("#6cb4ff")),
                         (QPalette.ColorRole.Highlight, QColor("#2f6fbe")),
                         (QPalette.ColorRole.HighlightedText, QColor("#ffffff"))):  # fmt: skip
        p.setColor(role, colour)
    disabled = QColor("#7f7f7f")
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def apply_scheme(app: QApplication, scheme: Qt.ColorScheme | None = None) -> Qt.ColorScheme:
    """Give the app Fusion's palette for ``scheme`` (None: the system's, light when it says nothing)."""
    if scheme is None or scheme == Qt.ColorScheme.Unknown:
        scheme = QGuiApplication.styleHints().colorScheme()
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    dark = scheme == Qt.ColorScheme.Dark
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    return Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light


def follow_scheme(app: QApplication, forced: Qt.ColorScheme | None = None) -> None:
    """Apply the system's scheme (or ``forced``) now and, unless forced, again whenever the system switches."""
    apply_scheme(app, forced)
    if forced is None:
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda scheme: apply_scheme(app, scheme))
