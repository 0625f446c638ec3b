"""The About dialog: the app's version, and the provenance and licenses of the bundled models and font."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QMessageBox, QWidget

from .. import __version__
from ..nets.session import models_dir

FONT_NOTE = "Text is drawn with DejaVu Sans 2.37 (Bitstream Vera / DejaVu license), bundled."
LIBRARIES = "PySide6 (Qt, LGPLv3), onnxruntime (MIT), numpy, Pillow, faiss-cpu (MIT), sqlite-utils, watchdog"


def model_provenance() -> list[str]:
    """The provenance and license lines of the bundled MODELS.md (written by the converter)."""
    try:
        text = (models_dir() / "MODELS.md").read_text(encoding="utf-8")
    except OSError:
        return ["models/MODELS.md is missing from this installation"]
    return [line for line in text.splitlines() if line.startswith(("Built by", "License:"))]


def about_text() -> str:
    """Rich text for the dialog: version, the bundled models with their source and license, the font."""
    models = ", ".join(sorted(p.name for p in models_dir().glob("*.onnx")))
    provenance = "<br>".join(html.escape(line.replace("`", "")) for line in model_provenance())
    parts = [
        f"<h3>faceorganizer {html.escape(__version__)}</h3>",
        "<p>Find, recognize and organize the faces in your photos.</p>",
        f"<p><b>Models</b>: {html.escape(models)}<br>{provenance}</p>",
        f"<p>{html.escape(FONT_NOTE)}</p>",
        f"<p><b>Built on</b>: {html.escape(LIBRARIES)}.</p>",
    ]
    return "".join(parts)


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, "About faceorganizer", about_text())
