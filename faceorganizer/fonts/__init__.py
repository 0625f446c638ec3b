"""Fonts shipped with faceorganizer (DejaVu Sans, see LICENSE-DejaVu.txt) so drawn text looks the same everywhere."""
