"""Issue 14.4: the user-visible strings go through Qt's translation machinery. The committed .ts file lists
every message in faceorganizer/gui (regenerate it as resources/translations/README.md says), and a compiled
translation installed on the app changes the window's texts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from faceorganizer.library.catalog import Catalog
from faceorganizer.library.people import People

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "faceorganizer.ts"
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    """The path of the PySide6 tool ``name`` (next to this Python, else on PATH); the test skips without it."""
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (PySide6's translation tools)")
    return str(found)


def _messages(ts: Path) -> set[tuple[str, str]]:
    """The (context, source text) pairs in the .ts file ``ts``."""
    return {
        (context.findtext("name", ""), message.findtext("source", ""))
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
        if message.find("translation") is None or message.find("translation").get("type") != "vanished"
    }


def test_the_committed_ts_file_is_current(tmp_path):
    lupdate = _tool("pyside6-lupdate")
    sources = sorted(str(p) for p in (ROOT / "faceorganizer" / "gui").rglob("*.py"))
    fresh = tmp_path / "faceorganizer.ts"
    subprocess.run([lupdate, "-silent", "-source-language", "en", *sources, "-ts", str(fresh)], check=True)
    committed = _messages(TS)
    assert committed, "the .ts file lists no messages"
    assert _messages(fresh) == committed, "regenerate resources/translations/faceorganizer.ts (see its README)"


#: (context, source, pseudo-translation): texts the window shows with the library below.
PSEUDO = [
    ("MainWindow", "Review", "Revue"),
    ("MainWindow", "&File", "&Fichier"),
    ("MainWindow", "&Rescan folders", "&Réexaminer les dossiers"),
    ("MainWindow", "Add folder…", "Ajouter un dossier…"),
    ("ReviewView", "Is this {name}?", "Est-ce {name} ?"),
]


def _pseudo_ts(path: Path) -> None:
    root = ET.Element("TS", version="2.1", language="fr", sourcelanguage="en")
    for context, source, translation in PSEUDO:
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        message = ET.SubElement(ctx, "message")
        ET.SubElement(message, "source").text = source
        ET.SubElement(message, "translation").text = translation
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


@pytest.fixture
def french(qapp, tmp_path):
    """A pseudo-French translation of ``PSEUDO`` compiled and installed on the app (removed after)."""
    lrelease = _tool("pyside6-lrelease")
    ts, qm = tmp_path / "faceorganizer_fr.ts", tmp_path / "faceorganizer_fr.qm"
    _pseudo_ts(ts)
    subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


@pytest.fixture
def named_library(tmp_path, add_faces):
    """Ann (named, 4 faces) with children's faces suggested as her: Review asks "Is this Ann?"."""
    path = tmp_path / "library.sqlite"
    with Catalog.open(path) as cat:
        cat.add_root(tmp_path)
        ids = add_faces(cat, tmp_path, [0] * 4 + [1] * 4)
        people = People(cat)
        people.recluster()
        people.rename(cat.face(ids[0]).person_id, "Ann")
        add_faces(cat, tmp_path, [0, 0, 0], start=20, age=5.0)
        people.update()
    return path


def test_an_installed_translation_shows_in_the_window(french, qtbot, named_library):
    from faceorganizer.gui.app import build_window

    win = build_window(named_library)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    with qtbot.waitSignal(win.people_model.loaded, timeout=20_000):
        win.show()
    try:
        assert [win.nav.item(row).text() for row in range(win.nav.count())][-1] == "Revue"
        assert "&Fichier" in [a.text() for a in win.menuBar().actions()]
        assert win.shortcut_actions["rescan"].text() == "&Réexaminer les dossiers"
        assert win.add_button.text() == "Ajouter un dossier…"
        assert win.shortcut_actions["quit"].text() == "&Quit"  # not translated: the source text
        win.shortcut_actions["review"].trigger()
        view = win.review_view
        qtbot.waitUntil(lambda: view.current is not None, timeout=10_000)
        assert view.title.text() == "Est-ce Ann ?"
    finally:
        win.close()


def test_without_a_translation_the_texts_are_the_source_texts(qtbot, named_library):
    from faceorganizer.gui.app import build_window

    win = build_window(named_library)
    qtbot.addWidget(win)
    try:
        assert win.nav.item(win.nav.count() - 1).text() == "Review"
        assert "&File" in [a.text() for a in win.menuBar().actions()]
    finally:
        win.close()


def test_install_translator_loads_the_system_locale_file_only_when_present(qapp, tmp_path):
    from faceorganizer.gui.app import install_translator

    assert install_translator(qapp, tmp_path / "absent") is None
    assert install_translator(qapp, tmp_path) is None  # no .qm for the locale
    assert isinstance(QApplication.instance(), QApplication)
