"""The app's compiled translations (faceorganizer_XX.qm, made from the .ts files here: README.md), installed as
``faceorganizer.translations`` and loaded by ``faceorganizer.gui.i18n.install_translator``."""
