"""The desktop app (PySide6): a thin layer over faceorganizer.library, talking to it through services + signals."""
