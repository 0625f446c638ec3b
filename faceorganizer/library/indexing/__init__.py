"""Indexing: walking folders against the catalog, running the face pipeline on what changed, watching folders."""

from __future__ import annotations

from .indexer import DETECTORS, Indexer, IndexOptions
from .jobs import BackgroundScan, scan
from .progress import FileError, Progress, ProgressCallback, ScanSummary
from .scanner import scan_folders, scan_paths
from .watcher import FolderWatcher

__all__ = [
    "BackgroundScan",
    "DETECTORS",
    "FileError",
    "FolderWatcher",
    "IndexOptions",
    "Indexer",
    "Progress",
    "ProgressCallback",
    "ScanSummary",
    "scan",
    "scan_folders",
    "scan_paths",
]
