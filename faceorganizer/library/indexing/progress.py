"""What scanning and indexing report: per-file errors, progress events and the scan summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FileError:
    """A file or folder that could not be scanned or indexed, and why (a message for the user)."""

    path: str
    error: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "error": self.error}


@dataclass(frozen=True)
class Progress:
    """One progress event. ``phase``: ``"scanning"`` (walking folders: ``done`` files found so far,
    ``total`` 0) or ``"indexing"`` (``done`` of ``total`` photos finished, ``path`` the last one).
    ``faces`` and ``errors`` count what this scan found so far."""

    phase: str
    done: int
    total: int
    path: str | None
    faces: int
    errors: int

    @property
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None


ProgressCallback = Callable[[Progress], Any]


@dataclass
class ScanSummary:
    """The outcome of ``faceorganizer scan``.

    ``seen``: image files found under the scanned folders; ``indexed``: photos the networks ran on;
    ``unchanged``: photos that needed no model work (same size and mtime, or same bytes: touched,
    moved or renamed); ``faces``: faces found in the photos indexed by this scan; ``errors``: files
    and folders that failed, with the reason. ``moved`` and ``missing`` (files gone since the last
    scan; their faces are kept) are informational and not part of the JSON shape.
    """

    seen: int = 0
    indexed: int = 0
    unchanged: int = 0
    faces: int = 0
    moved: int = 0
    missing: int = 0
    cancelled: bool = False
    errors: list[FileError] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "seen": self.seen,
            "indexed": self.indexed,
            "unchanged": self.unchanged,
            "faces": self.faces,
            "errors": [e.to_json() for e in self.errors],
        }
