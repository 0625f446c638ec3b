"""`python -m faceorganizer.cli` = the `faceorganizer` command."""

from . import main

raise SystemExit(main())
