"""`python -m app`: the same as the `hotline-desk` command."""

import sys

from app.cli import main

sys.exit(main())
