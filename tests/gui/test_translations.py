"""Issue 14.4: the user-visible strings go through Qt's translation machinery. The committed .ts file lists
every message in faceorganizer/gui (regenerate it as resources/translations/README.md says), and a compiled
translation installed on the app changes the window's texts, plural forms included. Texts with a count take Qt's
plural forms ("%n photo(s)"): the committed English plural forms (faceorganizer_en.ts, compiled to the .qm the
package ships) are complete and current, and no user-visible text is left outside tr / translate."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication

from faceorganizer.library.catalog import Catalog
from faceorganizer.library.people import People

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
TS = TRANSLATIONS / "faceorganizer.ts"
EN_TS = TRANSLATIONS / "faceorganizer_en.ts"
GUI = ROOT / "faceorganizer" / "gui"
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


def _numerus(ts: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) -> plural forms of each numerus message in ``ts``."""
    return {
        (context.findtext("name", ""), message.findtext("source", "")): [
            form.text or "" for form in message.iter("numerusform")
        ]
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
        if message.get("numerus") == "yes"
    }


def test_the_committed_ts_file_is_current(tmp_path):
    lupdate = _tool("pyside6-lupdate")
    sources = sorted(str(p) for p in GUI.rglob("*.py"))
    fresh = tmp_path / "faceorganizer.ts"
    subprocess.run([lupdate, "-silent", "-source-language", "en", *sources, "-ts", str(fresh)], check=True)
    committed = _messages(TS)
    assert committed, "the .ts file lists no messages"
    assert _messages(fresh) == committed, "regenerate resources/translations/faceorganizer.ts (see its README)"
    assert "" not in {context for context, _ in committed}, "a tr() outside a class: use i18n.Texts"


def test_the_english_plural_forms_are_complete_and_current(tmp_path):
    """Every text with a count has its two English forms, and the .qm the package ships is compiled from them."""
    lupdate, lrelease = _tool("pyside6-lupdate"), _tool("pyside6-lrelease")
    assert set(_numerus(TS)) == set(_numerus(EN_TS)), "bring faceorganizer_en.ts up to date (see its README)"
    for (context, source), forms in _numerus(EN_TS).items():
        assert len(forms) == 2 and all(forms), f"{context}: {source!r} needs its singular and plural forms"
        if "(s)" in source:
            assert "(s)" not in "".join(forms), (context, source, forms)
    unfinished = [m.findtext("source") for m in ET.parse(EN_TS).getroot().iter("message")
                  if (t := m.find("translation")) is not None and t.get("type") == "unfinished"]  # fmt: skip
    assert not unfinished, f"mark these finished in faceorganizer_en.ts: {unfinished}"
    sources = sorted(str(p) for p in GUI.rglob("*.py"))
    fresh = tmp_path / "faceorganizer_en.ts"
    shutil.copy(EN_TS, fresh)
    subprocess.run([lupdate, "-silent", "-no-obsolete", "-pluralonly", "-source-language", "en", "-target-language",
                    "en", *sources, "-ts", str(fresh)], check=True)  # fmt: skip
    assert _numerus(fresh) == _numerus(EN_TS)
    for ts in sorted(TRANSLATIONS.glob("faceorganizer_*.ts")):
        qm = fresh.with_name(ts.stem + ".qm")
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
        shipped = ts.with_suffix(".qm")
        assert shipped.is_file() and shipped.read_bytes() == qm.read_bytes(), f"run pyside6-lrelease {ts.name}"


def test_counts_read_in_english_plurals_without_a_translation(qapp):
    """The English plural forms are installed (as the app does: tests/gui/conftest.py), no other translation."""
    from faceorganizer.gui.scan_status import time_left

    counts = [QCoreApplication.translate("ScanStatus", "%n photo(s)", None, n) for n in (0, 1, 2)]
    assert counts == ["0 photos", "1 photo", "2 photos"]
    assert time_left(120) == "about 2 min left"


def test_the_package_ships_the_compiled_translations():
    """pyproject.toml installs resources/translations as faceorganizer.translations with its .qm files."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+ (3.10 has no TOML reader built in)")
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setup["package-dir"]["faceorganizer.translations"] == "resources/translations"
    assert "faceorganizer.translations" in setup["packages"]
    assert "*.qm" in setup["package-data"]["faceorganizer.translations"]
    assert (TRANSLATIONS / "__init__.py").is_file() and (TRANSLATIONS / "faceorganizer_en.qm").is_file()


def test_texts_objects_are_named_as_their_context():
    """lupdate files ``Name.tr(...)`` under the context ``Name``; the app translates in ``Texts("Name")``."""
    for path in GUI.rglob("*.py"):
        for variable, context in re.findall(r'^(\w+) = Texts\("(\w+)"\)', path.read_text(), re.M):
            assert variable == context, (path.name, variable, context)


#: Calls whose string arguments the user sees (a widget's text, a message box, a status message, ...).
UI_CALLS = {"setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis", "setPlaceholderText",
            "setLabelText", "setInformativeText", "setDetailedText", "showMessage", "addButton", "addAction",
            "addMenu", "setHeaderLabels", "addItem", "addItems", "addTab", "setTabText", "setTitle", "setSuffix",
            "setPrefix", "setSpecialValueText", "addRow", "setItemText", "drawText", "getExistingDirectory",
            "getOpenFileName", "getSaveFileName", "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox",
            "QAction", "QListWidgetItem", "QTreeWidgetItem", "QMessageBox", "QMenu", "QToolButton", "QLineEdit",
            "warning", "question", "information", "critical", "about"}  # fmt: skip
UI_KEYWORDS = {"placeholderText", "text", "toolTip", "windowTitle", "title"}


def _words(node: ast.AST) -> bool:
    """Whether ``node`` is (or builds) a string literal a person would read: words, not a key like "month"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{2}", node.value)) and (" " in node.value or node.value[:1].isupper())
    if isinstance(node, ast.JoinedStr):
        return any(_words(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_words(e) for e in node.elts)
    if isinstance(node, ast.BinOp):
        return _words(node.left) or _words(node.right)
    if isinstance(node, ast.IfExp):
        return _words(node.body) or _words(node.orelse)
    return False


def test_no_user_visible_literal_is_left_outside_tr():
    """A text passed straight to a widget, a message box or the status bar goes through tr / translate. (Texts
    built first and passed as a variable, or returned by a model's data(), are not seen here: lupdate lists
    what is marked, this catches what was forgotten where it is most often forgotten.)"""
    found = []
    for path in sorted(GUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in {"warning", "question", "information", "critical", "about"} and not (
                isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "QMessageBox"
            ):
                continue  # log.warning(...) and the like
            args = list(node.args) if name in UI_CALLS else []
            args += [k.value for k in node.keywords if k.arg in UI_KEYWORDS]
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(a)}" for a in args if _words(a)]
    assert not found, "put these through self.tr / QCoreApplication.translate / Texts:\n" + "\n".join(found)


#: (context, source, pseudo-translation: a text, or French's two plural forms): texts the window shows with the
#: library below.
PSEUDO: list[tuple[str, str, str | tuple[str, str]]] = [
    ("MainWindow", "Review", "Revue"),
    ("MainWindow", "&File", "&Fichier"),
    ("MainWindow", "&Rescan folders", "&Réexaminer les dossiers"),
    ("MainWindow", "Add folder…", "Ajouter un dossier…"),
    ("ReviewView", "Is this {name}?", "Est-ce {name} ?"),
    ("PeopleModel", "%n face(s)", ("%n visage", "%n visages")),
    ("ReviewView", "{at} of {count}", "{at} sur {count}"),
]


def _pseudo_ts(path: Path) -> None:
    root = ET.Element("TS", version="2.1", language="fr", sourcelanguage="en")
    for context, source, translation in PSEUDO:
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        message = ET.SubElement(ctx, "message")
        ET.SubElement(message, "source").text = source
        text = ET.SubElement(message, "translation")
        if isinstance(translation, tuple):
            message.set("numerus", "yes")
            for form in translation:
                ET.SubElement(text, "numerusform").text = form
        else:
            text.text = translation
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
        cells = [win.people_model.index(r).data() for r in range(win.people_model.rowCount())]
        assert cells and all(re.search(r"\n\d+ visages?$", c) for c in cells), cells  # French plural forms
        assert "Ann\n7 visages" in cells  # 4 faces and 3 suggested
        assert QCoreApplication.translate("PeopleModel", "%n face(s)", None, 1) == "1 visage"  # French's singular
        qtbot.waitUntil(lambda: bool(win.scan_status.totals), timeout=10_000)  # read off the UI thread
        assert re.search(r"^\d+ photos?, \d+ faces?$", win.scan_status.totals)  # untranslated: English plurals
        win.shortcut_actions["review"].trigger()
        view = win.review_view
        qtbot.waitUntil(lambda: view.current is not None, timeout=10_000)
        assert view.title.text() == "Est-ce Ann ?"
        assert re.match(r"1 sur \d+", view.progress.text())
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
