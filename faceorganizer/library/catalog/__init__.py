"""The catalog: one SQLite file per library (schema and migrations, transactions, typed rows) and where it lives."""

from __future__ import annotations

from .backups import backup, backup_dir, backup_if_due, list_backups, restore
from .faces import StoredFaces, json_list
from .locks import LibraryBusyError, LibraryLock
from .names import clean_name
from .paths import LIBRARY_ENV, data_dir, default_library_path, is_inside, resolve_library_path
from .records import Face, FaceData, LibraryStats, Person, Photo, PhotoInfo, Root, decode_path, display_path
from .sql import CatalogError, PhotoNotFoundError, SqlConnection, StorageError, WalLostError
from .store import Catalog, LibraryNotFoundError, LibraryVersionError

__all__ = [
    "Catalog",
    "CatalogError",
    "Face",
    "FaceData",
    "LIBRARY_ENV",
    "LibraryBusyError",
    "LibraryLock",
    "LibraryNotFoundError",
    "LibraryStats",
    "LibraryVersionError",
    "Person",
    "Photo",
    "PhotoInfo",
    "PhotoNotFoundError",
    "Root",
    "SqlConnection",
    "StorageError",
    "StoredFaces",
    "WalLostError",
    "backup",
    "backup_dir",
    "backup_if_due",
    "clean_name",
    "decode_path",
    "data_dir",
    "default_library_path",
    "display_path",
    "is_inside",
    "json_list",
    "list_backups",
    "resolve_library_path",
    "restore",
]
