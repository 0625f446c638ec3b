"""`python -m faceorganizer.convert WEIGHTS_DIR` rebuilds models/ from face-api.js weights."""

from .build import main

raise SystemExit(main())
