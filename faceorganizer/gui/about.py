"""The About dialog: a short help saying what to do (add a folder, name people, review, undo, draw a missed face),
the app's version and its licence; no file lists or developer commands (issue 14: users read this box)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QMessageBox, QWidget

from .. import __version__

#: What a user does, in the order they meet it; the keys are those of the menus (gui/actions.py).
HELP_STEPS = (
    "Click <b>Add folder…</b> (Ctrl+O) and pick a folder of photos: faces are found in the background.",
    "Name a person: select them in People and press <b>F2</b> or <b>Enter</b>, type the name.",
    "Answer the app's questions about faces it is unsure of: <b>Review</b> (Ctrl+R).",
    "Made a mistake? <b>Ctrl+Z</b> undoes it (Ctrl+Shift+Z redoes).",
    "A face was missed? Open the photo and <b>Shift-drag</b> a box around it.",
    "New photos in your folders: File &gt; Rescan folders (F5).",
)
LICENCE = "Free software under the MIT licence. Bundled: DejaVu Sans font; built on Qt (PySide6, LGPLv3)."


def about_text() -> str:
    """Rich text for the dialog: the version, how to use the app in a few steps, and the licence line."""
    steps = "".join(f"<li>{step}</li>" for step in HELP_STEPS)
    return (
        f"<h3>faceorganizer {html.escape(__version__)}</h3>"
        "<p>Find, recognize and organize the faces in your photos.</p>"
        f"<ol>{steps}</ol>"
        f"<p><small>{html.escape(LICENCE)}</small></p>"
    )


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, "About faceorganizer", about_text())
