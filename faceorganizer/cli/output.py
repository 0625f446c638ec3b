"""How every subcommand reports: one JSON document on stdout, or a failure on stderr with exit status 1."""

from __future__ import annotations

import json
import sys


def print_json(document: object) -> None:
    """Print ``document`` as one JSON document on its own line (the shape scripts rely on)."""
    json.dump(document, sys.stdout)
    sys.stdout.write("\n")


def fail(command: str, message: object) -> int:
    """Report that ``command`` could not run; exit status 1."""
    print(f"faceorganizer {command}: {message}", file=sys.stderr)
    return 1
