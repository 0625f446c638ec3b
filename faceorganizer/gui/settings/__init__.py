"""The app's settings: declared once and stored with QSettings (with the window's geometry), and their dialog."""

from __future__ import annotations

from .dialog import SettingsDialog
from .store import Settings, restore_window, save_window, settings_store

__all__ = ["Settings", "SettingsDialog", "restore_window", "save_window", "settings_store"]
