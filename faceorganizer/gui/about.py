"""The About dialog: a short help saying what to do (add a folder, name people, review, undo, draw a missed face),
the app's version and its licence; no file lists or developer commands (issue 14: users read this box)."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from .. import __version__
from .i18n import QT_TRANSLATE_NOOP

#: What a user does, in the order they meet it; the keys are those of the menus (gui/actions.py).
HELP_STEPS = (
    QT_TRANSLATE_NOOP(
        "About", "Click <b>Add folder…</b> (Ctrl+O) and pick a folder of photos: faces are found in the background."
    ),
    QT_TRANSLATE_NOOP(
        "About", "Name a person: select them in People and press <b>F2</b> or <b>Enter</b>, type the name."
    ),
    QT_TRANSLATE_NOOP("About", "Answer the app's questions about faces it is unsure of: <b>Review</b> (Ctrl+R)."),
    QT_TRANSLATE_NOOP("About", "Made a mistake? <b>Ctrl+Z</b> undoes it (Ctrl+Shift+Z redoes)."),
    QT_TRANSLATE_NOOP("About", "A face was missed? Open the photo and <b>Shift-drag</b> a box around it."),
    QT_TRANSLATE_NOOP("About", "New photos in your folders: File &gt; Rescan folders (F5)."),
)
LICENCE = QT_TRANSLATE_NOOP(
    "About", "Free software under the MIT licence. Bundled: DejaVu Sans font; built on Qt (PySide6, LGPLv3)."
)


def _tr(text: str) -> str:
    """``text`` (marked with QT_TRANSLATE_NOOP above) in the user's language."""
    return QCoreApplication.translate("About", text)


def about_text() -> str:
    """Rich text for the dialog: the version, how to use the app in a few steps, and the licence line."""
    tagline = QCoreApplication.translate("About", "Find, recognize and organize the faces in your photos.")
    steps = "".join(f"<li>{_tr(step)}</li>" for step in HELP_STEPS)
    return (
        f"<h3>faceorganizer {html.escape(__version__)}</h3>"
        f"<p>{tagline}</p>"
        f"<ol>{steps}</ol>"
        f"<p><small>{html.escape(_tr(LICENCE))}</small></p>"
    )


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, QCoreApplication.translate("About", "About faceorganizer"), about_text())
