"""How the app looks: Qt's Fusion style with a light or a dark palette that follows the system's colour scheme
(Qt's colour-scheme hint, switched live when the system switches; a user may force one), and the icons of the
sidebar and the menus: Material Design Icons from the qtawesome package (a maintained icon font, Apache 2.0),
drawn in the palette's text colours so they suit light and dark alike (made again when the scheme switches:
:func:`set_icons`, called by :func:`apply_scheme`); without qtawesome, the desktop's icon theme (freedesktop
names), else the Qt style's standard icons."""

from __future__ import annotations

import functools
import logging
from types import ModuleType
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QListWidget, QListWidgetItem, QStyle

log = logging.getLogger("faceorganizer.gui.theme")


class IconSpec(NamedTuple):
    """Where an icon comes from: qtawesome's name (``mdi6.`` is Material Design Icons 6), else the freedesktop
    icon theme's name, else the Qt style's standard icon."""

    awesome: str
    theme: str
    standard: QStyle.StandardPixmap


ICONS: dict[str, IconSpec] = {
    "people": IconSpec("mdi6.account-group", "system-users", QStyle.StandardPixmap.SP_DirHomeIcon),
    "photos": IconSpec("mdi6.image-multiple", "folder-pictures", QStyle.StandardPixmap.SP_DirIcon),
    "unnamed": IconSpec("mdi6.account-question", "dialog-question", QStyle.StandardPixmap.SP_MessageBoxQuestion),
    "find": IconSpec("mdi6.image-search", "edit-find", QStyle.StandardPixmap.SP_FileDialogContentsView),
    "review": IconSpec("mdi6.account-check", "dialog-ok-apply", QStyle.StandardPixmap.SP_DialogApplyButton),
    "add_folder": IconSpec("mdi6.folder-plus", "folder-new", QStyle.StandardPixmap.SP_FileDialogNewFolder),
    "open_library": IconSpec("mdi6.folder-open", "document-open", QStyle.StandardPixmap.SP_DialogOpenButton),
    "import_xmp": IconSpec("mdi6.file-import", "document-import", QStyle.StandardPixmap.SP_ArrowDown),
    "export_xmp": IconSpec("mdi6.file-export", "document-export", QStyle.StandardPixmap.SP_ArrowUp),
    "rescan": IconSpec("mdi6.refresh", "view-refresh", QStyle.StandardPixmap.SP_BrowserReload),
    "undo": IconSpec("mdi6.undo", "edit-undo", QStyle.StandardPixmap.SP_ArrowBack),
    "redo": IconSpec("mdi6.redo", "edit-redo", QStyle.StandardPixmap.SP_ArrowForward),
    "quit": IconSpec("mdi6.exit-to-app", "application-exit", QStyle.StandardPixmap.SP_DialogCloseButton),
    "settings": IconSpec("mdi6.cog", "preferences-system", QStyle.StandardPixmap.SP_FileDialogDetailedView),
    "camera": IconSpec("mdi6.webcam", "camera-web", QStyle.StandardPixmap.SP_ComputerIcon),
    "open_video": IconSpec("mdi6.file-video", "video-x-generic", QStyle.StandardPixmap.SP_MediaPlay),
    "snapshot": IconSpec("mdi6.camera-iris", "camera-photo", QStyle.StandardPixmap.SP_DialogSaveButton),
    "help": IconSpec("mdi6.information-outline", "help-about", QStyle.StandardPixmap.SP_DialogHelpButton),
}
#: The dynamic property (on a QAction) naming its icon in ICONS, so that :func:`set_icons` can make it again.
ICON_PROPERTY = "faceorganizer_icon"
#: The item data role naming a list item's icon in ICONS, likewise.
ICON_ROLE = Qt.ItemDataRole.UserRole + 90


#: Set when qtawesome failed to draw once: it is not tried (nor its failure logged) for every icon again.
_AWESOME_FAILED: list[BaseException] = []


@functools.cache
def awesome() -> ModuleType | None:
    """The qtawesome module, or None when it cannot be imported or cannot draw (then :func:`icon` falls back)."""
    try:
        import qtawesome  # optional at run time: the app works without it

        return qtawesome
    except Exception as exc:  # ImportError, or qtpy finding no usable Qt binding
        log.info("no qtawesome (%s): the desktop's icon theme or Qt's standard icons instead", exc)
        return None


def icon(name: str, palette: QPalette | None = None) -> QIcon:
    """The icon called ``name`` in :data:`ICONS` (an empty icon for an unknown name), in ``palette``'s colours
    (default: the app's): its text colour, the disabled text colour when disabled, the highlighted text colour
    on a selected row."""
    spec = ICONS.get(name)
    if spec is None:
        return QIcon()
    app = QApplication.instance()
    qta = None if _AWESOME_FAILED else awesome()
    if qta is not None and isinstance(app, QApplication):
        p = palette or app.palette()
        text = p.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
        try:
            made = qta.icon(
                spec.awesome,
                color=text,
                color_active=text,
                color_disabled=p.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText),
                color_selected=p.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText),
            )
            if isinstance(made, QIcon) and not made.isNull():
                return made
        except Exception as exc:  # its fonts missing (a frozen app without them) or a name it does not know
            log.warning("qtawesome cannot draw %s (%s): the fallback icons from now on", spec.awesome, exc)
            _AWESOME_FAILED.append(exc)
    fallback = app.style().standardIcon(spec.standard) if isinstance(app, QApplication) else QIcon()
    return QIcon.fromTheme(spec.theme, fallback)


def set_icon(target: QAction | QListWidgetItem, name: str) -> None:
    """Give an action or a list item the icon ``name`` and remember it, for :func:`set_icons` to make again."""
    if isinstance(target, QAction):
        target.setProperty(ICON_PROPERTY, name)
    else:
        target.setData(ICON_ROLE, name)
    target.setIcon(icon(name))


def set_icons(app: QApplication) -> None:
    """Make again, in the current palette's colours, every icon :func:`set_icon` gave to an action or a list
    item of the app's windows (the colours of an icon are fixed when it is made): after the scheme switched."""
    for window in app.topLevelWidgets():
        for action in window.findChildren(QAction):
            name = action.property(ICON_PROPERTY)
            if isinstance(name, str):
                action.setIcon(icon(name))
        for widget in [window, *window.findChildren(QListWidget)]:
            if isinstance(widget, QListWidget):
                for item in map(widget.item, range(widget.count())):
                    name = item.data(ICON_ROLE)
                    if isinstance(name, str):
                        item.setIcon(icon(name))


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
    set_icons(app)
    return Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light


def follow_scheme(app: QApplication, forced: Qt.ColorScheme | None = None) -> None:
    """Apply the system's scheme (or ``forced``) now and, unless forced, again whenever the system switches."""
    apply_scheme(app, forced)
    if forced is None:
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda scheme: apply_scheme(app, scheme))
