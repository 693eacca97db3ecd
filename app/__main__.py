"""`python -m app`: the same command line as the `acerto` console script."""

import sys

from app.cli import main

sys.exit(main())
